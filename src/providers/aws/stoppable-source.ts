/**
 * A change source whose iteration stops when the consumer stops. An async generator cannot
 * be returned while it is running: `return()` waits until the generator next yields, and a
 * source that is long-polling an empty queue (or sleeping between polls) may not yield for
 * a long time, so the process would hang on it. Here `return()` first aborts a signal the
 * generator's waits listen to, so they end at once and the generator finishes.
 */
import { linkedController } from '../../detect/abort.js';
import type { ChangeEvent, ChangeSource } from '../../watch/change-event.js';

/**
 * A {@link ChangeSource} running `loop` once per iteration, with a signal that aborts on
 * `parent` or when the consumer stops iterating (`break`, `return()`).
 * @internal
 */
export function stoppableSource(
  parent: AbortSignal | undefined,
  loop: (signal: AbortSignal) => AsyncGenerator<ChangeEvent>,
): ChangeSource {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ChangeEvent> {
      const { controller, dispose } = linkedController(parent);
      const generator = loop(controller.signal);
      const finish = async (): Promise<IteratorResult<ChangeEvent>> => {
        controller.abort(new Error('The change source was stopped'));
        dispose();
        return generator.return(undefined);
      };
      return {
        next: async () => {
          const result = await generator.next();
          if (result.done === true) dispose();
          return result;
        },
        return: finish,
      };
    },
  };
}

/**
 * Waits `ms`, or less when `signal` aborts (at once when it already has). Never rejects: a
 * loop that pauses checks its signal next.
 * @internal
 */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
