/**
 * A boolean "equal after normalization" check. It is the same verdict as "the differ emits
 * nothing", computed without building pointers or canonical keys, so the common case (set
 * elements in the same order, unchanged nested blocks) stays cheap.
 */
import { canonicalKey } from './canonical-key.js';

import type { RuleNode } from './rule-node.js';
import { jsonEquivalent, scalarEqual } from './scalar-equality.js';
import { matchSet } from './set-matching.js';
import { tagListToMap } from './tag-list.js';
import { isVoid } from './void-value.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `obj[key]` when it is an own member (JSON values are never functions). */
function ownValue(obj: Record<string, unknown>, key: string): unknown {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value === 'function' || key === '__proto__') {
    return Object.hasOwn(obj, key) ? value : undefined;
  }
  return value;
}

function unorderedEqual(a: unknown[], b: unknown[], node: RuleNode, emptyNull: boolean): boolean {
  return a.length === b.length && matchSet(a, b, node, emptyNull).bAdded.length === 0;
}

/**
 * Whether `a` and `b` (both present) are equal under `node`'s rules.
 * @internal
 */
export function equalUnderRules(
  a: unknown,
  b: unknown,
  node: RuleNode | null,
  emptyNull: boolean,
): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a !== 'object' && typeof b !== 'object') return scalarEqual(a, b, node);
    return a !== null && b !== null && jsonEquivalent(a, b, node);
  }
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return jsonEquivalent(a, b, node);
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    const unordered = node !== null && (node.set || node.keyField !== null);
    if (x.length === y.length) {
      let same = true;
      for (let i = 0; i < x.length; i++) {
        if (!equalUnderRules(x[i], y[i], node === null ? null : node.element(i), emptyNull)) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    return unordered && unorderedEqual(x, y, node, emptyNull);
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xKeys = Object.keys(x);
  for (let i = 0; i < xKeys.length; i++) {
    const key = xKeys[i] as string;
    const av = x[key];
    const bv = ownValue(y, key);
    if (av === bv) continue;
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    if (!memberEqual(av, bv, child, emptyNull)) return false;
  }
  const yKeys = Object.keys(y);
  for (let i = 0; i < yKeys.length; i++) {
    const key = yKeys[i] as string;
    if (ownValue(x, key) !== undefined) continue;
    const bv = y[key];
    if (bv === undefined) continue;
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    // Absent in state: equal when void, or when it is the default.
    if (!memberEqual(undefined, bv, child, emptyNull)) return false;
  }
  return true;
}

function memberEqual(a: unknown, b: unknown, node: RuleNode | null, emptyNull: boolean): boolean {
  if (node !== null && node.reserved !== null && Array.isArray(b) && isRecord(a))
    b = tagListToMap(b);
  if (a !== undefined && a !== null && b !== undefined && b !== null) {
    if (equalUnderRules(a, b, node, emptyNull)) return true;
  }
  // Mirrors diffMember: both void, a write-only value absent live, a default.
  const aVoid = isVoid(a, node, emptyNull);
  const bVoid = isVoid(b, node, emptyNull);
  if (aVoid && bVoid) return true;
  if (node === null) return false;
  if (node.writeOnly && !aVoid && (b === undefined || b === null || bVoid)) return true;
  if (node.hasDefault && (aVoid || a === null) && !bVoid) {
    return canonicalKey(b, node, emptyNull) === canonicalKey(node.defaultValue, node, emptyNull);
  }
  return false;
}
