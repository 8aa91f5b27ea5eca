/**
 * mergeReports across different states: a CI matrix that scans one workspace per job and
 * combines the reports afterwards.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { mergeReports } from '../../src/detect/merge-reports.js';
import { InvalidOptionError, isTfdriftError } from '../../src/errors.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { fakeProvider, type Live } from './fake-providers.js';

function bucket(name: string, id: string) {
  return makeInstance({ type: 'aws_s3_bucket', name, id, attributes: { id, bucket: id } });
}

describe('mergeReports of different workspaces', () => {
  it('keeps every state and drops live resources another workspace manages', async () => {
    const dev = makeState([bucket('logs', 'dev-logs')], { source: 'dev.tfstate', lineage: 'dev' });
    const prod = makeState([bucket('logs', 'prod-logs')], {
      source: 'prod.tfstate',
      lineage: 'prod',
    });
    const live = new Map<string, Live>([['aws_s3_bucket.logs', { id: 'x', bucket: 'x' }]]);
    // Both jobs list the same account: each sees the other's bucket as unmanaged.
    const listed = [
      { type: 'aws_s3_bucket', id: 'dev-logs' },
      { type: 'aws_s3_bucket', id: 'prod-logs' },
      { type: 'aws_s3_bucket', id: 'stray' },
    ];
    const scan = (state: typeof dev) =>
      detectDrift({
        state,
        providers: [fakeProvider({ types: ['aws_s3_bucket'], live, listed })],
        unmanaged: true,
      });
    const [a, b] = await Promise.all([scan(dev), scan(prod)]);
    expect(a.unmanaged.map((u) => u.id)).toEqual(['prod-logs', 'stray']);

    const merged = mergeReports([a, b]);
    expect(merged.states.map((s) => s.source)).toEqual(['dev.tfstate', 'prod.tfstate']);
    expect(merged.unmanaged.map((u) => u.id)).toEqual(['stray']);
    expect(merged.resources.map((r) => [r.address, r.source])).toEqual([
      ['aws_s3_bucket.logs', 'dev.tfstate'],
      ['aws_s3_bucket.logs', 'prod.tfstate'],
    ]);
    expect(merged.summary.total).toBe(2);
    expect(merged.summary.unmanaged).toBe(1);
  });

  it('refuses an empty list with a typed error', () => {
    let caught: unknown;
    try {
      mergeReports([]);
    } catch (error) {
      caught = error;
    }
    expect(isTfdriftError(caught)).toBe(true);
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as { code: string }).code).toBe('INVALID_OPTION');
  });
});
