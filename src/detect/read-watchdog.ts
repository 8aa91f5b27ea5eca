/**
 * The per-call timeout of provider calls (`read`, `list`, `attribute`). A provider that never
 * settles, and ignores the abort signal, would otherwise hang the scan forever.
 *
 * The timeout counts time without a sign of life, not total time: a large batch that keeps
 * yielding results, calling the rate limiter, reporting progress or logging is working, and
 * time spent waiting in the scan's own rate limiter does not count. A call that does none of
 * these for the timeout is given up: the core stops waiting for it (its instances become
 * `unknown` with code `READ_TIMEOUT`) and the rest of the scan goes on.
 */
import type { Logger, ProviderContext } from '../providers/types.js';

/** The default per-call timeout: five minutes without a sign of life. @internal */
export const DEFAULT_READ_TIMEOUT_MS = 5 * 60_000;

/** What a watched call rejects with when its time runs out. @internal */
export class ReadTimeout extends Error {
  override readonly name = 'ReadTimeout';
}

/** A running watchdog for one provider call. @internal */
export interface Watchdog {
  /** The context to hand the provider: its rate limiter, progress and logger calls count as signs of life. */
  readonly ctx: ProviderContext;
  /** Races `promise` against the timeout: rejects with {@link ReadTimeout} when it fires first. */
  race<T>(promise: PromiseLike<T>): Promise<T>;
  /** A sign of life seen by the caller (a result arrived): the timeout starts over. */
  alive(): void;
  /** Clears the timer. */
  stop(): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Starts a watchdog of `ms` milliseconds for one call of `what` (such as `Provider aws
 * read`). The timer starts at once.
 * @internal
 */
export function startWatchdog(ctx: ProviderContext, ms: number, what: string): Watchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting = 0;
  let stopped = false;
  let expire: (error: ReadTimeout) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  // Nobody may be racing at the moment it fires.
  expired.catch(() => undefined);

  const fire = (): void => {
    stopped = true;
    expire(new ReadTimeout(`${what} showed no sign of life for ${ms} ms and was given up`));
  };
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!stopped && waiting === 0) timer = setTimeout(fire, ms);
  };

  const logger = Object.fromEntries(
    LEVELS.map((level) => [
      level,
      (message: string, data?: Record<string, unknown>) => {
        arm();
        ctx.logger[level](message, data);
      },
    ]),
  ) as unknown as Logger;

  const watched: ProviderContext = {
    signal: ctx.signal,
    logger,
    onProgress: (event) => {
      arm();
      ctx.onProgress(event);
    },
    limit: (key, perSecond) => {
      // Waiting for the scan's own rate limiter is not the provider hanging.
      waiting++;
      arm();
      const wait = ctx.limit(key, perSecond);
      const done = (): void => {
        waiting--;
        arm();
      };
      wait.then(done, done);
      return wait;
    },
  };
  arm();
  return {
    ctx: watched,
    race: (promise) => Promise.race([promise, expired]),
    alive: arm,
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
