/**
 * Ignore rules: `.driftignore` text or rule objects, matched against resource addresses
 * (globs over address segments) and giving JSON Pointer globs to drop from both sides.
 */
import { ConfigParseError, InvalidOptionError } from '../errors.js';
import { AddressGlob, tokenizeAddress } from './address-glob.js';
import { isValidPointer } from './json-pointer.js';

/** One ignore rule: an address glob and an optional JSON Pointer glob. @public */
export interface IgnoreRule {
  /** Address glob: `*` within one segment, `**` any number of segments. */
  address: string;
  /** JSON Pointer glob (starts with `/`); absent ignores the whole resource. */
  path?: string;
  /** `true` re-includes what earlier rules ignored (`!` in `.driftignore`). */
  negate?: boolean;
}

/** What the ignore rules say about one resource address. @internal */
export interface IgnoreVerdict {
  /** The whole resource is ignored. */
  whole: boolean;
  /** Pointer globs to drop from both sides. */
  paths: string[];
}

/** Ignore rules compiled for matching. @internal */
export interface IgnoreMatcher {
  /** The verdict for one resource address, after applying `!` negations in order. */
  forAddress(address: string): IgnoreVerdict;
}

/** Removes a comment: `#` at the start of a line or after whitespace, outside quotes. */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}

/** Splits at the first whitespace outside quotes. */
function splitAddress(text: string): [string, string] {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (/\s/.test(ch as string)) return [text.slice(0, i), text.slice(i).trim()];
  }
  return [text, ''];
}

/** The longest address or path glob a rule may have, in characters. @internal */
export const MAX_GLOB_LENGTH = 4096;
/** The most segments an address or path glob may have. @internal */
export const MAX_GLOB_SEGMENTS = 256;

/** What is wrong with the size of a glob, or `null`. Keeps messages short for huge globs. */
function checkSize(kind: string, glob: string, segments: number): string | null {
  if (glob.length > MAX_GLOB_LENGTH) {
    return `${kind} glob of ${glob.length} characters is longer than the limit of ${MAX_GLOB_LENGTH}`;
  }
  if (segments > MAX_GLOB_SEGMENTS) {
    return `${kind} glob of ${segments} segments has more than the limit of ${MAX_GLOB_SEGMENTS}`;
  }
  return null;
}

function checkRule(rule: IgnoreRule): string | null {
  if (typeof rule !== 'object' || rule === null) return 'expected a rule object';
  if (typeof rule.address !== 'string' || rule.address === '') return 'missing address glob';
  if (rule.address.length > MAX_GLOB_LENGTH) return checkSize('address', rule.address, 0);
  const tokens = tokenizeAddress(rule.address);
  if (typeof tokens === 'string') return `invalid address glob "${rule.address}": ${tokens}`;
  const tooBig = checkSize('address', rule.address, tokens.length);
  if (tooBig !== null) return tooBig;
  if (rule.path !== undefined) {
    if (typeof rule.path !== 'string' || !rule.path.startsWith('/')) {
      return `invalid path "${String(rule.path)}": a JSON Pointer glob starts with "/"`;
    }
    const pathTooBig = checkSize('path', rule.path, rule.path.split('/').length - 1);
    if (pathTooBig !== null) return pathTooBig;
    if (!isValidPointer(rule.path)) {
      return `invalid path "${rule.path}": "~" must be followed by 0 or 1`;
    }
  }
  return null;
}

/**
 * Parses `.driftignore` text into rules: one rule a line, an address glob optionally
 * followed by whitespace and a JSON Pointer glob; `#` starts a comment at the start of a
 * line or after whitespace; a leading `!` re-includes.
 *
 * @throws {@link ConfigParseError} with the 1-based `line` of the first invalid rule.
 * @example
 * ```ts
 * parseDriftignore('aws_s3_bucket.* /tags_all/LastScanned  # set by a scanner\n!aws_s3_bucket.audit');
 * // → [{ address: 'aws_s3_bucket.*', path: '/tags_all/LastScanned' },
 * //    { address: 'aws_s3_bucket.audit', negate: true }]
 * ```
 * @public
 */
export function parseDriftignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    let body = stripComment(lines[n] as string).trim();
    if (body === '') continue;
    const negate = body.startsWith('!');
    if (negate) body = body.slice(1).trim();
    const [address, path] = splitAddress(body);
    const rule: IgnoreRule = { address };
    if (path !== '') rule.path = path;
    if (negate) rule.negate = true;
    const problem = address === '' ? 'missing address glob after "!"' : checkRule(rule);
    if (problem !== null) {
      throw new ConfigParseError(`.driftignore line ${n + 1}: ${problem}`, {
        file: '.driftignore',
        line: n + 1,
      });
    }
    rules.push(rule);
  }
  return rules;
}

/**
 * Compiles ignore rules (or `.driftignore` text) for matching addresses.
 *
 * A negated rule without a path re-includes the whole resource (dropping every earlier
 * path glob for it); a negated rule with a path removes that exact path glob. A path
 * negation cannot carve an exception out of a wholly ignored resource.
 *
 * @throws {@link ConfigParseError} for invalid `.driftignore` text, {@link InvalidOptionError}
 * for a rule object that is not valid.
 * @internal
 */
export function compileIgnore(rules: string | readonly IgnoreRule[]): IgnoreMatcher {
  if (typeof rules !== 'string' && !Array.isArray(rules)) {
    throw new InvalidOptionError('ignore rules must be .driftignore text or an array of rules', {
      option: '/ignore',
    });
  }
  const list = typeof rules === 'string' ? parseDriftignore(rules) : rules;
  const compiled = list.map((rule, index) => {
    const problem = checkRule(rule);
    if (problem !== null) {
      throw new InvalidOptionError(`ignore rule ${index + 1}: ${problem}`, {
        option: `/ignore/${index}`,
      });
    }
    return {
      glob: new AddressGlob(tokenizeAddress(rule.address) as string[]),
      path: rule.path,
      negate: rule.negate === true,
    };
  });
  return {
    forAddress(address: string): IgnoreVerdict {
      const verdict: IgnoreVerdict = { whole: false, paths: [] };
      const segments = tokenizeAddress(address);
      if (typeof segments === 'string') return verdict;
      for (const rule of compiled) {
        if (!rule.glob.matches(segments)) continue;
        if (rule.negate) {
          if (rule.path === undefined) {
            verdict.whole = false;
            verdict.paths = [];
          } else {
            verdict.paths = verdict.paths.filter((p) => p !== rule.path);
          }
        } else if (rule.path === undefined) {
          verdict.whole = true;
        } else if (!verdict.paths.includes(rule.path)) {
          verdict.paths.push(rule.path);
        }
      }
      return verdict;
    },
  };
}
