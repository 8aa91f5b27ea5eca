import { describe, expect, it } from 'vitest';
import { makeReport } from '../../../src/detect/resource-report.js';
import { summarizeReport } from '../../../src/detect/stages/summarize-report.js';
import { DriftReportSchema } from '../../../src/report/schema.js';
import { makeInstance } from '../../../src/testing/make-instance.js';

const b = makeInstance({ type: 'aws_vpc', name: 'b', id: 'vpc-b' });
const a = makeInstance({ type: 'aws_vpc', name: 'a', id: 'vpc-a' });

describe('stage: summarize', () => {
  it('sorts the entries, counts them and merges the alerts into a valid report', () => {
    const report = summarizeReport({
      started: performance.now(),
      states: [{ source: 'x.tfstate', serial: 3 }],
      resources: [makeReport(b, 'p', 'missing', false), makeReport(a, 'p', 'in-sync', false)],
      unmanaged: [{ type: 'aws_vpc', id: 'vpc-z', provider: 'p' }],
      alerts: [
        { code: 'ignored', message: 'm', addresses: ['y'] },
        { code: 'ignored', message: 'm', addresses: ['x'] },
      ],
      aborted: false,
    });
    expect(report.resources.map((r) => r.address)).toEqual(['aws_vpc.a', 'aws_vpc.b']);
    expect(report.summary).toMatchObject({
      total: 2,
      inSync: 1,
      missing: 1,
      unmanaged: 1,
      coverage: 1,
    });
    expect(report.alerts).toEqual([{ code: 'ignored', message: 'm', addresses: ['x', 'y'] }]);
    const parsed = DriftReportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('says when the scan was aborted', () => {
    const report = summarizeReport({
      started: 0,
      states: [],
      resources: [],
      unmanaged: [],
      alerts: [],
      aborted: true,
    });
    expect(report.alerts.map((x) => x.code)).toEqual(['aborted']);
    expect(report.summary.total).toBe(0);
  });
});
