/* eslint-disable no-control-regex -- these tests are about control characters */
/**
 * Every format with terminal attacks in every field: whatever the format, the output holds no
 * character that drives a terminal or reorders text, and the structured formats still parse
 * to the original values.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, formatReport } from '../../src/index.js';
import { TERMINAL_PAYLOAD, hostileReport } from './hostile-report.js';
import { htmlData } from './rendered.js';

/** Characters that drive a terminal or reorder text; the line feed is layout. */
const LIVE_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('terminal attacks in every field, every format', () => {
  const report = hostileReport(TERMINAL_PAYLOAD);
  const address = report.resources[0]!.address;

  it.each(REPORT_FORMATS)('%s writes no control or bidirectional character', (format) => {
    const out = formatReport(report, format, { color: false, revealSensitive: true });
    const stray = LIVE_CONTROL.exec(out);
    expect(
      stray === null ? undefined : `U+${stray[0].codePointAt(0)!.toString(16)} at ${stray.index}`,
    ).toBeUndefined();
  });

  it('json still parses to the same values', () => {
    const parsed = JSON.parse(formatReport(report, 'json', { revealSensitive: true })) as unknown;
    const resources = (parsed as { resources: { address: string; changes: { path: string }[] }[] })
      .resources;
    expect(resources[0]!.address).toBe(address);
    expect(resources[0]!.changes.at(-1)!.path).toBe(report.resources[0]!.changes.at(-1)!.path);
  });

  it('sarif still parses and names the resource as it is', () => {
    const log = JSON.parse(formatReport(report, 'sarif')) as {
      runs: { results: { message: { text: string } }[] }[];
    };
    expect(log.runs[0]!.results[0]!.message.text.startsWith(`${address}: `)).toBe(true);
  });

  it('junit stays well-formed XML', () => {
    expect(XMLValidator.validate(formatReport(report, 'junit'))).toBe(true);
  });

  it('html shows the characters as escapes', () => {
    const data = htmlData(formatReport(report, 'html'));
    expect(data.resources[0]![0]).toContain('\\u001b]52;c;');
    expect(data.resources[0]![0]).toContain('\\u202eevil');
  });
});
