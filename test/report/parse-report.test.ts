import { describe, expect, it } from 'vitest';
import {
  formatReport,
  isDriftReport,
  isTfdriftError,
  parseReport,
  ReportParseError,
} from '../../src/index.js';
import { SECRET, sampleReport } from './sample-report.js';

/** The error `fn` throws, so its fields can be checked. */
function thrown(fn: () => unknown): ReportParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportParseError);
    return error as ReportParseError;
  }
  throw new Error('expected a ReportParseError');
}

describe('parseReport', () => {
  it('reads a report back from its JSON text and from the parsed value', () => {
    const report = sampleReport();
    const text = formatReport(report, 'json', { revealSensitive: true });
    expect(parseReport(text)).toEqual(JSON.parse(text));
    expect(parseReport(JSON.parse(text))).toEqual(JSON.parse(text));
  });

  it('drops fields a later schema version may add, and keeps the rest', () => {
    const report = { ...sampleReport(), addedLater: true };
    const parsed = parseReport(JSON.parse(JSON.stringify(report)));
    expect(parsed).not.toHaveProperty('addedLater');
    expect(parsed.resources).toHaveLength(report.resources.length);
  });

  it('says where a report is wrong, as a JSON Pointer, with a typed error', () => {
    const report = JSON.parse(JSON.stringify(sampleReport())) as {
      resources: { status: string; patch: { op: string }[] }[];
    };
    report.resources[1]!.status = 'gone';
    report.resources[0]!.patch[0]!.op = '<script>';
    const error = thrown(() => parseReport(report));
    expect(isTfdriftError(error)).toBe(true);
    expect(error.code).toBe('REPORT_PARSE');
    expect(error.reason).toBe('INVALID');
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      '/resources/0/patch/0/op',
      '/resources/1/status',
    ]);
    expect(error.pointer).toBe(error.issues[0]!.path);
    expect(error.message).toMatch(
      /^Not a valid DriftReport: \/resources\/\d\/.* \(and 1 more issue\)$/,
    );
  });

  it('points at a count out of range', () => {
    const report = JSON.parse(JSON.stringify(sampleReport())) as {
      summary: Record<string, unknown>;
    };
    report.summary = { ...report.summary, total: -1 };
    expect(thrown(() => parseReport(report)).pointer).toBe('/summary/total');
  });

  it('rejects text that is not JSON without quoting it', () => {
    const text = `{"schemaVersion": 1, "password": ${SECRET}`;
    const error = thrown(() => parseReport(text));
    expect(error.reason).toBe('NOT_JSON');
    expect(error.pointer).toBe('');
    expect(error.message).toMatch(/^Not a valid DriftReport: not JSON/);
    expect(error.message).not.toContain(SECRET);
  });

  it('rejects values that are not reports at all: a state, null, an array', () => {
    for (const value of [null, [], 42, { version: 4, resources: [] }]) {
      const error = thrown(() => parseReport(value));
      expect(error.issues.length).toBeGreaterThan(0);
    }
  });

  it('lists at most 20 issues but counts them all in the message', () => {
    const report = sampleReport();
    const resources = Array.from({ length: 30 }, () => ({ ...report.resources[0]!, status: 'x' }));
    const error = thrown(() => parseReport({ ...report, resources }));
    expect(error.issues).toHaveLength(20);
    expect(error.message).toContain('(and 29 more issues)');
  });
});

describe('isDriftReport', () => {
  it('is true for a report and false for anything else', () => {
    expect(isDriftReport(sampleReport())).toBe(true);
    expect(isDriftReport({ ...sampleReport(), schemaVersion: 2 })).toBe(false);
    expect(isDriftReport('{}')).toBe(false);
    expect(isDriftReport(undefined)).toBe(false);
  });
});
