/**
 * Every format at a million resources: no `Maximum call stack size exceeded` (a large array
 * spread into one call), no invalid string length, nothing quadratic. The report is built
 * once; each format gets one test with a generous timeout (CI machines are small).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import type { DriftReport, ResourceReport } from '../../src/index.js';
import { htmlData } from './rendered.js';

const N = 1_000_000;
const MISSING = 150_000;
const DRIFTED = 20_000;
const UNKNOWN = 5_000;
const UNMANAGED = 2_000;
const TIMEOUT = 300_000;

/** A million minimal resources: mostly in sync, with more missing ones than a spread can take. */
function millionResources(): DriftReport {
  const resources: ResourceReport[] = new Array<ResourceReport>(N);
  for (let i = 0; i < N; i++) {
    const address = `aws_s3_bucket.b${String(i).padStart(7, '0')}`;
    const r: ResourceReport = {
      address,
      type: i % 3 === 0 ? 'aws_iam_role' : 'aws_s3_bucket',
      provider: 'snapshot',
      id: `b${i}`,
      status: 'in-sync',
      patch: [],
      changes: [],
    };
    if (i < DRIFTED) {
      r.status = 'drifted';
      r.patch = [{ op: 'replace', path: '/tags/Owner', value: 'bob' }];
      r.changes = [
        { op: 'replace', path: '/tags/Owner', expected: 'alice', actual: 'bob', sensitive: false },
      ];
    } else if (i < DRIFTED + MISSING) r.status = 'missing';
    else if (i < DRIFTED + MISSING + UNKNOWN) {
      r.status = 'unknown';
      r.error = { code: 'AccessDenied', message: 'not authorized', retryable: false };
    }
    resources[i] = r;
  }
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-26T13:00:00.000Z',
    durationMs: 1,
    states: [{ source: 'terraform.tfstate' }],
    summary: {
      total: N,
      inSync: N - DRIFTED - MISSING - UNKNOWN,
      drifted: DRIFTED,
      missing: MISSING,
      unknown: UNKNOWN,
      unsupported: 0,
      unmanaged: UNMANAGED,
      coverage: (N - UNKNOWN) / N,
      checked: N - UNKNOWN,
      partiallyChecked: 0,
      notChecked: UNKNOWN,
      notCheckedAttributes: 0,
    },
    resources,
    unmanaged: Array.from({ length: UNMANAGED }, (_, i) => ({
      type: 'aws_s3_bucket',
      id: `u${i}`,
    })),
    alerts: [],
  };
}

/** How often `needle` occurs in `text`, without building an array of matches. */
function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

describe('every format at 1,000,000 resources', () => {
  let report: DriftReport;
  beforeAll(() => {
    report = millionResources();
  }, TIMEOUT);

  it('text lists every drifted, missing and unknown resource', { timeout: TIMEOUT }, () => {
    const out = formatReport(report, 'text', { color: false });
    const lines = occurrences(out, '\n');
    // Two summary lines, then per section a blank line and a title; drifted resources take two lines.
    expect(lines).toBe(2 + 2 * 4 + 2 * DRIFTED + MISSING + UNKNOWN + UNMANAGED);
  });

  it('json holds every resource', { timeout: TIMEOUT }, () => {
    const out = formatReport(report, 'json');
    expect(occurrences(out, '"address": ')).toBe(N);
    expect(out.endsWith('}\n')).toBe(true);
  });

  it(
    'markdown stays under the comment limit and counts what it left out',
    { timeout: TIMEOUT },
    () => {
      const out = formatReport(report, 'markdown');
      expect(out.length).toBeLessThanOrEqual(65_536);
      expect(out).toMatch(
        new RegExp(`of ${DRIFTED + MISSING + UNKNOWN + UNMANAGED} entries are not shown`),
      );
    },
  );

  it('sarif keeps GitHub’s result limit', { timeout: TIMEOUT }, () => {
    const log = JSON.parse(formatReport(report, 'sarif')) as {
      runs: { results: unknown[]; invocations: { toolExecutionNotifications: unknown[] }[] }[];
    };
    expect(log.runs[0]!.results).toHaveLength(25_000);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
  });

  it('junit has a test case per resource', { timeout: TIMEOUT }, () => {
    const out = formatReport(report, 'junit');
    expect(occurrences(out, '<testcase ')).toBe(N);
    expect(occurrences(out, '<failure ')).toBe(DRIFTED + MISSING);
  });

  it('html carries every resource and unmanaged object to the page', { timeout: TIMEOUT }, () => {
    const data = htmlData(formatReport(report, 'html'));
    expect(data.resources).toHaveLength(N);
    expect(data.unmanaged).toHaveLength(UNMANAGED);
    expect(data.resources[0]![1]).toBe(0);
  });
});
