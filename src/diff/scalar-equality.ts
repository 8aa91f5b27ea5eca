/**
 * Equality of scalar values, raw or under a node's leaf rules (coercion, case, CIDR…).
 * `scalarKey` gives the same verdict as a string, so set elements can be hashed.
 *
 * Big integers: the state parser may hand us a `bigint` (or a rounded `number`) for a value
 * beyond 2^53; the live side may be a `bigint`, a digit string or a rounded `number`. A value
 * that rounds to the same double is not drift: we cannot tell them apart, and claiming drift
 * would be the false positive lossy parsing invents.
 */
import type { Comparator } from '../packs/types.js';
import { canonicalJsonText, canonicalStringify } from './canonical-json.js';
import { LeafFlag, type RuleNode } from './rule-node.js';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isUnsafeInteger(n: number): boolean {
  return Number.isInteger(n) && !Number.isSafeInteger(n);
}

/**
 * Raw equality: `===`, plus the big-integer cases (bigint ≡ same digits, and a rounded
 * double ≡ the exact integer it came from) and NaN ≡ NaN.
 * @internal
 */
function rawScalarEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') return bigintEquals(a as bigint, b);
  if (tb === 'bigint') return bigintEquals(b as bigint, a);
  if (ta === 'number') {
    if (tb === 'number') return Number.isNaN(a) && Number.isNaN(b);
    return tb === 'string' && roundedEquals(a as number, b as string);
  }
  return ta === 'string' && tb === 'number' && roundedEquals(b as number, a as string);
}

function bigintEquals(big: bigint, other: unknown): boolean {
  if (typeof other === 'number') return Number(big) === other;
  if (typeof other === 'string') return INTEGER.test(other) && BigInt(other) === big;
  return false;
}

function roundedEquals(n: number, digits: string): boolean {
  return isUnsafeInteger(n) && INTEGER.test(digits) && Number(digits) === n;
}

function numberKey(value: unknown): string | null {
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? String(n) : value.toString();
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (INTEGER.test(text)) {
      const big = BigInt(text);
      const n = Number(big);
      return Number.isSafeInteger(n) ? String(n) : big.toString();
    }
    if (NUMBER.test(text)) return String(Number(text));
  }
  return null;
}

function booleanKey(value: unknown): string | null {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === 'false') return text;
  }
  return null;
}

function normalizeString(text: string, flags: number, comparator: Comparator | null): string {
  let s = text;
  if (flags & LeafFlag.document && comparator !== null) return 'c' + comparator.canonical(s);
  if (flags & LeafFlag.json) return 'j' + (canonicalJsonText(s) ?? s);
  if (flags & LeafFlag.timestamp) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return 't' + String(t);
  }
  if (flags & LeafFlag.caseInsensitive) s = s.toLowerCase();
  if (flags & LeafFlag.trailingDot && s.endsWith('.') && s.length > 1) s = s.slice(0, -1);
  if (flags & LeafFlag.compare && comparator !== null) s = comparator.canonical(s);
  return JSON.stringify(s);
}

/**
 * A string that is equal for two scalars exactly when they are equal under `node`'s rules.
 * @internal
 */
export function scalarKey(value: unknown, node: RuleNode | null): string {
  const coerce = node === null ? null : node.coerce;
  const flags = node === null ? 0 : node.leaf;
  const comparator = node === null ? null : node.comparator;
  if (flags & JSON_FLAGS && typeof value === 'object' && value !== null) {
    // An API (or SDK-based provider) may hand back the document already parsed.
    return normalizeString(canonicalStringify(value), flags, comparator);
  }
  if (coerce === 'number') {
    const k = numberKey(value);
    if (k !== null) return k;
  } else if (coerce === 'boolean') {
    const k = booleanKey(value);
    if (k !== null) return k;
  }
  switch (typeof value) {
    case 'string':
      return flags === 0 ? JSON.stringify(value) : normalizeString(value, flags, comparator);
    case 'number':
    case 'bigint':
    case 'boolean':
      if (coerce === 'string' || (flags & LeafFlag.compare && comparator?.scalars === true)) {
        return normalizeString(String(value), flags, comparator);
      }
      if (typeof value === 'boolean') return String(value);
      // An exact big integer is its digits, as a string of digits is (see rawScalarEqual).
      if (typeof value === 'bigint' && !Number.isSafeInteger(Number(value))) {
        return JSON.stringify(value.toString());
      }
      return numberKey(value) as string;
    default:
      return value === undefined ? 'undefined' : 'null';
  }
}

const JSON_FLAGS = LeafFlag.json | LeafFlag.document;

/**
 * Whether a JSON-in-string attribute and a parsed document (or two spellings) are the same
 * document under `node`'s rules.
 * @internal
 */
export function jsonEquivalent(a: unknown, b: unknown, node: RuleNode | null): boolean {
  return (
    node !== null && (node.leaf & JSON_FLAGS) !== 0 && scalarKey(a, node) === scalarKey(b, node)
  );
}

/**
 * Whether two scalars are equal under `node`'s rules.
 * @internal
 */
export function scalarEqual(a: unknown, b: unknown, node: RuleNode | null): boolean {
  if (rawScalarEqual(a, b)) return true;
  if (node === null || (node.leaf === 0 && node.coerce === null)) return false;
  return scalarKey(a, node) === scalarKey(b, node);
}
