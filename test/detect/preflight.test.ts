/**
 * `Provider.preflight`: run once per scan before any read; a rejection fails the scan with
 * one error instead of marking every resource unknown.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { ProviderConfigError } from '../../src/errors.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import type { ReadResult } from '../../src/providers/types.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const a = makeInstance({ type: 'x_thing', name: 'a', attributes: { id: 'a' } });
const b = makeInstance({ type: 'x_thing', name: 'b', attributes: { id: 'b' } });
const other = makeInstance({ type: 'y_thing', name: 'c', attributes: { id: 'c' } });

function provider(
  name: string,
  types: string[],
  preflight: (i: readonly ResourceInstance[]) => Promise<void>,
) {
  const reads: string[][] = [];
  const seen: string[][] = [];
  const p = defineProvider({
    name,
    supports: types,
    maxBatchSize: 1,
    async preflight(instances) {
      seen.push(instances.map((i) => i.address));
      await preflight(instances);
    },
    async read(batch: ResourceInstance[]): Promise<ReadResult[]> {
      reads.push(batch.map((i) => i.address));
      await Promise.resolve();
      return batch.map((i) => ({
        address: i.address,
        status: 'found' as const,
        attributes: i.attributes,
      }));
    },
    async *list() {
      await Promise.resolve();
      yield* [];
    },
  });
  return { provider: p, reads, seen };
}

describe('provider preflight', () => {
  it("runs once per scan with the provider's instances, before its reads", async () => {
    const x = provider('x', ['x_thing'], () => Promise.resolve());
    const report = await detectDrift({ state: makeState([a, b, other]), providers: [x.provider] });
    expect(x.seen).toEqual([['x_thing.a', 'x_thing.b']]);
    expect(x.reads).toHaveLength(2);
    expect(report.summary).toMatchObject({ inSync: 2, unsupported: 1 });
  });

  it('a rejection fails the scan before any read; a plain error names the provider', async () => {
    const x = provider('x', ['x_thing'], () => Promise.reject(new Error('no licence key')));
    const y = provider('y', ['y_thing'], () => Promise.resolve());
    const error: unknown = await detectDrift({
      state: makeState([a, b, other]),
      providers: [x.provider, y.provider],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect(error).toMatchObject({
      message: 'Provider x cannot run: no licence key',
      provider: 'x',
    });
    expect([...x.reads, ...y.reads]).toEqual([]);
  });

  it('a tfdrift error is thrown as it is', async () => {
    const typed = new ProviderConfigError('Install the widget SDK', { provider: 'x' });
    const x = provider('x', ['x_thing'], () => Promise.reject(typed));
    await expect(detectDrift({ state: makeState([a]), providers: [x.provider] })).rejects.toBe(
      typed,
    );
  });

  it('providers that only list (unmanaged) are checked with no instances; idle ones are not', async () => {
    const x = provider('x', ['x_thing'], () => Promise.resolve());
    const idle = provider('idle', ['z_thing'], () => Promise.reject(new Error('never asked')));
    // x reads nothing (its only instance is ignored) but lists its types for unmanaged.
    await detectDrift({
      state: makeState([a]),
      providers: [x.provider, idle.provider],
      ignore: 'x_thing.a',
      unmanaged: true,
    });
    expect(x.seen).toEqual([[]]);
    expect(x.reads).toEqual([]);
    expect(idle.seen).toEqual([]);
  });

  it('a preflight that is not a function is a provider error up front', () => {
    expect(() =>
      defineProvider({
        name: 'bad',
        supports: ['x'],
        read: async () => [],
        preflight: 'yes',
      } as never),
    ).toThrow(/\/preflight expected a function/);
  });
});
