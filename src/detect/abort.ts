/**
 * Abort helpers: every wait in the core goes through these, so an aborted scan settles at
 * once and leaves no timer or listener behind.
 */
import { setMaxListeners } from 'node:events';

/** The error an aborted wait rejects with: the signal's reason when it is an Error, else an `AbortError`. @internal */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(
    typeof reason === 'string' ? reason : 'The scan was aborted',
    'AbortError',
  );
}

/** Whether `error` is what an aborted wait rejects with. @internal */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && error === signal.reason) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      (error as { code?: unknown }).code === 'ABORT_ERR')
  );
}

/** Settles like `promise`, or rejects with the abort reason as soon as `signal` aborts. @internal */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The provider's promise may still reject later: keep that from surfacing as unhandled.
    Promise.resolve(promise).catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // Passed through as the provider threw it: the caller classifies any value.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}

/** Waits `ms` milliseconds; rejects with the abort reason (and clears the timer) on abort. @internal */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An AbortController that follows `parent`. `dispose()` detaches it, so a long-lived parent
 * signal does not collect one listener per scan.
 *
 * The child signal belongs to one scan and is handed to every read in flight: each read, each
 * queued permit and each rate-limit wait listens to it (and stops listening when it settles),
 * and so do the provider's own requests. At a concurrency above ten that is more listeners
 * than Node's leak heuristic allows, which printed a `MaxListenersExceededWarning` although
 * nothing leaked. The heuristic is meant for long-lived emitters; this one dies with the scan,
 * so its limit is lifted. The caller's `parent` still gets exactly one listener.
 * @internal
 */
export function linkedController(parent: AbortSignal | undefined): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  // Not 0 ("unlimited"): Node 20's getMaxListeners throws on a signal whose limit is 0, and
  // providers (the AWS one among them) read the limit before raising it.
  setMaxListeners(Number.MAX_SAFE_INTEGER, controller.signal);
  if (!parent) return { controller, dispose: () => undefined };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
