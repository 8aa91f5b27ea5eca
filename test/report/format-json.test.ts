import { describe, expect, it } from 'vitest';
import { parseReport, formatReport, InvalidOptionError } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

describe('json format', () => {
  it('is the report, valid for parseReport, with secrets redacted', () => {
    const report = sampleReport();
    const parsed = parseReport(formatReport(report, 'json'));
    expect(parsed.summary).toEqual(report.summary);
    expect(parsed.resources.map((r) => r.status)).toEqual(report.resources.map((r) => r.status));
    expect(parsed.resources[1]).toEqual(report.resources[1]);
    expect(parsed.resources[0]!.changes[0]).toEqual({
      op: 'replace',
      path: '/password',
      expected: '(sensitive)',
      actual: '(sensitive)',
      sensitive: true,
    });
    expect(parsed.resources[0]!.patch[0]).toEqual({
      op: 'replace',
      path: '/password',
      value: '(sensitive)',
    });
    expect(parsed.resources[0]!.details).toEqual({ changedBy: 'alice', apiToken: '(sensitive)' });
    expect(parsed.unmanaged[0]!.attributes).toEqual({
      tags: { Team: 'x' },
      password: '(sensitive)',
    });
  });

  it('redacts a patch value that contains a sensitive path', () => {
    const report = sampleReport();
    const db = report.resources[0]!;
    db.changes = [{ op: 'add', path: '/credentials/password', actual: 'x', sensitive: true }];
    db.patch = [{ op: 'add', path: '/credentials', value: { password: 'x', user: 'u' } }];
    const out = JSON.parse(formatReport(report, 'json'));
    expect(out.resources[0].patch[0].value).toBe('(sensitive)');
    expect(out.resources[0].changes[0]).toEqual({
      op: 'add',
      path: '/credentials/password',
      actual: '(sensitive)',
      sensitive: true,
    });
  });

  it('keeps big integers exact', () => {
    const report = sampleReport();
    report.resources[1]!.changes[2]!.actual = 2n ** 64n + 1n;
    expect(formatReport(report, 'json')).toContain('"actual": 18446744073709551617');
  });
});

describe('formatReport', () => {
  it('rejects a format it does not know (a JavaScript caller can pass any string)', () => {
    let caught: unknown;
    try {
      formatReport(sampleReport(), 'yaml' as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect(caught).toMatchObject({
      code: 'INVALID_OPTION',
      option: '/format',
      message: 'Unknown report format: yaml',
    });
  });
});
