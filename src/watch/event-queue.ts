/**
 * A push queue read as an async iterator: the watch pushes events as they happen, the
 * caller pulls them with `for await`. Unread events wait in memory.
 */

/** @internal */
export class EventQueue<T> implements AsyncIterator<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private readonly failing: ((error: unknown) => void)[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;

  push(item: T): void {
    if (this.closed) return;
    const resolve = this.waiting.shift();
    this.failing.shift();
    if (resolve) resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** Ends the iteration once the queued items are read. */
  close(): void {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true });
    this.failing.length = 0;
  }

  /** Ends the iteration with an error once the queued items are read. */
  fail(error: unknown): void {
    this.failure = { error };
    this.closed = true;
    this.waiting.length = 0;
    for (const reject of this.failing.splice(0)) reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0)
      return Promise.resolve({ value: this.items.shift() as T, done: false });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the engine's own error, passed on as it is
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.failing.push(reject);
    });
  }
}
