/**
 * Batching: instances of one provider grouped by type (cloud APIs describe one type per
 * call) and cut at the provider's `maxBatchSize`.
 */
import type { ResourceInstance } from '../model/state.js';

/** The batch size when a provider declares none. @internal */
export const DEFAULT_MAX_BATCH_SIZE = 100;

/**
 * Splits `instances` into batches of at most `maxBatchSize`, one type per batch, each address
 * at most once per batch (results are keyed by address, and a deposed object or a second
 * state can repeat an address: those go to later batches).
 * @internal
 */
export function makeBatches(
  instances: readonly ResourceInstance[],
  maxBatchSize: number,
): ResourceInstance[][] {
  const size = Math.max(1, Math.floor(maxBatchSize));
  const byType = new Map<string, ResourceInstance[]>();
  for (const instance of instances) {
    const list = byType.get(instance.type);
    if (list) list.push(instance);
    else byType.set(instance.type, [instance]);
  }
  const batches: ResourceInstance[][] = [];
  for (const group of byType.values()) {
    let pending = group;
    while (pending.length > 0) {
      const repeated: ResourceInstance[] = [];
      let batch: ResourceInstance[] = [];
      let seen = new Set<string>();
      for (const instance of pending) {
        if (seen.has(instance.address)) {
          repeated.push(instance);
          continue;
        }
        seen.add(instance.address);
        batch.push(instance);
        if (batch.length === size) {
          batches.push(batch);
          batch = [];
          seen = new Set();
        }
      }
      if (batch.length > 0) batches.push(batch);
      pending = repeated;
    }
  }
  return batches;
}

/**
 * Interleaves the batches of several providers (round robin) so a slow provider's queue does
 * not hold the global pool while others wait.
 * @internal
 */
export function interleave<T>(queues: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...queues.map((q) => q.length));
  for (let i = 0; i < longest; i++) {
    for (const q of queues) if (i < q.length) out.push(q[i] as T);
  }
  return out;
}
