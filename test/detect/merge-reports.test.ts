/**
 * mergeReports across different states: a CI matrix that scans one workspace per job and
 * combines the reports afterwards.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { mergeReports } from '../../src/detect/merge-reports.js';
import { InvalidOptionError, isTfdriftError } from '../../src/errors.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { sampleReport } from '../report/sample-report.js';
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

describe('mergeReports of untrusted shard files', () => {
  const shard = () =>
    JSON.parse(JSON.stringify(sampleReport())) as Record<string, unknown> & {
      resources: Record<string, unknown>[];
    };

  it('refuses a report whose status is markup, naming the bad spot', () => {
    const bad = shard();
    bad.resources[1]!.status = '<img src=x onerror=alert(1)>';
    let caught: unknown;
    try {
      mergeReports([sampleReport(), bad as never]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    const error = caught as InvalidOptionError;
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.option).toBe('/1/resources/1/status');
    expect(error.issues[0]?.path).toBe('/1/resources/1/status');
    expect(error.message).toMatch(
      /^mergeReports: report 1 is not a valid DriftReport: \/1\/resources\/1\/status: /,
    );
  });

  it.each([
    [
      'a string durationMs',
      (r: ReturnType<typeof shard>) => (r.durationMs = '1<script>'),
      '/0/durationMs',
    ],
    [
      'a change op that is markup',
      (r: ReturnType<typeof shard>) =>
        ((r.resources[0]!.changes as { op: string }[])[0]!.op = '<b>x</b>'),
      '/0/resources/0/changes/0/op',
    ],
    [
      'not an object',
      (r: ReturnType<typeof shard>) => (r.resources = 'x' as never),
      '/0/resources',
    ],
  ])('refuses %s', (_what, spoil, path) => {
    const bad = shard();
    spoil(bad);
    expect(() => mergeReports([bad as never])).toThrow(InvalidOptionError);
    try {
      mergeReports([bad as never]);
    } catch (error) {
      expect((error as InvalidOptionError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('merges valid shard files read back from JSON', () => {
    const merged = mergeReports([shard() as never]);
    expect(merged.resources).toHaveLength(6);
    expect(merged.summary.drifted).toBe(2);
  });
});
