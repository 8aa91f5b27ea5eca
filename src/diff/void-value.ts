/**
 * "Void" values: those that normalize to absent. Without rules only `undefined` is void (so
 * the raw differ stays exact); with `emptyEqualsNull`, `null`, `""`, `[]` and `{}` are too,
 * and a container whose every member is dropped (skipped by an ignore/computed rule, or
 * itself void) is pruned to absent.
 */
import type { RuleNode } from './rule-node.js';

/**
 * Whether `value` normalizes to absent at `node`.
 * @internal
 */
export function isVoid(
  value: unknown,
  node: RuleNode | null,
  emptyNullEverywhere: boolean,
): boolean {
  if (value === undefined) return true;
  const emptyNull = emptyNullEverywhere || (node !== null && node.emptyNull);
  if (value === null) return emptyNull;
  if (typeof value === 'string') return emptyNull && value === '';
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return emptyNull && value.length === 0;
  const canPrune = node !== null && node.skipBelow;
  if (!emptyNull && !canPrune) return false;
  let members = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    members++;
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    if (!isVoid((value as Record<string, unknown>)[key], child, emptyNullEverywhere)) return false;
  }
  return emptyNull || members > 0;
}
