import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { applied, asJson } from './helpers.js';

interface ConformanceCase {
  comment?: string;
  doc: unknown;
  expected?: unknown;
  error?: string;
  disabled?: boolean;
}

function cases(file: string): ConformanceCase[] {
  if (!hasCorpus) return [];
  const all = JSON.parse(
    readFileSync(corpusPath('json-patch-tests', file), 'utf8'),
  ) as ConformanceCase[];
  return all.filter((c) => c.error === undefined && 'expected' in c && c.disabled !== true);
}

describe.skipIf(!hasCorpus)('JSON Patch conformance corpus round-trips through diff', () => {
  for (const file of ['tests.json', 'spec_tests.json']) {
    const list = cases(file);
    it(`${file}: has cases`, () => {
      expect(list.length).toBeGreaterThan(5);
    });
    list.forEach((c, i) => {
      it(`${file} #${i}: ${c.comment ?? 'no comment'}`, () => {
        const patch = diff(c.doc, c.expected);
        expect(asJson(applied(c.doc, patch))).toEqual(asJson(c.expected));
        expect(diff(c.expected, c.expected)).toEqual([]);
      });
    });
  }
});
