/**
 * Retry policy: bounded attempts with full-jitter exponential backoff, never shorter than what
 * the service asked for (`retryAfterMs`).
 */
import { checkNumber, checkObject, MAX_TIMER_MS } from '../shared/check-number.js';

/** How the core retries retryable read errors. @public */
export interface RetryOptions {
  /** Attempts in total, the first included (default 4; 1 disables retries; at most 100). */
  attempts?: number;
  /** The base delay of the exponential backoff (default 250 ms; a finite number of ms ≥ 0). */
  baseDelayMs?: number;
  /** The longest wait between two attempts, `retryAfterMs` included (default 20 s). */
  maxDelayMs?: number;
}

/** The most attempts a read may be given. @internal */
const MAX_ATTEMPTS = 100;

/**
 * Throws {@link InvalidOptionError} for retry options out of range: attempts from 1 to
 * {@link MAX_ATTEMPTS}, delays from 0 to what a timer can wait. `at` is the options' pointer.
 * @internal
 */
export function checkRetry(options: unknown, at = '/retry'): void {
  checkObject(options, at);
  const retry = (options ?? {}) as Record<string, unknown>;
  checkNumber(retry.attempts, `${at}/attempts`, { integer: true, min: 1, max: MAX_ATTEMPTS });
  checkNumber(retry.baseDelayMs, `${at}/baseDelayMs`, { min: 0, max: MAX_TIMER_MS });
  checkNumber(retry.maxDelayMs, `${at}/maxDelayMs`, { min: 0, max: MAX_TIMER_MS });
}

/** Retry options with every default filled in. @internal */
export type ResolvedRetry = Required<RetryOptions>;

/** Fills in the defaults of {@link RetryOptions}. @internal */
export function resolveRetry(options: RetryOptions | undefined): ResolvedRetry {
  const attempts = Math.max(1, Math.floor(options?.attempts ?? 4));
  const baseDelayMs = Math.max(0, options?.baseDelayMs ?? 250);
  const maxDelayMs = Math.max(baseDelayMs, options?.maxDelayMs ?? 20_000);
  return { attempts, baseDelayMs, maxDelayMs };
}

/**
 * The wait before retry number `attempt` (0 for the first retry): a random delay in
 * `[d/2, d]` with `d = base * 2^attempt` (jitter spreads synchronized clients apart), raised
 * to `retryAfterMs` when the service named one, and capped at `maxDelayMs`.
 * @internal
 */
export function backoffDelay(
  attempt: number,
  retry: ResolvedRetry,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  const wanted = retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
  return Math.round(Math.min(retry.maxDelayMs, wanted));
}
