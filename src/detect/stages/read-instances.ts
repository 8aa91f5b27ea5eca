/**
 * Stage "read": the routed instances are read in batches (one type per batch, at most the
 * provider's `maxBatchSize`), the batches of all providers interleaved in one pool bounded
 * by the scan's `concurrency` and each provider's own, every call retried (retry.ts), given
 * up when it hangs (read-watchdog.ts) and rate limited through the scan's limiter. Each
 * outcome is handed on as soon as its batch is back, so live attributes never pile up.
 */
import type { Provider } from '../../providers/types.js';
import type { Alert } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import { DEFAULT_MAX_BATCH_SIZE, interleave, makeBatches } from '../batch.js';
import { runPool, Semaphore } from '../concurrency.js';
import type { ReadOutcome } from '../read-batch.js';
import { readBatch } from '../read-batch.js';
import type { ScanContext } from './scan-context.js';

/** What {@link readInstances} needs of the scan. @internal */
export type ReadContext = Pick<
  ScanContext,
  'signal' | 'emit' | 'logger' | 'contextFor' | 'timeoutFor' | 'giveUp' | 'retry' | 'concurrency'
>;

/** Receives each instance's outcome, with the provider that read it. @internal */
export type OnOutcome = (
  instance: ResourceInstance,
  provider: Provider,
  outcome: ReadOutcome,
) => void;

interface Job {
  provider: Provider;
  batch: ResourceInstance[];
  gate: Semaphore | undefined;
}

function jobsOf(
  byProvider: ReadonlyMap<Provider, readonly ResourceInstance[]>,
  concurrency: number,
): Job[] {
  const queues: Job[][] = [];
  for (const [provider, instances] of byProvider) {
    const own = provider.concurrency;
    const gate = own !== undefined && own < concurrency ? new Semaphore(own) : undefined;
    queues.push(
      makeBatches(instances, provider.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE).map((batch) => ({
        provider,
        batch,
        gate,
      })),
    );
  }
  return interleave(queues);
}

/**
 * Reads every instance of `byProvider` and calls `onOutcome` once per instance read. An
 * instance left without a call (the scan was aborted while it waited) gets no outcome: the
 * caller reports it. Resolves with a `provider-extra-results` alert per provider that
 * answered for addresses not in its batch. Never rejects on a failed read.
 * @internal
 */
export async function readInstances(
  byProvider: ReadonlyMap<Provider, readonly ResourceInstance[]>,
  scan: ReadContext,
  onOutcome: OnOutcome,
): Promise<Alert[]> {
  const { signal, emit } = scan;
  let total = 0;
  for (const instances of byProvider.values()) total += instances.length;
  const extraByProvider = new Map<string, Set<string>>();
  let done = 0;
  emit({ phase: 'read', done, total });
  await runPool(
    jobsOf(byProvider, scan.concurrency),
    scan.concurrency,
    signal,
    async ({ provider, batch, gate }) => {
      try {
        await gate?.acquire(signal);
      } catch {
        return; // aborted while queued: the caller reports these ABORTED
      }
      try {
        const outcome = await readBatch(
          provider,
          batch,
          scan.contextFor(provider),
          scan.retry,
          scan.timeoutFor(provider),
        );
        if (outcome.timedOut) scan.giveUp();
        for (let i = 0; i < batch.length; i++) {
          onOutcome(batch[i] as ResourceInstance, provider, outcome.outcomes[i] as ReadOutcome);
        }
        const extra = outcome.extraAddresses;
        if (extra.length > 0) {
          let set = extraByProvider.get(provider.name);
          if (!set) extraByProvider.set(provider.name, (set = new Set()));
          for (const a of extra) set.add(a);
          scan.logger.warn(
            `Provider ${provider.name} returned results for addresses not in its batch`,
            {
              addresses: extra,
            },
          );
        }
      } finally {
        gate?.release();
      }
      done += batch.length;
      emit({ phase: 'read', done, total });
    },
  );
  return [...extraByProvider].map(([name, addresses]) => ({
    code: 'provider-extra-results',
    message: `Provider ${name} returned results for addresses not in its batch (ignored)`,
    addresses: [...addresses],
  }));
}
