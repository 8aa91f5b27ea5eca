/**
 * Every format tells how much of the estate was really compared: instances checked in full,
 * partially (state values left in `notChecked`) and not at all, and the attributes not
 * compared. A scan that could not read everything never says plain "No drift".
 */
import { describe, expect, it } from 'vitest';
import { isDriftReport, formatReport } from '../../src/index.js';
import { summarize } from '../../src/detect/summarize.js';
import type { DriftReport, ResourceReport } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

function entry(
  name: string,
  status: ResourceReport['status'],
  notChecked?: string[],
): ResourceReport {
  return {
    address: `aws_s3_bucket.${name}`,
    type: 'aws_s3_bucket',
    provider: 'aws',
    status,
    patch: [],
    changes: [],
    ...(notChecked === undefined ? {} : { notChecked }),
    ...(status === 'unknown'
      ? { error: { code: 'AccessDenied', message: 'denied', retryable: false } }
      : {}),
  };
}

/** 40 in sync (3 of them partially: 7 attributes), 9 unknown, 3 unsupported. */
function incompleteReport(): DriftReport {
  const resources = [
    ...Array.from({ length: 37 }, (_, i) => entry(`ok${String(i).padStart(2, '0')}`, 'in-sync')),
    entry('p1', 'in-sync', ['/versioning']),
    entry('p2', 'in-sync', ['/versioning', '/cors_rule']),
    entry('p3', 'in-sync', ['/a', '/b', '/c', '/d']),
    ...Array.from({ length: 9 }, (_, i) => entry(`u${i}`, 'unknown')),
    ...Array.from({ length: 3 }, (_, i) => entry(`x${i}`, 'unsupported')),
  ];
  return {
    schemaVersion: 1,
    generatedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 1,
    states: [{ source: 'terraform.tfstate' }],
    summary: summarize(resources, 0),
    resources,
    unmanaged: [],
    alerts: [],
  };
}

describe('summary counts of what was compared', () => {
  const report = incompleteReport();

  it('counts checked, partially checked and not checked instances, and attributes not compared', () => {
    expect(report.summary).toMatchObject({
      total: 52,
      checked: 37,
      partiallyChecked: 3,
      notChecked: 12,
      notCheckedAttributes: 7,
    });
    expect(isDriftReport(report)).toBe(true);
    const { checked: _, ...withoutChecked } = report.summary;
    expect(isDriftReport({ ...report, summary: withoutChecked })).toBe(false);
  });

  it('a drifted instance with notChecked values is partially checked; missing is checked', () => {
    const s = summarize(
      [
        { ...entry('d', 'drifted', ['/policy']) },
        entry('m', 'missing'),
        entry('u', 'unknown', ['/ignored-because-unread']),
      ],
      0,
    );
    expect(s).toMatchObject({
      checked: 1,
      partiallyChecked: 1,
      notChecked: 1,
      notCheckedAttributes: 1,
    });
  });

  it('text: the headline says what was not checked instead of plain "No drift"', () => {
    const [head, compared] = formatReport(report, 'text', { color: false }).split('\n');
    expect(head).toMatch(
      /^No drift in 40 of 52 resources; 12 not checked: 9 unknown, 3 unsupported\. /,
    );
    expect(head).not.toMatch(/^No drift:/);
    expect(compared).toBe(
      'Checked 37 in full, 3 partially (7 attributes not compared), 12 not checked.',
    );
  });

  it('markdown: heading and counts', () => {
    const md = formatReport(report, 'markdown');
    expect(md.split('\n')[0]).toBe(
      '## ❔ tfdrift drift report: no drift in 40 of 52 resources; 12 not checked: 9 unknown, 3 unsupported',
    );
    expect(md).toContain(
      'Checked 37 in full, 3 partially (7 attributes not compared), 12 not checked.',
    );
  });

  it('json and sarif: the summary carries the counts', () => {
    const json = JSON.parse(formatReport(report, 'json')) as DriftReport;
    expect(json.summary).toMatchObject({ checked: 37, partiallyChecked: 3, notChecked: 12 });
    const sarif = JSON.parse(formatReport(report, 'sarif')) as {
      runs: { properties: { summary: DriftReport['summary'] } }[];
    };
    expect(sarif.runs[0]?.properties.summary).toMatchObject({
      checked: 37,
      partiallyChecked: 3,
      notChecked: 12,
      notCheckedAttributes: 7,
    });
  });

  it('junit: run properties', () => {
    const xml = formatReport(report, 'junit');
    expect(xml).toContain('<property name="tfdrift.checked" value="37"/>');
    expect(xml).toContain('<property name="tfdrift.partiallyChecked" value="3"/>');
    expect(xml).toContain('<property name="tfdrift.notChecked" value="12"/>');
    expect(xml).toContain('<property name="tfdrift.notCheckedAttributes" value="7"/>');
  });

  it('html: summary numbers', () => {
    const html = formatReport(report, 'html');
    expect(html).toContain('<dd data-count="checked">37</dd>');
    expect(html).toContain('<dd data-count="partially-checked">3</dd>');
    expect(html).toContain('<dd data-count="not-checked">12</dd>');
    expect(html).toContain('<dd data-count="not-checked-attributes">7</dd>');
  });

  it('a fully read report keeps "No drift:" and drift keeps "Drift detected:"', () => {
    const text = formatReport(sampleReport(), 'text', { color: false });
    expect(text.split('\n')[1]).toBe(
      'Checked 3 in full, 1 partially (1 attribute not compared), 2 not checked.',
    );
  });
});
