/**
 * Bounded concurrency without a promise per resource: a counting semaphore whose waiters
 * leave the queue when the scan is aborted, so nothing keeps the event loop alive.
 */
import { abortReason } from './abort.js';

/** A counting semaphore. @internal */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(permits: number) {
    this.available = Math.max(1, Math.floor(permits));
  }

  /** Resolves when a permit is free; rejects with the abort reason when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      this.waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Returns a permit, handing it straight to the next waiter when there is one. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available++;
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of `items`. Stops taking
 * new items once `signal` is aborted (items already started finish on their own terms).
 * @internal
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  const workers: Promise<void>[] = [];
  const count = Math.max(1, Math.min(Math.floor(limit), items.length));
  for (let i = 0; i < count; i++) workers.push(worker());
  await Promise.all(workers);
}
