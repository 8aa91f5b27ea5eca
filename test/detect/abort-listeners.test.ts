/**
 * A scan hands one abort signal to every read in flight. At concurrency 16 that printed
 * `MaxListenersExceededWarning: Possible EventTarget memory leak detected` on every run
 * although each listener was removed when its wait settled. These tests catch the warning
 * itself (a real `process` warning, not a spy) and check that the listeners really are gone
 * once the scan is over, so lifting the limit hides no leak.
 */
import { getEventListeners, getMaxListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import type { ReadResult } from '../../src/providers/types.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Warnings are emitted on the next tick: let them arrive before looking. */
async function settledWarnings(): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.map((w) => `${w.name}: ${w.message}`);
}

const instances = Array.from({ length: 120 }, (_, i) =>
  makeInstance({ type: 'x_thing', name: `n${i}`, attributes: { id: `id-${i}`, size: i } }),
);

/**
 * A provider that behaves like one built on `fetch`: each read listens to the scan's signal
 * while its request is in flight, and goes through the scan's rate limiter.
 */
function listeningProvider() {
  const seen = {
    signal: undefined as AbortSignal | undefined,
    peakListeners: 0,
    maxListeners: 0,
  };
  const provider = defineProvider({
    name: 'listening',
    supports: ['x_thing'],
    maxBatchSize: 1,
    async read(batch, ctx): Promise<ReadResult[]> {
      seen.signal = ctx.signal;
      // What the AWS provider does before its SDK calls; Node 20 throws here on a limit of 0.
      seen.maxListeners = getMaxListeners(ctx.signal);
      await ctx.limit('listening', 100_000);
      const onAbort = (): void => undefined;
      ctx.signal.addEventListener('abort', onAbort);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.peakListeners = Math.max(
          seen.peakListeners,
          getEventListeners(ctx.signal, 'abort').length,
        );
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
      return batch.map((i) => ({
        address: i.address,
        status: 'found' as const,
        attributes: i.attributes,
      }));
    },
  });
  return { provider, seen };
}

describe('abort listeners at high concurrency', () => {
  it.each([16, 64])('prints no MaxListenersExceededWarning at concurrency %i', async (n) => {
    const { provider, seen } = listeningProvider();
    const caller = new AbortController();
    const report = await detectDrift({
      state: makeState(instances),
      providers: [provider],
      concurrency: n,
      signal: caller.signal,
    });
    expect(report.summary.inSync).toBe(instances.length);
    expect(await settledWarnings()).toEqual([]);
    // Many listeners were on the scan's signal at once (more than Node's default of 10)...
    expect(seen.peakListeners).toBeGreaterThan(10);
    expect(seen.maxListeners).toBeGreaterThan(seen.peakListeners);
    // ...but no more than a few per read in flight, and none survives the scan.
    expect(seen.peakListeners).toBeLessThanOrEqual(3 * n);
    expect(getEventListeners(seen.signal!, 'abort')).toHaveLength(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
