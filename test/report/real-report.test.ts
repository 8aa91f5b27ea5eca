/**
 * A real report (detectDrift over the bundled example) through every format, each checked
 * by its consumer's rules: the zod schema, the SARIF 2.1.0 schema, XML well-formedness.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport, detectDrift, formatReport, snapshotProvider } from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { decodeReferences, htmlData } from './rendered.js';

const BASIC = join(import.meta.dirname, '..', '..', 'examples', 'basic');
let report: DriftReport;

beforeAll(async () => {
  report = await detectDrift({
    state: join(BASIC, 'terraform.tfstate'),
    providers: [snapshotProvider({ file: join(BASIC, 'live-snapshot.json') })],
    unmanaged: true,
  });
});

describe('a real detectDrift report in every format', () => {
  it('has drift to show', () => {
    expect(report.summary.drifted).toBeGreaterThan(0);
  });

  it('json round-trips through parseReport', () => {
    const parsed = parseReport(formatReport(report, 'json'));
    expect(parsed.summary).toEqual(report.summary);
  });

  it('sarif is valid SARIF 2.1.0 with one result per drifted change', () => {
    const schemaPath = createRequire(import.meta.url).resolve(
      '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
    );
    const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const log = JSON.parse(formatReport(report, 'sarif'));
    expect(validate(log)).toBe(true);
    const changes = report.resources
      .filter((r) => r.status === 'drifted')
      .reduce((n, r) => n + r.changes.length, 0);
    const drifted = (log.runs[0].results as { ruleId: string }[]).filter(
      (r) => r.ruleId === 'drifted',
    );
    expect(drifted).toHaveLength(changes);
  });

  it('junit is well-formed with one test case per resource', () => {
    const xml = formatReport(report, 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(report.resources.length);
  });

  it('text, markdown and html name every drifted resource', () => {
    const outputs = (['text', 'markdown', 'html'] as const).map((f) =>
      formatReport(report, f, { color: false }),
    );
    for (const r of report.resources.filter((x) => x.status === 'drifted')) {
      expect(outputs[0]).toContain(r.address);
      expect(decodeReferences(outputs[1]!)).toContain(`<code>${r.address}</code>`);
      expect(htmlData(outputs[2]!).resources.map(([address]) => address)).toContain(r.address);
    }
  });
});
