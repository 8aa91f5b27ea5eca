/**
 * Exact structural equality, tuned for the common case of unchanged subtrees: no pointers,
 * no rule lookups, no allocation. `true` guarantees the differ would
 * emit nothing under any rules (both sides normalize identically); `false` only means "look
 * closer".
 */

/**
 * Whether two values are structurally identical.
 * @internal
 */
export function rawEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x !== y && !rawEqual(x, y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for-in walks the enum cache without allocating (faster than Object.keys here); plain
  // JSON objects have no enumerable inherited members, and if someone added one to
  // Object.prototype it shows on both sides alike.
  let count = 0;
  for (const key in x) {
    count++;
    const xv = x[key];
    const yv = y[key];
    if (xv === yv) {
      // Same value, but it must be a member of `y` (not `undefined`, not inherited).
      if (xv === undefined || key === '__proto__') return false;
      continue;
    }
    if (!rawEqual(xv, yv)) return false;
  }
  for (const key in y) {
    if (--count < 0) return false;
    void key;
  }
  return count === 0;
}
