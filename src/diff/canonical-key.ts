/**
 * The canonical key of a value under its rules: equal keys ⇔ equal after normalization.
 * Set elements are matched by it, and sorted by it so patches are deterministic.
 */
import type { RuleNode } from './rule-node.js';
import { scalarKey } from './scalar-equality.js';
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
