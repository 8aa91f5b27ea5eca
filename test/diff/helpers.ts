/**
 * Test helpers for the diff engine: apply a patch with fast-json-patch (the oracle) without
 * touching the input.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from '../../src/diff/types.js';

/**
 * A tree copy: shared subtrees are copied apart (as a JSON round trip would), and `bigint`s
 * are kept (where fast-json-patch's own JSON copy throws).
 */
function treeCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(treeCopy);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: treeCopy(member),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Applies `patch` to a copy of `doc` with fast-json-patch and returns the result. */
export function applied(doc: unknown, patch: Operation[]): unknown {
  return jsonpatch.applyPatch(treeCopy(doc), patch, true, true).newDocument;
}

/** JSON semantics (drops `undefined`, `-0` → `0`) for comparisons. */
export function asJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Whether a value contains an object key that fast-json-patch cannot add safely. */
export function hasUnsafeKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasUnsafeKey);
  return Object.entries(value).some(
    ([k, v]) => k === '__proto__' || k === 'constructor' || k === 'prototype' || hasUnsafeKey(v),
  );
}
