/**
 * Real Terraform states from the shared corpus (odd addresses, for_each keys with quotes and
 * spaces, deposed and tainted objects, hundreds of resources) through every format: each must
 * stay well-formed. The live side is an empty snapshot that claims every type, so every
 * instance comes out `missing`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  isDriftReport,
  detectDrift,
  formatReport,
  isTfdriftError,
  parseState,
  snapshotProvider,
} from '../../src/index.js';
import type { TerraformState } from '../../src/index.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';
import { htmlData } from './rendered.js';

const schemaPath = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

/** The corpus states tfdrift can parse (the others are tested by the state engineer). */
function parsedStates(): [string, TerraformState][] {
  const out: [string, TerraformState][] = [];
  for (const file of corpusFiles('state')) {
    try {
      out.push([file, parseState(readFileSync(corpusPath('state', file)))]);
    } catch (error) {
      if (!isTfdriftError(error)) throw error;
    }
  }
  return out;
}

describe.skipIf(!hasCorpus)('corpus states in every format', () => {
  it('stay valid JSON (schema), SARIF 2.1.0 and XML, and name every instance', async () => {
    const states = parsedStates();
    expect(states.length).toBeGreaterThan(10);
    for (const [file, state] of states) {
      const types = [
        ...new Set(state.resources.filter((r) => r.mode === 'managed').map((r) => r.type)),
      ];
      const report = await detectDrift({
        state,
        providers: [snapshotProvider({ data: { types } })],
      });
      const json = formatReport(report, 'json');
      expect(isDriftReport(JSON.parse(json)), file).toBe(true);
      expect(validateSarif(JSON.parse(formatReport(report, 'sarif'))), file).toBe(true);
      const xml = formatReport(report, 'junit');
      expect(XMLValidator.validate(xml), file).toBe(true);
      expect((xml.match(/<testcase /g) ?? []).length, file).toBe(report.resources.length);
      expect(formatReport(report, 'markdown').length, file).toBeLessThanOrEqual(65_536);
      const html = formatReport(report, 'html');
      expect(htmlData(html).resources.length, file).toBe(report.resources.length);
    }
  });
});
