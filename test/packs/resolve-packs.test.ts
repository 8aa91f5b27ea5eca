/**
 * How packs fold, on the resolved table itself: order, replacement, removal of whole packs
 * (and adding one back), and the per-scan cache.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOLVED, builtinPacks } from '../../src/packs/builtin-packs.js';
import { definePack } from '../../src/packs/define-pack.js';
import { resolvePacks } from '../../src/packs/resolve-packs.js';
import { scanPacks } from '../../src/packs/scan-packs.js';

const upper = { canonical: (text: string) => text.toUpperCase() };
const lower = { canonical: (text: string) => text.toLowerCase() };

describe('resolvePacks', () => {
  it('later packs add rules and replace comparators and derived maps of the same name', () => {
    const a = definePack({
      source: 'x/a',
      rules: { x_thing: { sets: ['/a'] } },
      comparators: { fold: upper },
      derivedMaps: [{ attribute: 'all', parts: ['some'], whenLiveLacks: 'use-first-part' }],
    });
    const b = definePack({
      source: 'x/b',
      rules: { x_thing: { sets: ['/b'], compare: { '/c': 'fold' } } },
      comparators: { fold: lower },
      derivedMaps: [{ attribute: 'all', parts: ['few'], whenLiveLacks: 'compare-first-part' }],
    });
    const resolved = resolvePacks([a, b]);
    expect(resolved.rules.x_thing).toEqual({ sets: ['/a', '/b'], compare: { '/c': 'fold' } });
    expect(resolved.comparators.get('fold')).toBe(lower);
    expect(resolved.derivedMaps.map((m) => m.parts)).toEqual([['few']]);
    expect([...(resolved.secrets.mirrors.get('few') ?? [])]).toEqual(['all']);
  });

  it('remove.packs drops earlier packs of that source; a later pack of it counts again', () => {
    const first = definePack({ source: 'x/a', comparators: { one: upper } });
    const drop = definePack({ source: 'me/drop', remove: { packs: ['x/a'] } });
    const again = definePack({ source: 'x/a', comparators: { two: lower } });
    const resolved = resolvePacks([first, drop, again]);
    expect(resolved.sources).toEqual(['me/drop', 'x/a']);
    expect([...resolved.comparators.keys()]).toEqual(['two']);
  });

  it('an emptyEqualsNull list loses the removed globs; `true` drops the setting', () => {
    const base = definePack({
      source: 'x/a',
      rules: { x_a: { emptyEqualsNull: ['/p', '/q'] }, x_b: { emptyEqualsNull: true } },
    });
    const remove = definePack({
      source: 'me/r',
      remove: { rules: { x_a: { emptyEqualsNull: ['/p'] }, x_b: { emptyEqualsNull: true } } },
    });
    expect(resolvePacks([base, remove]).rules).toEqual({
      x_a: { emptyEqualsNull: ['/q'] },
      x_b: {},
    });
  });

  it('the built-in packs resolve to the default table', () => {
    expect(resolvePacks(builtinPacks).sources).toEqual(BUILTIN_RESOLVED.sources);
  });
});

describe('scanPacks', () => {
  const pack = definePack({ source: 'x/a', comparators: { fold: upper } });

  it('reuses the table for the same packs, built-in only when none is given', () => {
    expect(scanPacks([], undefined, undefined)).toBe(BUILTIN_RESOLVED);
    const once = scanPacks([], [pack], undefined);
    expect(scanPacks([{ packs: [pack] }], [], undefined)).toBe(once);
    expect(scanPacks([], [pack, pack], undefined)).not.toBe(once);
    expect(once.comparators.get('fold')).toBe(upper);
  });

  it("points at a provider's malformed pack and at rules naming an unknown comparator", () => {
    expect(() => scanPacks([{ packs: [{ source: '' }] }], [], undefined)).toThrow(
      expect.objectContaining({ option: '/providers/0/packs/0/source' }),
    );
    expect(() =>
      scanPacks([{ rules: { x_a: { compare: { '/v': 'fold' } } } }], [], undefined),
    ).toThrow(expect.objectContaining({ option: '/providers/0/rules/x_a/compare/~1v' }));
    expect(() =>
      scanPacks([{ rules: { x_a: { compare: { '/v': 'fold' } } } }], [pack], undefined),
    ).not.toThrow();
  });
});
