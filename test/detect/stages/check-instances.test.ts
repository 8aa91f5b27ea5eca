import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../../src/detect/detect-drift.js';
import { checkInstances } from '../../../src/detect/stages/check-instances.js';
import { defineProvider } from '../../../src/providers/define-provider.js';
import type { ReadResult } from '../../../src/providers/types.js';
import { snapshotProvider } from '../../../src/providers/snapshot-provider.js';
import { exampleInstances, exampleSnapshot, exampleState, scanContext } from './stage-inputs.js';

describe('checking instances with a kept scan context', () => {
  it('re-checks a handful of instances exactly as the whole scan reports them', async () => {
    const snapshot = snapshotProvider({ file: exampleSnapshot });
    const full = await detectDrift({ state: exampleState, providers: [snapshot] });
    const managed = await exampleInstances();
    const scan = scanContext([snapshot], managed);
    const few = managed.filter((i) =>
      ['aws_instance.web', 'aws_s3_bucket.access_logs', 'aws_vpc.main'].includes(i.address),
    );
    const { reports, alerts, notRead } = await checkInstances(few, scan);
    expect(reports.map((r) => r.address)).toEqual(few.map((i) => i.address));
    // Remediation is the summarize stage's, so the whole scan's entries carry it and these not.
    const withoutRemediation = full.resources
      .filter((r) => few.some((i) => i.address === r.address))
      .map(({ remediation: _remediation, ...r }) => r);
    expect(reports).toEqual(withoutRemediation);
    expect(reports.map((r) => r.status)).toEqual(
      few.map(
        (i) =>
          ({
            'aws_instance.web': 'drifted',
            'aws_s3_bucket.access_logs': 'missing',
            'aws_vpc.main': 'in-sync',
          })[i.address],
      ),
    );
    expect(alerts).toEqual([]);
    expect(notRead).toBe(0);
    // Only the few were read.
    expect(scan.events.at(-1)).toEqual({ phase: 'read', done: 3, total: 3 });
  });

  it('reports unsupported instances, and instances left unread by an abort as ABORTED', async () => {
    const managed = await exampleInstances();
    const controller = new AbortController();
    const vpcs = defineProvider({
      name: 'vpcs',
      supports: ['aws_vpc', 'aws_subnet'],
      maxBatchSize: 1,
      concurrency: 1,
      async read(batch): Promise<ReadResult[]> {
        // The first read completes; the scan is aborted while the next ones wait their turn.
        await new Promise((r) => setTimeout(r, 1));
        setImmediate(() => controller.abort(new Error('enough')));
        return Promise.resolve(
          batch.map((i): ReadResult => ({ address: i.address, status: 'not-found' })),
        );
      },
    });
    const scan = scanContext([vpcs], managed, { signal: controller.signal });
    const { reports, notRead } = await checkInstances(managed, scan);
    const statusOf = (type: string) => reports.filter((r) => r.type === type).map((r) => r.status);
    expect(statusOf('aws_instance')).toEqual(['unsupported']);
    const networks = reports.filter((r) => r.provider === 'vpcs');
    expect(networks.filter((r) => r.status === 'missing').length).toBeGreaterThan(0);
    const aborted = networks.filter((r) => r.status === 'unknown');
    expect(aborted.length).toBeGreaterThanOrEqual(notRead);
    expect(networks).toHaveLength(3);
    expect(notRead).toBeGreaterThan(0);
    expect(aborted.every((r) => r.error?.code === 'ABORTED' && r.error.retryable)).toBe(true);
  });
});
