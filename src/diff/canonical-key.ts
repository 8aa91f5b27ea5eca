/**
 * The canonical key of a value under its rules: equal keys ⇔ equal after normalization.
 * Set elements are matched by it, and sorted by it so patches are deterministic.
 *
 * Some rules are not equivalences, so no key can decide them: a default (a live default
 * matches a state `null` or absent, but a live absent does not match a state default),
 * write-only members (absent live), tag lists (a live list matches a state map), parsed
 * JSON documents, and big integers (a `bigint` equals the double it rounds to, yet two
 * `bigint`s that round to the same double differ). `canonicalKey` keeps those apart, so
 * equal keys still prove equality; {@link matchKey} folds them, so equality proves equal
 * match keys, and set matching confirms its candidates pair by pair.
 */
import { LeafFlag, type RuleNode } from './rule-node.js';
import { scalarKey } from './scalar-equality.js';
import { tagListToMap } from './tag-list.js';
import { isVoid } from './void-value.js';

/**
 * Canonical key of `value` at `node`.
 * @internal
 */
export function canonicalKey(
  value: unknown,
  node: RuleNode | null,
  emptyNullEverywhere: boolean,
): string {
  if (value === null || typeof value !== 'object') return scalarKey(value, node);
  if (Array.isArray(value)) {
    const keys: string[] = new Array<string>(value.length);
    for (let i = 0; i < value.length; i++) {
      keys[i] = canonicalKey(value[i], node === null ? null : node.element(i), emptyNullEverywhere);
    }
    if (node !== null && (node.set || node.keyField !== null)) return `<${keys.sort().join(',')}>`;
    return `[${keys.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    const member = record[key];
    if (isVoid(member, child, emptyNullEverywhere)) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalKey(member, child, emptyNullEverywhere)}`);
  }
  return `{${parts.join(',')}}`;
}

const JSON_FLAGS = LeafFlag.json | LeafFlag.document;

// A scalar key that may spell an integer: a number's digits (or `1.2e+21`), quoted digits
// (a string or an exact bigint), or a JSON text's digits.
const INTEGER_KEY = /^[j"]?([+-]?\d+(?:\.\d+)?(?:e\+\d+)?)"?$/;

/** Puts every integer beyond 2^53 in the bucket of the double it rounds to. */
function bigIntegerBucket(key: string): string {
  const match = INTEGER_KEY.exec(key);
  if (match === null) return key;
  const n = Number(match[1]);
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? `#${String(n)}` : key;
}

/**
 * A key that is equal for any two values equal under `node`'s rules (as `equalUnderRules`
 * decides, state value first), but may also be equal for values that are not.
 * @internal
 */
export function matchKey(
  value: unknown,
  node: RuleNode | null,
  emptyNullEverywhere: boolean,
): string {
  if (value === null || typeof value !== 'object') return bigIntegerBucket(scalarKey(value, node));
  // A parsed document equals its text.
  if (node !== null && (node.leaf & JSON_FLAGS) !== 0) return scalarKey(value, node);
  if (Array.isArray(value)) {
    if (node !== null && node.reserved !== null) {
      const map = tagListToMap(value);
      if (map !== value) return matchKey(map, node, emptyNullEverywhere);
    }
    const keys: string[] = new Array<string>(value.length);
    for (let i = 0; i < value.length; i++) {
      keys[i] = matchKey(value[i], node === null ? null : node.element(i), emptyNullEverywhere);
    }
    if (node !== null && (node.set || node.keyField !== null)) return `<${keys.sort().join(',')}>`;
    return `[${keys.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const child = node === null ? null : node.child(key);
    if (child !== null && (child.skip || child.writeOnly)) continue;
    const member = record[key];
    if (isVoid(member, child, emptyNullEverywhere)) continue;
    const memberKey = matchKey(member, child, emptyNullEverywhere);
    // A default matches absent and null: fold it with them (whichever side holds it).
    if (
      child !== null &&
      child.hasDefault &&
      (member === null || memberKey === matchKey(child.defaultValue, child, emptyNullEverywhere))
    ) {
      continue;
    }
    parts.push(`${JSON.stringify(key)}:${memberKey}`);
  }
  return `{${parts.join(',')}}`;
}
