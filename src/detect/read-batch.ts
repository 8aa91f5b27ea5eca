/**
 * Reading one batch: call the provider, match results to instances by address, retry the
 * retryable failures with backoff, and turn everything else into a per-instance outcome.
 * Nothing here throws: a failure of any kind becomes an `error` outcome.
 */
import { ProviderError } from '../errors.js';
import type { Provider, ProviderContext, ReadResult } from '../providers/types.js';
import type { ResourceInstance } from '../model/state.js';
import { abortReason, isAbortError, raceAbort, sleep } from './abort.js';
import type { ClassifiedError } from './classify-error.js';
import { classifyError } from './classify-error.js';
import type { ResolvedRetry } from './retry.js';
import { backoffDelay } from './retry.js';
import { ReadTimeout, startWatchdog } from './read-watchdog.js';

/** What became of one instance's read. @internal */
export type ReadOutcome =
  | {
      kind: 'found';
      attributes: Record<string, unknown>;
      read?: string[];
      details?: Record<string, unknown>;
      expected?: Record<string, unknown>;
    }
  | { kind: 'not-found' }
  | { kind: 'error'; error: ClassifiedError };

/** The outcome of a batch: one entry per instance, plus addresses the provider made up. @internal */
export interface BatchOutcome {
  outcomes: ReadOutcome[];
  /** Addresses the provider answered for that were not in the batch. */
  extraAddresses: string[];
  /** Whether a call was given up after the read timeout (it may still be running). */
  timedOut: boolean;
}

function aborted(signal: AbortSignal): ClassifiedError {
  const reason = abortReason(signal);
  const message = reason instanceof Error ? reason.message : 'The scan was aborted';
  return { code: 'ABORTED', message, retryable: true };
}

function isResult(value: unknown): value is ReadResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { address?: unknown; status?: unknown };
  return (
    typeof v.address === 'string' &&
    (v.status === 'found' || v.status === 'not-found' || v.status === 'error')
  );
}

/** What one call of `read` gave: its results by address, and how it failed, if it did. */
interface Attempt {
  results: Map<string, ReadResult>;
  /** Set when `read` threw, rejected, or its stream broke off (results before that are kept). */
  failure?: { error: unknown };
}

/**
 * Calls `read` once and collects its results by address (first answer wins), giving up after
 * `timeoutMs` without a sign of life. Never throws.
 */
async function readOnce(
  provider: Provider,
  batch: ResourceInstance[],
  ctx: ProviderContext,
  timeoutMs: number,
): Promise<Attempt> {
  const results = new Map<string, ReadResult>();
  const add = (r: unknown): void => {
    if (isResult(r) && !results.has(r.address)) results.set(r.address, r);
  };
  const watchdog = startWatchdog(ctx, timeoutMs, `Provider ${provider.name} read`);
  try {
    if (ctx.signal.aborted) throw abortReason(ctx.signal);
    const answer = provider.read(batch, watchdog.ctx);
    if (answer !== null && typeof answer === 'object' && Symbol.asyncIterator in answer) {
      const iterator = answer[Symbol.asyncIterator]();
      try {
        for (;;) {
          const step = await raceAbort(watchdog.race(iterator.next()), ctx.signal);
          if (step.done) break;
          watchdog.alive();
          add(step.value);
        }
      } catch (error) {
        // Let the generator clean up (close sockets...) without waiting for it.
        Promise.resolve(iterator.return?.()).catch(() => undefined);
        throw error;
      }
    } else {
      const list: unknown = await raceAbort(watchdog.race(answer), ctx.signal);
      if (!Array.isArray(list)) {
        throw new ProviderError(
          `Provider ${provider.name} read() returned ${typeof list}, not an array of results`,
          { provider: provider.name, kind: 'provider-bug' },
        );
      }
      for (const r of list) add(r);
    }
    return { results };
  } catch (error) {
    return { results, failure: { error } };
  } finally {
    watchdog.stop();
  }
}

/**
 * Reads `batch` through `provider`, retrying retryable failures. Results a stream yielded
 * before it broke off are kept; a thrown retryable error retries the instances left without
 * a result, and retryable error results retry only their instances.
 * @internal
 */
export async function readBatch(
  provider: Provider,
  batch: ResourceInstance[],
  ctx: ProviderContext,
  retry: ResolvedRetry,
  timeoutMs: number,
): Promise<BatchOutcome> {
  const outcomes: ReadOutcome[] = new Array<ReadOutcome>(batch.length);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < batch.length; i++) indexOf.set((batch[i] as ResourceInstance).address, i);
  const extra = new Set<string>();
  let pending: number[] = batch.map((_, i) => i);
  let timedOut = false;

  for (let attempt = 0; pending.length > 0; attempt++) {
    const canRetry = attempt + 1 < retry.attempts;
    const again: number[] = [];
    let retryAfterMs: number | undefined;
    const retryLater = (i: number, error: ClassifiedError): boolean => {
      if (!error.retryable || !canRetry || ctx.signal.aborted) return false;
      again.push(i);
      if (error.retryAfterMs !== undefined) {
        retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs);
      }
      return true;
    };

    const { results, failure } = await readOnce(
      provider,
      pending.map((i) => batch[i] as ResourceInstance),
      ctx,
      timeoutMs,
    );
    // A hung call is not retried: every attempt would wait the whole timeout again.
    const gaveUp = failure?.error instanceof ReadTimeout;
    if (gaveUp) timedOut = true;
    const failed: ClassifiedError | undefined = failure
      ? ctx.signal.aborted && isAbortError(failure.error, ctx.signal)
        ? aborted(ctx.signal)
        : gaveUp
          ? { code: 'READ_TIMEOUT', message: (failure.error as Error).message, retryable: true }
          : classifyError(failure.error)
      : undefined;

    for (const address of results.keys()) {
      if (!indexOf.has(address)) extra.add(address);
    }
    for (const i of pending) {
      const instance = batch[i] as ResourceInstance;
      const r = results.get(instance.address);
      if (!r) {
        if (failed) {
          if (gaveUp || !retryLater(i, failed)) outcomes[i] = { kind: 'error', error: failed };
        } else {
          outcomes[i] = {
            kind: 'error',
            error: {
              code: 'NO_RESULT',
              message: `Provider ${provider.name} returned no result for ${instance.address}`,
              retryable: false,
            },
          };
        }
      } else if (r.status === 'found') {
        const attributes = r.attributes as unknown;
        if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
          outcomes[i] = {
            kind: 'error',
            error: {
              code: 'PROVIDER_BUG',
              message: `Provider ${provider.name} returned a found result without an attributes object for ${instance.address}`,
              retryable: false,
            },
          };
        } else {
          const details =
            typeof r.details === 'object' && r.details !== null && !Array.isArray(r.details)
              ? r.details
              : undefined;
          const read = Array.isArray(r.read) ? r.read : undefined;
          const expected =
            typeof r.expected === 'object' && r.expected !== null && !Array.isArray(r.expected)
              ? r.expected
              : undefined;
          outcomes[i] = {
            kind: 'found',
            attributes: attributes as Record<string, unknown>,
            read,
            details,
            ...(expected ? { expected } : {}),
          };
        }
      } else if (r.status === 'not-found') {
        outcomes[i] = { kind: 'not-found' };
      } else {
        const error = classifyError(r.error);
        if (!retryLater(i, error)) outcomes[i] = { kind: 'error', error };
      }
    }

    if (again.length === 0) break;
    try {
      await sleep(backoffDelay(attempt, retry, retryAfterMs), ctx.signal);
    } catch {
      const error = aborted(ctx.signal);
      for (const i of again) outcomes[i] = { kind: 'error', error };
      break;
    }
    pending = again;
  }
  return { outcomes, extraAddresses: [...extra], timedOut };
}
