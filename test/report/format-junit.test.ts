import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import { inSyncReport, sampleReport } from './sample-report.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

interface Case {
  name: string;
  classname: string;
  failure?: { type: string; message: string; '#text'?: string };
  error?: { type: string; message: string };
  skipped?: { message: string };
}

describe('junit format', () => {
  const xml = formatReport(sampleReport(), 'junit');
  const doc = parser.parse(xml);
  const suites: { name: string; tests: string; testcase?: Case[] }[] = doc.testsuites.testsuite;
  const cases = suites.flatMap((s) => s.testcase ?? []);
  const byName = (name: string): Case => cases.find((c) => c.name === name)!;

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has totals on the root and one test case per resource', () => {
    expect(doc.testsuites).toMatchObject({
      name: 'tfdrift',
      tests: '6',
      failures: '3',
      errors: '1',
      skipped: '1',
      time: '1.234',
    });
    expect(cases.map((c) => c.name).sort()).toEqual(
      sampleReport()
        .resources.map((r) => r.address)
        .sort(),
    );
  });

  it('groups by resource type', () => {
    expect(suites.map((s) => s.name)).toEqual([
      'aws_db_instance',
      'aws_iam_role',
      'aws_instance',
      'aws_s3_bucket',
      'google_storage_bucket',
      'unmanaged',
    ]);
    expect(suites.find((s) => s.name === 'aws_s3_bucket')!.tests).toBe('2');
  });

  it('marks drifted and missing as failures, unknown as error, unsupported as skipped', () => {
    const drifted = byName('aws_s3_bucket.logs["eu"]');
    expect(drifted.failure).toMatchObject({ type: 'drifted', message: '3 attributes drifted' });
    expect(drifted.failure!['#text']).toContain('~ /versioning/0/enabled: true → false');
    expect(byName('aws_instance.web').failure).toMatchObject({ type: 'missing' });
    expect(byName('aws_iam_role.ci').error).toMatchObject({
      type: 'AccessDenied',
      message: 'AccessDenied: not authorized to GetRole',
    });
    expect(byName('google_storage_bucket.assets').skipped).toBeDefined();
    const inSync = byName('aws_s3_bucket.site');
    expect(inSync.failure ?? inSync.error ?? inSync.skipped).toBeUndefined();
  });

  it('escapes markup and shows characters XML forbids as visible escapes', () => {
    const report = inSyncReport(1);
    report.resources[0]!.address = 'aws_s3_bucket.b["<&>\u0001"]';
    const out = formatReport(report, 'junit');
    expect(XMLValidator.validate(out)).toBe(true);
    expect(parser.parse(out).testsuites.testsuite[0].testcase[0].name).toBe(
      'aws_s3_bucket.b["<&>\\u0001"]',
    );
  });
});
