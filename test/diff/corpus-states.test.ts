/**
 * The built-in rules against every managed instance of the real states in the corpus: an
 * unchanged resource is in sync, and for live sides that differ a lot (everything removed,
 * every array reversed, every string changed) the patch applies to the state value and
 * leaves nothing to diff afterwards.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffResource } from '../../src/diff/diff-resource.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';
import { applied } from './helpers.js';

interface Sample {
  file: string;
  type: string;
  attributes: Record<string, unknown>;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const file of corpusFiles('state')) {
    let state: unknown;
    try {
      state = JSON.parse(readFileSync(corpusPath('state', file), 'utf8'));
    } catch {
      continue;
    }
    const resources = (state as { resources?: unknown }).resources;
    if (!Array.isArray(resources)) continue;
    for (const r of resources as Record<string, unknown>[]) {
      if (r.mode !== 'managed' || typeof r.type !== 'string' || !Array.isArray(r.instances))
        continue;
      for (const i of r.instances as Record<string, unknown>[]) {
        const attributes = i.attributes;
        if (attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)) {
          out.push({ file, type: r.type, attributes: attributes as Record<string, unknown> });
        }
      }
    }
  }
  return out;
}

function transform(value: unknown, f: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return f(value.map((v) => transform(v, f)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v, f)]));
  }
  return f(value);
}

const reverseArrays = (v: unknown): unknown => (Array.isArray(v) ? [...v].reverse() : v);
const changeStrings = (v: unknown): unknown => (typeof v === 'string' ? `${v}!` : v);

describe.skipIf(!hasCorpus)('built-in rules on real states', () => {
  const all = samples();

  it('finds instances in the corpus', () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it('an unchanged resource is in sync, with nothing left unchecked', () => {
    for (const s of all) {
      const result = diffResource(s.attributes, structuredClone(s.attributes), {
        type: s.type,
        address: `${s.type}.x`,
      });
      expect(result, `${s.file} ${s.type}`).toEqual({ patch: [], changes: [], notChecked: [] });
    }
  });

  const lives: [string, (attributes: Record<string, unknown>) => Record<string, unknown>][] = [
    ['empty', () => ({})],
    ['arrays reversed', (a) => transform(a, reverseArrays) as Record<string, unknown>],
    ['strings changed', (a) => transform(a, changeStrings) as Record<string, unknown>],
  ];
  for (const [name, makeLive] of lives) {
    it(`live "${name}": the patch applies and leaves no drift`, () => {
      for (const s of all) {
        const live = makeLive(s.attributes);
        const options = { type: s.type, address: `${s.type}.x`, revealSensitive: true };
        const first = diffResource(s.attributes, live, options);
        const after = applied(s.attributes, first.patch) as Record<string, unknown>;
        expect(diffResource(after, live, options).patch, `${s.file} ${s.type}`).toEqual([]);
        expect(first.changes).toHaveLength(first.patch.length);
      }
    });
  }
});
