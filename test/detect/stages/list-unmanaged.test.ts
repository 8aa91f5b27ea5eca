import { describe, expect, it } from 'vitest';
import {
  listers,
  listsUnmanaged,
  listUnmanaged,
} from '../../../src/detect/stages/list-unmanaged.js';
import { defineProvider } from '../../../src/providers/define-provider.js';
import { snapshotProvider } from '../../../src/providers/snapshot-provider.js';
import { exampleInstances, exampleSnapshot, scanContext } from './stage-inputs.js';

describe('stage: list unmanaged', () => {
  it('lists in the first shard only, and only when asked', () => {
    expect(listsUnmanaged({})).toBe(false);
    expect(listsUnmanaged({ unmanaged: true })).toBe(true);
    expect(listsUnmanaged({ unmanaged: true, shard: { index: 0, count: 2 } })).toBe(true);
    expect(listsUnmanaged({ unmanaged: true, shard: { index: 1, count: 2 } })).toBe(false);
  });

  it('finds the live objects no state holds, with an import block, sorted by type and id', async () => {
    const managed = await exampleInstances();
    const snapshot = snapshotProvider({ file: exampleSnapshot });
    const scan = scanContext([snapshot], managed);
    expect(listers(managed, scan.route)).toEqual([snapshot]);
    const listed: [number, number][] = [];
    const { unmanaged, alerts } = await listUnmanaged({
      ...scan,
      instances: managed,
      onGiveUp: scan.giveUp,
      onListed: (done, total) => listed.push([done, total]),
    });
    expect(alerts).toEqual([]);
    expect(unmanaged.map((u) => `${u.type}.${u.id}`)).toEqual([
      'aws_instance.i-07e6d5c4b3a291807',
      'aws_s3_bucket.shop-legacy-exports-2019',
    ]);
    const bucket = unmanaged[1];
    expect(bucket?.provider).toBe('snapshot');
    expect(bucket?.importBlock).toContain('id = "shop-legacy-exports-2019"');
    expect(bucket?.importBlock).toMatch(/to\s*=\s*aws_s3_bucket\./);
    expect(listed).toEqual([[1, 1]]);
  });

  it('turns a failing list into a list-failed alert', async () => {
    const managed = await exampleInstances();
    const failing = defineProvider({
      name: 'lister',
      supports: ['aws_s3_bucket'],
      read: () => Promise.resolve([]),
      // eslint-disable-next-line require-yield
      async *list() {
        throw new Error('ListBuckets denied');
      },
    });
    const scan = scanContext([failing], managed);
    const { unmanaged, alerts } = await listUnmanaged({
      ...scan,
      instances: managed,
      onGiveUp: scan.giveUp,
      onListed: () => undefined,
    });
    expect(unmanaged).toEqual([]);
    expect(alerts).toEqual([
      {
        code: 'list-failed',
        message: 'Provider lister could not list aws_s3_bucket: ListBuckets denied',
      },
    ]);
  });
});
