/**
 * Test helpers for the diff engine: apply a patch with fast-json-patch (the oracle) without
 * touching the input.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from '../../src/diff/types.js';

/** Applies `patch` to a deep copy of `doc` with fast-json-patch and returns the result. */
export function applied(doc: unknown, patch: Operation[]): unknown {
  return jsonpatch.applyPatch(structuredClone(doc), patch, true, false).newDocument;
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
