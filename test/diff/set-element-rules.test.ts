/**
 * Per-leaf rules inside the elements of a set must give the verdict they give outside one.
 * Each case is checked three ways: as an ordered list (no `sets` rule, same order), as a
 * set in the same order, and as a set in another order (which needs the set matching). A
 * second element keeps the set from taking its one-element shortcut.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { diffResource } from '../../src/diff/diff-resource.js';
import type { Operation, TypeRules } from '../../src/diff/types.js';
import { applied } from './helpers.js';

const OTHER = { id: 'other', value: 1 };

/** The verdicts for one state element against one live element, at `/rule/0`. */
function verdicts(
  state: Record<string, unknown>,
  live: Record<string, unknown>,
  rules: TypeRules,
): { list: Operation[]; set: Operation[]; shuffled: Operation[] } {
  const asSet = { ...rules, sets: ['/rule', ...(rules.sets ?? [])] };
  const expected = { rule: [state, OTHER] };
  const list = diff(expected, { rule: [live, OTHER] }, rules);
  const set = diff(expected, { rule: [live, OTHER] }, asSet);
  const shuffled = diff(expected, { rule: [OTHER, live] }, asSet);
  // Whatever is emitted applies, and leaves nothing to report.
  for (const patch of [set, shuffled]) {
    expect(diff(applied(expected, patch), { rule: [OTHER, live] }, asSet)).toEqual([]);
  }
  return { list, set, shuffled };
}

function expectSame(
  state: Record<string, unknown>,
  live: Record<string, unknown>,
  rules: TypeRules,
  drift: boolean,
): void {
  const { list, set, shuffled } = verdicts(state, live, rules);
  expect(list.length > 0).toBe(drift);
  expect(set.length > 0).toBe(drift);
  expect(shuffled.length > 0).toBe(drift);
  if (drift) {
    // Terraform's way: the old element goes, the new one comes.
    expect(shuffled).toEqual([
      { op: 'remove', path: '/rule/0' },
      { op: 'add', path: '/rule/-', value: expect.anything() as unknown },
    ]);
  }
}

describe('defaults inside set elements', () => {
  const rules: TypeRules = { defaults: { '/rule/*/bucket_key_enabled': false } };

  it('a live default matches a state element where the member is null or absent', () => {
    expectSame(
      { id: 'a', bucket_key_enabled: null },
      { id: 'a', bucket_key_enabled: false },
      rules,
      false,
    );
    expectSame({ id: 'a' }, { id: 'a', bucket_key_enabled: false }, rules, false);
    expectSame(
      { id: 'a', bucket_key_enabled: null },
      { id: 'a', bucket_key_enabled: false },
      { ...rules, emptyEqualsNull: true },
      false,
    );
  });

  it('the issue example: remove+add before, nothing now', () => {
    expect(
      diff(
        { rule: [{ id: 'a', bucket_key_enabled: null }, { id: 'b' }] },
        { rule: [{ id: 'b' }, { id: 'a', bucket_key_enabled: false }] },
        { defaults: { '/rule/*/bucket_key_enabled': false }, sets: ['/rule'] },
      ),
    ).toEqual([]);
  });

  it('moving off the default, or from an explicit default to absent, is still drift', () => {
    expectSame(
      { id: 'a', bucket_key_enabled: null },
      { id: 'a', bucket_key_enabled: true },
      rules,
      true,
    );
    expectSame({ id: 'a' }, { id: 'a', bucket_key_enabled: true }, rules, true);
    expectSame({ id: 'a', bucket_key_enabled: false }, { id: 'a' }, rules, true);
    expectSame(
      { id: 'a', bucket_key_enabled: false },
      { id: 'a', bucket_key_enabled: true },
      rules,
      true,
    );
  });

  it('an explicit default in state equals the live default, and absent equals absent', () => {
    expectSame(
      { id: 'a', bucket_key_enabled: false },
      { id: 'a', bucket_key_enabled: false },
      rules,
      false,
    );
    expectSame({ id: 'a' }, { id: 'a' }, rules, false);
  });

  it('pairs look-alike elements so that every one finds its match', () => {
    // Live [default, absent] against state [absent, explicit default]: only the crossed
    // pairing works (absent ↔ absent, explicit ↔ default).
    const r: TypeRules = { ...rules, sets: ['/rule'] };
    const state = { rule: [{ id: 'a' }, { id: 'a', bucket_key_enabled: false }] };
    expect(diff(state, { rule: [{ id: 'a', bucket_key_enabled: false }, { id: 'a' }] }, r)).toEqual(
      [],
    );
    expect(
      diff(
        state,
        {
          rule: [
            { id: 'a', bucket_key_enabled: false },
            { id: 'a', bucket_key_enabled: false },
          ],
        },
        r,
      ),
    ).toEqual([]);
    // Two absent live elements: the explicit default has no partner.
    expect(diff(state, { rule: [{ id: 'a' }, { id: 'a' }] }, r)).toEqual([
      { op: 'remove', path: '/rule/1' },
      { op: 'add', path: '/rule/-', value: { id: 'a' } },
    ]);
  });

  it('applies in a set nested inside a set element', () => {
    const r: TypeRules = {
      sets: ['/rule', '/rule/*/filter'],
      defaults: { '/rule/*/filter/*/enabled': true },
    };
    const state = {
      rule: [
        { id: 'a', filter: [{ prefix: 'x' }, { prefix: 'y', enabled: null }] },
        { id: 'b', filter: [] },
      ],
    };
    const live = {
      rule: [
        { id: 'b', filter: [] },
        {
          id: 'a',
          filter: [
            { prefix: 'y', enabled: true },
            { prefix: 'x', enabled: true },
          ],
        },
      ],
    };
    expect(diff(state, live, r)).toEqual([]);
    const off = structuredClone(live);
    (off.rule[1]?.filter[0] as { enabled: boolean }).enabled = false;
    expect(diff(state, off, r)).toEqual([
      { op: 'remove', path: '/rule/0' },
      { op: 'add', path: '/rule/-', value: off.rule[1] },
    ]);
  });

  it('a default at an element member through diffResource (built-in rules on)', () => {
    const result = diffResource(
      {
        rule: [
          { id: 'a', bucket_key_enabled: null },
          { id: 'b', bucket_key_enabled: null },
        ],
      },
      {
        rule: [
          { id: 'b', bucket_key_enabled: false },
          { id: 'a', bucket_key_enabled: true },
        ],
      },
      {
        type: 'test_thing',
        address: 'test_thing.t',
        rules: {
          test_thing: { sets: ['/rule'], defaults: { '/rule/*/bucket_key_enabled': false } },
        },
      },
    );
    expect(result.patch).toEqual([
      { op: 'remove', path: '/rule/0' },
      { op: 'add', path: '/rule/-', value: { id: 'a', bucket_key_enabled: true } },
    ]);
  });
});

describe('the other per-leaf rules inside set elements', () => {
  it('emptyEqualsNull: null ≡ absent ≡ "" ≡ [] ≡ {}', () => {
    const rules: TypeRules = { emptyEqualsNull: ['/rule/*/note', '/rule/*/list', '/rule/*/map'] };
    expectSame({ id: 'a', note: null, list: [], map: {} }, { id: 'a', note: '' }, rules, false);
    expectSame({ id: 'a', note: null }, { id: 'a', note: 'x' }, rules, true);
    expectSame({ id: 'a', note: null }, { id: 'a' }, { emptyEqualsNull: true }, false);
  });

  it('coerce: "443" ≡ 443, "true" ≡ true, 80 ≡ "80"', () => {
    const rules: TypeRules = {
      coerce: { '/rule/*/port': 'number', '/rule/*/on': 'boolean', '/rule/*/name': 'string' },
    };
    expectSame(
      { id: 'a', port: '443', on: 'true', name: 80 },
      { id: 'a', port: 443, on: true, name: '80' },
      rules,
      false,
    );
    expectSame({ id: 'a', port: '443' }, { id: 'a', port: 444 }, rules, true);
  });

  it('caseInsensitive, cidr and protocols', () => {
    const rules: TypeRules = {
      caseInsensitive: ['/rule/*/engine'],
      compare: { '/rule/*/cidr': 'cidr', '/rule/*/protocol': 'ip-protocol' },
    };
    expectSame(
      { id: 'a', engine: 'MySQL', cidr: '2001:0DB8::/32', protocol: '6' },
      { id: 'a', engine: 'mysql', cidr: '2001:db8::/32', protocol: 'tcp' },
      rules,
      false,
    );
    expectSame({ id: 'a', protocol: '6' }, { id: 'a', protocol: 'udp' }, rules, true);
    expectSame({ id: 'a', cidr: '10.0.0.0/8' }, { id: 'a', cidr: '10.0.0.0/16' }, rules, true);
  });

  it('computed members are not compared', () => {
    const rules: TypeRules = { computed: ['/rule/*/arn'] };
    expectSame({ id: 'a', arn: 'arn:1' }, { id: 'a', arn: 'arn:2' }, rules, false);
    expectSame({ id: 'a' }, { id: 'a', arn: 'arn:2' }, rules, false);
  });

  it('reservedKeys: aws:* keys are dropped, and a live [{ Key, Value }] list equals the map', () => {
    const rules: TypeRules = { reservedKeys: { '/rule/*/tags': ['aws:'] } };
    expectSame(
      { id: 'a', tags: { Env: 'prod' } },
      { id: 'a', tags: { Env: 'prod', 'aws:cloudformation:stack-name': 's' } },
      rules,
      false,
    );
    expectSame(
      { id: 'a', tags: { Env: 'prod' } },
      { id: 'a', tags: [{ Key: 'Env', Value: 'prod' }] },
      rules,
      false,
    );
    expectSame(
      { id: 'a', tags: { Env: 'prod' } },
      { id: 'a', tags: [{ Key: 'Env', Value: 'dev' }] },
      rules,
      true,
    );
  });

  it('write-only members absent live are not drift; a different value live is', () => {
    const rules: TypeRules = { writeOnly: ['/rule/*/password'] };
    expectSame({ id: 'a', password: 'p' }, { id: 'a' }, rules, false);
    expectSame({ id: 'a', password: 'p' }, { id: 'a', password: 'q' }, rules, true);
  });

  it('a JSON string equals the parsed document, and a different document is drift', () => {
    const rules: TypeRules = { json: ['/rule/*/doc'] };
    expectSame(
      { id: 'a', doc: '{"b": 1, "a": [2]}' },
      { id: 'a', doc: { a: [2], b: 1 } },
      rules,
      false,
    );
    expectSame({ id: 'a', doc: '{"b": 1}' }, { id: 'a', doc: { b: 2 } }, rules, true);
  });
});

describe('big integers inside sets', () => {
  const big = 12345678901234567890n;
  const rounded = Number('12345678901234567890');
  const neighbour = 12345678901234567891n; // rounds to the same double

  it('a rounded live number matches the exact bigint, as in direct comparisons', () => {
    expect(diff({ n: big }, { n: rounded })).toEqual([]);
    expect(diff({ s: [big, 1] }, { s: [1, rounded] }, { sets: ['/s'] })).toEqual([]);
    expect(diff({ s: [big, 'x'] }, { s: ['x', rounded] }, { sets: ['/s'] })).toEqual([]);
    expectSame({ id: 'a', n: big }, { id: 'a', n: rounded }, {}, false);
    expectSame({ id: 'a', n: big }, { id: 'a', n: '12345678901234567890' }, {}, false);
    expectSame({ id: 'a', n: 2n ** 70n }, { id: 'a', n: 2 ** 70 }, {}, false);
    expectSame({ id: 'a', n: -big }, { id: 'a', n: -rounded }, {}, false);
  });

  it('under coerce rules too', () => {
    expectSame(
      { id: 'a', n: big },
      { id: 'a', n: rounded },
      { coerce: { '/rule/*/n': 'number' } },
      false,
    );
    expectSame(
      { id: 'a', n: big },
      { id: 'a', n: rounded },
      { coerce: { '/rule/*/n': 'string' } },
      false,
    );
  });

  it('a different big integer is still drift, even one that rounds to the same double', () => {
    expectSame({ id: 'a', n: big }, { id: 'a', n: big + 4096n }, {}, true);
    expectSame({ id: 'a', n: big }, { id: 'a', n: neighbour }, {}, true);
    expect(diff({ s: [big, big] }, { s: [neighbour, big] }, { sets: ['/s'] })).toEqual([
      { op: 'remove', path: '/s/1' },
      { op: 'add', path: '/s/-', value: '12345678901234567891' },
    ]);
  });

  it('two bigints that round alike each find their partner', () => {
    // The rounded number could match either: it must take the one the exact value leaves.
    const rules: TypeRules = { sets: ['/s'] };
    expect(diff({ s: [big, neighbour] }, { s: [rounded, big] }, rules)).toEqual([]);
    expect(diff({ s: [big, neighbour] }, { s: [neighbour, rounded] }, rules)).toEqual([]);
    expect(diff({ s: [big, neighbour] }, { s: [rounded, rounded] }, rules)).toEqual([]);
  });
});

describe('set matching at scale', () => {
  it('hundreds of look-alike elements that are not equal: all reported, patch applies', () => {
    // Every state element spells the default out, no live one does: same match key, never
    // equal, so the pairwise search meets its comparison bound.
    const rules: TypeRules = { sets: ['/s'], defaults: { '/s/*/f': false } };
    const state = { s: Array.from({ length: 500 }, () => ({ id: 1, f: false })) };
    const live = { s: Array.from({ length: 500 }, () => ({ id: 1 })) };
    const patch = diff(state, live, rules);
    expect(patch.filter((op) => op.op === 'remove')).toHaveLength(500);
    expect(patch.filter((op) => op.op === 'add')).toHaveLength(500);
    expect(applied(state, patch)).toEqual(live);
  });

  it('hundreds of look-alike elements that are equal all pair', () => {
    const rules: TypeRules = {
      sets: ['/s'],
      writeOnly: ['/s/*/pw'],
      defaults: { '/s/*/f': false },
    };
    const state = { s: Array.from({ length: 500 }, (_, i) => ({ id: i % 3, pw: 'x' })) };
    const live = { s: Array.from({ length: 500 }, (_, i) => ({ id: (499 - i) % 3, f: false })) };
    expect(diff(state, live, rules)).toEqual([]);
  });
});
