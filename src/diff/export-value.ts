/**
 * Turns a value into what a patch may carry: JSON only (a `bigint` becomes a number when
 * that is exact, else its decimal string; `-0` becomes `0`; non-finite numbers become
 * `null`), with skipped members (computed, ignored, reserved map keys) left out. Returns the same
 * reference when nothing had to change, so unchanged subtrees are not copied.
 */
import { setOwn } from '../shared/set-own.js';
import type { RuleNode } from './rule-node.js';

function exportBigint(value: bigint): number | string {
  const n = Number(value);
  return BigInt(n) === value ? n : value.toString();
}

/**
 * JSON-safe form of `value` at `node`.
 * @internal
 */
export function exportValue(value: unknown, node: RuleNode | null): unknown {
  switch (typeof value) {
    case 'bigint':
      return exportBigint(value);
    case 'number':
      if (Object.is(value, -0)) return 0;
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    default:
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = exportValue(item, node === null ? null : node.element(i));
      if (next !== item && out === null) out = value.slice();
      if (out !== null) out[i] = next;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = record[key];
    const child = node === null ? null : node.child(key);
    const drop = member === undefined || (child !== null && child.skip);
    const next = drop ? undefined : exportValue(member, child);
    if (out === null && (drop || next !== member)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = record[keys[j] as string];
    }
    if (out !== null && !drop) setOwn(out, key, next);
  }
  return out ?? value;
}
