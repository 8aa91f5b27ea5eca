/**
 * Resource address tokenising and address globs. Segments are separated by `.`, but index
 * keys such as `["a.b"]` contain dots (and brackets, and escaped quotes), so addresses are
 * split by a small scanner, never by `split('.')`.
 */
import { compileStringGlob, wildcardMatch } from './wildcard.js';

/**
 * Splits an address into segments (`module.a["x.y"].aws_s3_bucket.b` →
 * `['module', 'a["x.y"]', 'aws_s3_bucket', 'b']`). Returns an error message when the
 * address is malformed (unbalanced brackets or quotes, empty segment).
 * @internal
 */
export function tokenizeAddress(address: string): string[] | string {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i] as string;
    if (quoted) {
      current += ch;
      if (ch === '\\' && i + 1 < address.length) {
        current += address[++i] as string;
      } else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') {
      if (depth === 0) return `unexpected quote at column ${i + 1}`;
      quoted = true;
    } else if (ch === '[') {
      if (depth > 0) return `nested "[" at column ${i + 1}`;
      depth++;
    } else if (ch === ']') {
      if (depth === 0) return `unbalanced "]" at column ${i + 1}`;
      depth--;
    } else if (ch === '.' && depth === 0) {
      if (current === '') return `empty segment at column ${i + 1}`;
      segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (quoted) return 'unterminated string';
  if (depth > 0) return 'unclosed "["';
  if (current === '') return address === '' ? 'empty address' : 'empty last segment';
  segments.push(current);
  return segments;
}

type SegmentMatcher = { many: true } | { many: false; test: (segment: string) => boolean };

function compileSegment(pattern: string): SegmentMatcher {
  if (pattern === '**') return { many: true };
  if (pattern === '*') return { many: false, test: () => true };
  const matches = compileStringGlob(pattern);
  // A pattern without an index matches every instance: `web` matches `web[0]`, `web["a"]`.
  if (pattern.includes('[')) return { many: false, test: matches };
  return {
    many: false,
    test: (segment) => {
      const bracket = segment.indexOf('[');
      return matches(bracket === -1 ? segment : segment.slice(0, bracket));
    },
  };
}

/**
 * A compiled address glob: `*` within one segment, `**` any number of segments. Matching
 * takes at most (glob segments × address segments) segment tests, whatever the glob.
 * @internal
 */
export class AddressGlob {
  private readonly matchers: SegmentMatcher[];

  constructor(segments: readonly string[]) {
    // Consecutive `**` are one `**`.
    this.matchers = segments
      .filter((segment, i) => segment !== '**' || segments[i - 1] !== '**')
      .map(compileSegment);
  }

  /** Whether the tokenised address matches. */
  matches(segments: readonly string[]): boolean {
    const matchers = this.matchers;
    return wildcardMatch(
      matchers.length,
      segments.length,
      (p) => (matchers[p] as SegmentMatcher).many,
      (p, s) => {
        const m = matchers[p] as SegmentMatcher;
        return !m.many && m.test(segments[s] as string);
      },
    );
  }
}
