/**
 * Pointer-glob matching of the compiled rules, seen through `diff`: `*`, `**`, partial
 * globs, numeric tokens, escaped keys, and isolation between rule objects.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { RuleAutomaton } from '../../src/diff/rule-node.js';

describe('rule globs', () => {
  it('`*` matches one token, `**` any number (including none)', () => {
    const one = { computed: ['/a/*/x'] };
    expect(diff({ a: { k: { x: 1 } } }, { a: { k: { x: 2 } } }, one)).toEqual([]);
    expect(diff({ a: { k: { m: { x: 1 } } } }, { a: { k: { m: { x: 2 } } } }, one)).toHaveLength(1);
    const many = { computed: ['/a/**/x'] };
    expect(diff({ a: { x: 1 } }, { a: { x: 2 } }, many)).toEqual([]);
    expect(diff({ a: { k: { m: { x: 1 } } } }, { a: { k: { m: { x: 2 } } } }, many)).toEqual([]);
    expect(diff({ b: { x: 1 } }, { b: { x: 2 } }, many)).toHaveLength(1);
  });

  it('partial globs, numeric tokens and escaped keys', () => {
    expect(
      diff(
        { t: { LastScan: 1, Owner: 'a' } },
        { t: { LastScan: 2, Owner: 'a' } },
        { computed: ['/t/Last*'] },
      ),
    ).toEqual([]);
    expect(
      diff({ l: [{ v: 1 }, { v: 1 }] }, { l: [{ v: 2 }, { v: 2 }] }, { computed: ['/l/0/v'] }),
    ).toEqual([{ op: 'replace', path: '/l/1/v', value: 2 }]);
    expect(
      diff(
        { m: { 'a/b': 1, '~': 1 } },
        { m: { 'a/b': 2, '~': 2 } },
        { computed: ['/m/a~1b', '/m/~0'] },
      ),
    ).toEqual([]);
  });

  it('a glob for the root applies to the whole value', () => {
    expect(diff('ABC', 'abc', { caseInsensitive: [''] })).toEqual([]);
    expect(diff(1, 2)).toEqual([{ op: 'replace', path: '', value: 2 }]);
  });

  it('compiles each rules object once and keeps rule objects apart', () => {
    const a = new RuleAutomaton({ sets: ['/s'] });
    const b = new RuleAutomaton({});
    expect(a.root?.child('s')?.set).toBe(true);
    expect(b.root).toBeNull();
    // Nodes are shared per position set: asking twice gives the same node.
    expect(a.root?.child('s')).toBe(a.root?.child('s'));
    expect(a.root?.child('other')).toBeNull();
  });
});
