import { describe, expect, it } from 'vitest';
import type { ReadOutcome } from '../../../src/detect/read-batch.js';
import { readInstances } from '../../../src/detect/stages/read-instances.js';
import { defineProvider } from '../../../src/providers/define-provider.js';
import type { Provider, ReadResult } from '../../../src/providers/types.js';
import { snapshotProvider } from '../../../src/providers/snapshot-provider.js';
import type { ResourceInstance } from '../../../src/model/state.js';
import { exampleInstances, exampleSnapshot, scanContext } from './stage-inputs.js';

async function readAll(
  byProvider: Map<Provider, ResourceInstance[]>,
  scan = scanContext([...byProvider.keys()], [...byProvider.values()].flat()),
) {
  const outcomes = new Map<string, ReadOutcome['kind']>();
  const alerts = await readInstances(byProvider, scan, (instance, _provider, outcome) => {
    expect(outcomes.has(instance.address)).toBe(false);
    outcomes.set(instance.address, outcome.kind);
  });
  return { outcomes: Object.fromEntries(outcomes), alerts, scan };
}

describe('stage: read', () => {
  it('reads every instance once through the snapshot and reports progress', async () => {
    const managed = await exampleInstances();
    const snapshot = snapshotProvider({ file: exampleSnapshot });
    const { outcomes, alerts, scan } = await readAll(new Map([[snapshot, managed]]));
    expect(Object.keys(outcomes).sort()).toEqual(managed.map((i) => i.address).sort());
    expect(outcomes['aws_s3_bucket.access_logs']).toBe('not-found');
    expect(outcomes['aws_instance.web']).toBe('found');
    expect(alerts).toEqual([]);
    expect(scan.events[0]).toEqual({ phase: 'read', done: 0, total: managed.length });
    expect(scan.events.at(-1)).toEqual({
      phase: 'read',
      done: managed.length,
      total: managed.length,
    });
  });

  it('batches by type within the provider maxBatchSize and its own concurrency', async () => {
    const managed = await exampleInstances();
    const batches: string[][] = [];
    let running = 0;
    let most = 0;
    const provider = defineProvider({
      name: 'slow',
      supports: ['*'],
      maxBatchSize: 1,
      concurrency: 1,
      async read(batch): Promise<ReadResult[]> {
        most = Math.max(most, ++running);
        batches.push(batch.map((i) => i.type));
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return batch.map((i) => ({
          address: i.address,
          status: 'found',
          attributes: i.attributes,
        }));
      },
    });
    const { outcomes } = await readAll(new Map([[provider, managed]]));
    expect(Object.values(outcomes).every((k) => k === 'found')).toBe(true);
    expect(batches).toHaveLength(managed.length);
    expect(most).toBe(1);
  });

  it('retries a retryable error, then gives the error outcome', async () => {
    const managed = (await exampleInstances()).slice(0, 2);
    let calls = 0;
    const provider = defineProvider({
      name: 'throttled',
      supports: ['*'],
      read(batch): Promise<ReadResult[]> {
        calls++;
        return Promise.resolve(
          batch.map((i) => ({
            address: i.address,
            status: 'error',
            error: { code: 'Throttling', message: 'slow down', retryable: true },
          })),
        );
      },
    });
    const scan = scanContext([provider], managed, {
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const { outcomes } = await readAll(new Map([[provider, managed]]), scan);
    expect(Object.values(outcomes)).toEqual(['error', 'error']);
    expect(calls).toBe(3 * new Set(managed.map((i) => i.type)).size);
  });

  it('ignores results for addresses outside the batch, with an alert naming them', async () => {
    const managed = (await exampleInstances()).slice(0, 1);
    const provider = defineProvider({
      name: 'chatty',
      supports: ['*'],
      read: (batch): Promise<ReadResult[]> =>
        Promise.resolve([
          ...batch.map((i): ReadResult => ({ address: i.address, status: 'not-found' })),
          { address: 'aws_instance.made_up', status: 'not-found' },
        ]),
    });
    const { outcomes, alerts } = await readAll(new Map([[provider, managed]]));
    expect(Object.values(outcomes)).toEqual(['not-found']);
    expect(alerts).toEqual([
      {
        code: 'provider-extra-results',
        message: 'Provider chatty returned results for addresses not in its batch (ignored)',
        addresses: ['aws_instance.made_up'],
      },
    ]);
  });

  it('hands no outcome for batches still queued when the scan is aborted', async () => {
    const managed = await exampleInstances();
    const controller = new AbortController();
    const provider = defineProvider({
      name: 'aborting',
      supports: ['*'],
      maxBatchSize: 1,
      concurrency: 1,
      read(batch): Promise<ReadResult[]> {
        controller.abort(new Error('enough'));
        return Promise.resolve(
          batch.map((i): ReadResult => ({ address: i.address, status: 'not-found' })),
        );
      },
    });
    const scan = scanContext([provider], managed, { signal: controller.signal });
    const { outcomes } = await readAll(new Map([[provider, managed]]), scan);
    expect(Object.keys(outcomes).length).toBeGreaterThan(0);
    expect(Object.keys(outcomes).length).toBeLessThan(managed.length);
  });
});
