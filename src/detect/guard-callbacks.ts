/**
 * The caller's callbacks (`logger` methods, `onProgress`) run inside the scan, called by the
 * core and by providers. Their bugs must not fail the scan: a callback that throws, or
 * returns a promise that rejects, is ignored, and the report carries one `callback-failed`
 * alert naming it.
 */
import type { Logger, ProgressEvent } from '../providers/types.js';
import type { Alert } from '../model/report.js';

/** Guarded versions of the caller's callbacks, and what failed. @internal */
export interface GuardedCallbacks {
  /** Never throws; a missing method is a no-op. */
  logger: Logger;
  /** Whether the caller's logger has a method for `level` (work for a message can be skipped). */
  logs(level: keyof Logger): boolean;
  /** Never throws. */
  onProgress: (event: ProgressEvent) => void;
  /** One `callback-failed` alert per callback that failed, in order of first failure. */
  alerts(): Alert[];
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Wraps the caller's `logger` and `onProgress` so that nothing they do escapes. @internal */
export function guardCallbacks(
  logger: Partial<Logger> | undefined,
  onProgress: ((event: ProgressEvent) => void) | undefined,
): GuardedCallbacks {
  const failed = new Set<string>();
  const call = (name: string, run: () => unknown): void => {
    if (failed.has(name)) return;
    try {
      const result = run();
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, () => failed.add(name));
      }
    } catch {
      failed.add(name);
    }
  };
  const guarded = Object.fromEntries(
    LEVELS.map((level) => [
      level,
      (message: string, data?: Record<string, unknown>): void => {
        // Reading the method is inside the guard too: a getter may throw.
        call(`logger.${level}`, () => {
          const method = logger?.[level];
          return typeof method === 'function' ? method.call(logger, message, data) : undefined;
        });
      },
    ]),
  ) as unknown as Logger;
  return {
    logger: guarded,
    logs: (level) => {
      if (failed.has(`logger.${level}`)) return false;
      try {
        return typeof logger?.[level] === 'function';
      } catch {
        return false;
      }
    },
    onProgress: (event) => {
      if (onProgress) call('onProgress', () => onProgress(event));
    },
    alerts: () =>
      [...failed].map((name) => ({
        code: 'callback-failed',
        message: `The caller's ${name} threw or rejected; tfdrift stopped calling it and the scan went on`,
      })),
  };
}
