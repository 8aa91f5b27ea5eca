/**
 * The `junit` format: JUnit XML that CI test tabs read. One test case per resource instance in
 * state, grouped by resource type: a failure when drifted or missing, an error when it could not
 * be read, skipped when no provider reads its type. Unmanaged resources are listed in the
 * suite's output, since they are not instances of the state.
 */
import type { FormatReportOptions } from './format-report.js';
import { escapeControlsKeepingLines } from '../shared/escape-controls.js';
import { changeValue } from './redact.js';
import { escapeMarkup, renderValue, stripInvalidXml } from './render-value.js';
import type { DriftReport, Remediation, ResourceReport } from './types.js';

/**
 * Text safe inside an XML attribute or element, and inert when a CI log prints it: controls
 * and bidirectional characters as visible escapes (line feeds kept for failure bodies).
 */
function xml(text: string): string {
  return escapeMarkup(stripInvalidXml(escapeControlsKeepingLines(text)));
}

/** The body of a failure: one `~ path: old → new` line per change. */
function changeLines(r: ResourceReport, reveal: boolean): string {
  return r.changes
    .map((c) => {
      const expected = renderValue(changeValue(c, 'expected', reveal));
      const actual = renderValue(changeValue(c, 'actual', reveal));
      if (c.op === 'add') return `+ ${c.path}: ${actual}`;
      if (c.op === 'remove') return `- ${c.path}: ${expected}`;
      return `~ ${c.path}: ${expected} → ${actual}`;
    })
    .join('\n');
}

/** What to do, as lines for a failure body or the suite output. */
function fixText(fix: Remediation | undefined): string {
  if (fix === undefined) return '';
  const lines = [`fix: ${fix.summary}`];
  if (fix.command !== undefined) lines.push(`$ ${fix.command}`);
  if (fix.code !== undefined) lines.push(fix.code);
  return lines.join('\n');
}

/** Two parts of a failure body, one under the other when both are there. */
function joinParts(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

/** The child element that gives a test case its outcome (none when in sync). */
function outcome(r: ResourceReport, reveal: boolean): string {
  switch (r.status) {
    case 'drifted': {
      const n = r.changes.length;
      return `<failure type="drifted" message="${xml(`${n} attribute${n === 1 ? '' : 's'} drifted`)}">${xml(joinParts(changeLines(r, reveal), fixText(r.remediation)))}</failure>`;
    }
    case 'missing': {
      const message = xml(`not found live${r.id === undefined ? '' : ` (id ${r.id})`}`);
      const body = fixText(r.remediation);
      return body === ''
        ? `<failure type="missing" message="${message}"/>`
        : `<failure type="missing" message="${message}">${xml(body)}</failure>`;
    }
    case 'unknown': {
      const message =
        r.error === undefined ? 'could not be read' : `${r.error.code}: ${r.error.message}`;
      return `<error type="${xml(r.error?.code ?? 'unknown')}" message="${xml(message)}"/>`;
    }
    case 'unsupported':
      return `<skipped message="${xml(`no provider reads ${r.type}`)}"/>`;
    default:
      return '';
  }
}

/** One test case. */
function testcase(r: ResourceReport, reveal: boolean): string {
  const name = r.deposed === undefined ? r.address : `${r.address} (deposed ${r.deposed})`;
  const body = outcome(r, reveal);
  const open = `    <testcase classname="${xml(r.type)}" name="${xml(name)}" time="0"`;
  return body === '' ? `${open}/>` : `${open}>\n      ${body}\n    </testcase>`;
}

/** Counts of one suite's cases, as JUnit attributes. */
function counts(resources: ResourceReport[]): string {
  const n = (pred: (r: ResourceReport) => boolean): number => resources.filter(pred).length;
  const failures = n((r) => r.status === 'drifted' || r.status === 'missing');
  const errors = n((r) => r.status === 'unknown');
  const skipped = n((r) => r.status === 'unsupported');
  return `tests="${resources.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
}

/** The summary counts (how much was compared) as JUnit properties of the whole run. */
function summaryProperties(report: DriftReport): string {
  const s = report.summary;
  const entries: [string, number][] = [
    ['checked', s.checked],
    ['partiallyChecked', s.partiallyChecked],
    ['notChecked', s.notChecked],
    ['notCheckedAttributes', s.notCheckedAttributes],
    ['unmanaged', s.unmanaged],
  ];
  return [
    '  <properties>',
    ...entries.map(([name, value]) => `    <property name="tfdrift.${name}" value="${value}"/>`),
    '  </properties>',
  ].join('\n');
}

/** The report as JUnit XML. @internal */
export function formatJunit(report: DriftReport, options: FormatReportOptions): string {
  const reveal = options.revealSensitive === true;
  const byType = new Map<string, ResourceReport[]>();
  for (const r of report.resources) {
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  const seconds = (report.durationMs / 1000).toFixed(3);
  const suites = [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, resources]) =>
      [
        `  <testsuite name="${xml(type)}" ${counts(resources)} time="0" timestamp="${xml(report.generatedAt)}">`,
        ...resources.map((r) => testcase(r, reveal)),
        '  </testsuite>',
      ].join('\n'),
    );
  const unmanaged =
    report.unmanaged.length === 0
      ? []
      : [
          `  <testsuite name="unmanaged" tests="0" failures="0" errors="0" skipped="0" time="0" timestamp="${xml(report.generatedAt)}">`,
          `    <system-out>${xml(report.unmanaged.map((u) => joinParts(`unmanaged ${u.type} ${u.id}`, fixText(u.remediation))).join('\n'))}</system-out>`,
          '  </testsuite>',
        ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tfdrift" ${counts(report.resources)} time="${seconds}">`,
    summaryProperties(report),
    ...suites,
    ...unmanaged,
    '</testsuites>',
    '',
  ].join('\n');
}
