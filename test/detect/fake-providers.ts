/**
 * Small in-memory providers for detect tests: real `Provider` objects (through
 * `defineProvider`), whose live side is a map the test controls.
 */
import { defineProvider } from '../../src/providers/define-provider.js';
import type { Provider, ReadResult, ReadError } from '../../src/providers/types.js';
import type { LiveResource } from '../../src/model/live-resource.js';
import type { ResourceInstance } from '../../src/model/state.js';

/** The live side: attributes (found), `null` (not found), or a read error. */
export type Live = Record<string, unknown> | null | ReadError;

export interface FakeOptions {
  name?: string;
  types: string[];
  live: Map<string, Live>;
  listed?: LiveResource[];
  maxBatchSize?: number;
  concurrency?: number;
  onRead?: (batch: ResourceInstance[]) => void | Promise<void>;
}

function isReadError(v: Live): v is ReadError {
  return (
    v !== null &&
    typeof (v as ReadError).code === 'string' &&
    typeof (v as ReadError).retryable === 'boolean'
  );
}

export function fakeProvider(options: FakeOptions): Provider & { calls: ResourceInstance[][] } {
  const calls: ResourceInstance[][] = [];
  const provider = defineProvider({
    name: options.name ?? 'fake',
    supports: options.types,
    maxBatchSize: options.maxBatchSize,
    concurrency: options.concurrency,
    async read(batch: ResourceInstance[]): Promise<ReadResult[]> {
      calls.push(batch);
      await options.onRead?.(batch);
      return batch.map((instance): ReadResult => {
        const live = options.live.get(instance.address);
        if (live === undefined || live === null)
          return { address: instance.address, status: 'not-found' };
        if (isReadError(live)) return { address: instance.address, status: 'error', error: live };
        return { address: instance.address, status: 'found', attributes: live };
      });
    },
    async *list(types: string[]): AsyncIterable<LiveResource> {
      await Promise.resolve();
      for (const l of options.listed ?? []) if (types.includes(l.type)) yield l;
    },
  });
  return Object.assign(provider, { calls });
}
