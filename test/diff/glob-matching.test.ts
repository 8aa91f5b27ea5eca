/**
 * Hostile `.driftignore` globs: matching must stay bounded by pattern × subject whatever the
 * glob (no exponential backtracking, no recursion), and the parser and matcher must answer
 * any input with a result or a ConfigParseError, never an untyped error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressGlob, tokenizeAddress } from '../../src/diff/address-glob.js';
import { diffResource } from '../../src/diff/diff-resource.js';
import {
  MAX_GLOB_LENGTH,
  MAX_GLOB_SEGMENTS,
  compileIgnore,
  parseDriftignore,
} from '../../src/diff/ignore.js';
import { compileStringGlob, wildcardMatch } from '../../src/diff/wildcard.js';
import { ConfigParseError, InvalidOptionError, isTfdriftError } from '../../src/errors.js';

/** The address of `depth` nested modules. */
const nested = (depth: number): string =>
  `${Array.from({ length: depth }, (_, i) => `module.m${i}`).join('.')}.aws_s3_bucket.b`;

/** An array that counts reads of its elements. */
function counted(items: string[]): { list: string[]; reads: () => number } {
  let reads = 0;
  const list = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { list, reads: () => reads };
}

/** A glob as a backtracking regular expression: exponential, but a fine oracle on small inputs. */
function globRegex(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${body}$`);
}

function referenceSegmentMatch(glob: string, segment: string): boolean {
  if (glob === '*') return true;
  const byName = !glob.includes('[');
  const bracket = segment.indexOf('[');
  return globRegex(glob).test(byName && bracket !== -1 ? segment.slice(0, bracket) : segment);
}

/** The obvious recursive matcher over segments, the same kind of oracle. */
function referenceMatch(globs: string[], segments: string[]): boolean {
  if (globs.length === 0) return segments.length === 0;
  const [head, ...rest] = globs as [string, ...string[]];
  if (head === '**') {
    for (let k = 0; k <= segments.length; k++) {
      if (referenceMatch(rest, segments.slice(k))) return true;
    }
    return false;
  }
  return (
    segments.length > 0 &&
    referenceSegmentMatch(head, segments[0] as string) &&
    referenceMatch(rest, segments.slice(1))
  );
}

describe('wildcardMatch', () => {
  it('calls the element test at most pattern × subject times, whatever the pattern', () => {
    const pattern = `${'a*'.repeat(30)}b`;
    const subject = 'a'.repeat(200);
    let calls = 0;
    const matched = wildcardMatch(
      pattern.length,
      subject.length,
      (p) => pattern[p] === '*',
      (p, s) => {
        calls++;
        return pattern[p] === subject[s];
      },
    );
    expect(matched).toBe(false);
    expect(calls).toBeLessThanOrEqual(pattern.length * subject.length);
  });

  it('treats runs of stars as one star, and matches across any character', () => {
    expect(compileStringGlob('a**b')('a\nxb')).toBe(true);
    expect(compileStringGlob('***')('')).toBe(true);
    expect(compileStringGlob('a*')('b')).toBe(false);
    expect(compileStringGlob('a.b')('axb')).toBe(false);
  });
});

describe('address globs against hostile patterns', () => {
  it('tests each address segment at most (glob segments × address segments) times', () => {
    // Before: a recursive `**` tried every split, C(26, 6) ≈ 230,000 reads for this miss.
    const globs = [...Array.from({ length: 6 }, () => ['**', 'm*']).flat(), 'x'];
    const segments = tokenizeAddress(nested(10)) as string[];
    const { list, reads } = counted(segments);
    expect(new AddressGlob(globs).matches(list)).toBe(false);
    expect(reads()).toBeLessThanOrEqual((globs.length + 1) * (segments.length + 1));
  });

  it('matches 12 `**` against a 10-module address, and hundreds of them', () => {
    const address = nested(10);
    expect(compileIgnore(`${'**.'.repeat(12)}x`).forAddress(address).whole).toBe(false);
    expect(compileIgnore(`${'**.'.repeat(12)}b`).forAddress(address).whole).toBe(true);
    // Within the limits, and deeper than a recursive matcher's stack would allow per call.
    const many = `${'**.'.repeat(MAX_GLOB_SEGMENTS - 1)}b`;
    expect(compileIgnore(many).forAddress(address).whole).toBe(true);
  });

  it('matches `a*a*…*b` against long keys without backtracking', () => {
    // Before: a regex with one `.*` per star, exponential in the number of stars.
    const m = compileIgnore(`module.${'a*'.repeat(16)}b`);
    expect(m.forAddress(`module.${'a'.repeat(64)}`).whole).toBe(false);
    expect(m.forAddress(`module.${'a'.repeat(64)}b`).whole).toBe(true);
  });

  it('matches `a*a*…*b` pointer globs in ignored paths without backtracking', () => {
    const key = 'a'.repeat(64);
    const glob = `/tags/${'a*'.repeat(16)}b`;
    const drift = diffResource(
      { tags: { [key]: '1', [`${key}b`]: '1' } },
      { tags: { [key]: '2', [`${key}b`]: '2' } },
      { type: 'x_thing', address: 'x_thing.a', ignorePaths: [glob] },
    );
    expect(drift.patch.map((op) => op.path)).toEqual([`/tags/${key}`]);
  });

  it('refuses globs over the size limits with a ConfigParseError naming the limit', () => {
    const tooMany = `${'**.'.repeat(20_000)}x`;
    const tooLong = `aws_vpc.${'a'.repeat(MAX_GLOB_LENGTH)}`;
    const tooDeep = `aws_vpc.x ${'/a'.repeat(MAX_GLOB_SEGMENTS + 1)}`;
    for (const [text, limit] of [
      [tooMany, /limit of 4096/],
      [tooLong, /limit of 4096/],
      [tooDeep, /segments has more than the limit of 256/],
    ] as const) {
      expect(() => parseDriftignore(`# ok\n${text}`)).toThrow(limit);
      try {
        parseDriftignore(`# ok\n${text}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigParseError);
        expect((error as ConfigParseError).line).toBe(2);
        expect((error as Error).message.length).toBeLessThan(200);
      }
    }
    // Rule objects are options, not a file: their errors point at the option.
    expect(() => compileIgnore([{ address: tooMany }])).toThrow(InvalidOptionError);
  });

  it('rejects rules that are not rule objects with an InvalidOptionError at the rule', () => {
    expect(() => compileIgnore([null as never])).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', option: '/ignore/0' }),
    );
    expect(() => compileIgnore(42 as never)).toThrow(InvalidOptionError);
    expect(() => compileIgnore([{ address: 7 } as never])).toThrow(InvalidOptionError);
  });
});

describe('.driftignore parser and matcher (fast-check)', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          '**',
          '*',
          '.',
          '[',
          ']',
          '"',
          '\\',
          '!',
          '#',
          ' ',
          '/',
          '~',
          '\n',
          'a',
          '0',
        ),
        {
          maxLength: 80,
        },
      )
      .map((parts) => parts.join('')),
  );

  it('answers any text with rules or a ConfigParseError, and any address with a verdict', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, address) => {
        let matcher;
        try {
          matcher = compileIgnore(text);
        } catch (error) {
          expect(isTfdriftError(error) && error.code === 'CONFIG_PARSE').toBe(true);
          return;
        }
        const verdict = matcher.forAddress(address);
        expect(typeof verdict.whole).toBe('boolean');
        expect(Array.isArray(verdict.paths)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a reference matcher on small globs and addresses', () => {
    const globSegment = fc.constantFrom(
      '**',
      '*',
      'a*',
      '*b',
      'a*b',
      'ab',
      'm',
      'm*',
      'web',
      'w*[0]',
      'web["k.a"]',
    );
    const addressSegment = fc.constantFrom(
      'a',
      'b',
      'ab',
      'aab',
      'm',
      'mb',
      'web',
      'web[0]',
      'web["k.a"]',
      'wx[0]',
    );
    fc.assert(
      fc.property(
        fc.array(globSegment, { minLength: 1, maxLength: 7 }),
        fc.array(addressSegment, { minLength: 1, maxLength: 7 }),
        (globs, segments) => {
          const expected = referenceMatch(globs, segments);
          expect(new AddressGlob(globs).matches(segments)).toBe(expected);
          expect(compileIgnore(globs.join('.')).forAddress(segments.join('.')).whole).toBe(
            expected,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with a regular expression on small in-segment globs', () => {
    const glob = fc
      .array(fc.constantFrom('a', 'b', '*', '.', '\n'), { maxLength: 8 })
      .map((p) => p.join(''));
    const subject = fc
      .array(fc.constantFrom('a', 'b', '.', '\n'), { maxLength: 10 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(glob, subject, (g, s) => {
        expect(compileStringGlob(g)(s)).toBe(globRegex(g).test(s));
      }),
      { numRuns: 2000 },
    );
  });
});
