import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalStringify } from '../../src/diff/canonical-json.js';
import { diff } from '../../src/diff/diff.js';
import type { TypeRules } from '../../src/diff/types.js';
import { applied, asJson, hasUnsafeKey } from './helpers.js';

const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => !hasUnsafeKey(v));

/** Canonical text with arrays at `/s` sorted, to compare "equal up to set order". */
function sortedSet(value: unknown): string {
  const v = asJson(value) as { s?: unknown[] } | null;
  if (v !== null && typeof v === 'object' && Array.isArray(v.s)) {
    v.s = v.s.map((x) => canonicalStringify(x)).sort();
  }
  return canonicalStringify(v);
}

describe('diff properties (fast-check)', () => {
  it('with no rules, applying the patch to expected gives actual exactly', () => {
    fc.assert(
      fc.property(json, json, (expected, actual) => {
        const patch = diff(expected, actual);
        expect(asJson(applied(expected, patch))).toEqual(asJson(actual));
      }),
      { numRuns: 400 },
    );
  });

  it('with no rules, related documents (small edits) round-trip', () => {
    const doc = fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 6 });
    fc.assert(
      fc.property(doc, doc, doc, (base, extraA, extraB) => {
        const expected = { ...base, ...extraA, list: Object.values(extraA) };
        const actual = { ...base, ...extraB, list: Object.values(extraB) };
        if (hasUnsafeKey(expected) || hasUnsafeKey(actual)) return;
        expect(asJson(applied(expected, diff(expected, actual)))).toEqual(asJson(actual));
      }),
      { numRuns: 200 },
    );
  });

  it('ordered lists with repeated elements (splices, shifts) round-trip exactly', () => {
    const list = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        expect(applied({ l: a }, diff({ l: a }, { l: b }))).toEqual({ l: b });
      }),
      { numRuns: 500 },
    );
  });

  it('diff(x, x) and diff(x, clone(x)) are always empty', () => {
    const rules: TypeRules = { sets: ['/s'], emptyEqualsNull: true };
    fc.assert(
      fc.property(json, (x) => {
        expect(diff(x, x)).toEqual([]);
        expect(diff(x, structuredClone(x))).toEqual([]);
        expect(diff({ s: x }, { s: structuredClone(x) }, rules)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with set rules, the patch gives actual up to set order, and a shuffle is no drift', () => {
    const rules: TypeRules = { sets: ['/s'] };
    const set = fc.array(json, { maxLength: 8 });
    fc.assert(
      fc.property(set, set, json, json, (s1, s2, t1, t2) => {
        const expected = { s: s1, t: t1 };
        const actual = { s: s2, t: t2 };
        const patch = diff(expected, actual, rules);
        expect(sortedSet(applied(expected, patch))).toBe(sortedSet(actual));
        const shuffled = { s: [...s1].reverse(), t: t1 };
        expect(diff(expected, shuffled, rules)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('defaults and big integers in set elements: a set drifts exactly when, sorted, the list does', () => {
    const big = 12345678901234567890n;
    // Optional keys: a member is absent, `null`, the default, or off it; a number is an
    // exact bigint, its neighbour (same double), the rounded double, its digits, or small.
    const members = fc.record(
      {
        flag: fc.constantFrom(null, false, true),
        n: fc.constantFrom(big, big + 1n, Number(big), '12345678901234567890', 1),
      },
      { requiredKeys: [] },
    );
    const rules: TypeRules = { defaults: { '/s/*/flag': false } };
    const setRules: TypeRules = { ...rules, sets: ['/s'] };
    fc.assert(
      fc.property(
        fc.array(members, { maxLength: 6 }),
        fc.array(fc.option(members), { maxLength: 6 }),
        fc.nat(),
        (stateMembers, edits, turn) => {
          const state = stateMembers.map((m, id) => ({ id, ...m }));
          // Each element kept as it is (or absent edit), or its members replaced.
          const edited = state.map((e, id) => {
            const edit = edits[id];
            return edit === undefined || edit === null ? { ...e } : { id, ...edit };
          });
          if (turn % 5 === 0) edited.pop();
          const at = edited.length === 0 ? 0 : turn % edited.length;
          const live = [...edited.slice(at), ...edited.slice(0, at)];
          const setPatch = diff({ s: state }, { s: live }, setRules);
          const byId = [...live].sort((x, y) => x.id - y.id);
          const listPatch = diff({ s: state }, { s: byId }, rules);
          expect(setPatch.length > 0).toBe(listPatch.length > 0);
          // The patch applies, and what it gives has no drift left against live.
          expect(diff(applied({ s: state }, setPatch), { s: live }, setRules)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('removals inside one array always come in descending index order', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 10 }), fc.array(json, { maxLength: 10 }), (a, b) => {
        const removed = diff({ a }, { a: b })
          .filter((op) => op.op === 'remove' && /^\/a\/\d+$/.test(op.path))
          .map((op) => Number(op.path.slice(3)));
        expect(removed).toEqual([...removed].sort((x, y) => y - x));
      }),
      { numRuns: 200 },
    );
  });
});
