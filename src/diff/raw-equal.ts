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

/**
 * Compares two objects member by member, like {@link rawEqual}, and says where the
 * structural walk must start so that nothing before it is compared twice.
 *
 * @returns `undefined` when the objects are identical; otherwise the first key of `x` (in
 * enumeration order) whose member is not identical, or `null` when every member of `x` is
 * identical and only `y` has more. Every key of `x` before the returned one is identical and
 * present in `y`.
 * @internal
 */
export function firstUnequalKey(
  x: Record<string, unknown>,
  y: Record<string, unknown>,
): string | null | undefined {
  let count = 0;
  let first: string | undefined;
  for (const key in x) {
    if (count++ === 0) first = key;
    const xv = x[key];
    const yv = y[key];
    if (xv === yv) {
      if (xv === undefined || key === '__proto__') return key;
      continue;
    }
    if (!rawEqual(xv, yv)) return key;
  }
  for (const key in y) {
    if (--count < 0) return null;
    void key;
  }
  // Fewer members in `y` although each of x's matched one: not plain JSON (an inherited
  // member matched); the walk starts over (`first` is set: `x` has members).
  return count === 0 ? undefined : first;
}

/**
 * The array counterpart of {@link firstUnequalKey}: `-1` when the arrays are identical,
 * `0` when their lengths differ, else the first index whose elements are not identical.
 * @internal
 */
export function firstUnequalIndex(a: readonly unknown[], b: readonly unknown[]): number {
  const n = a.length;
  if (n !== b.length) return 0;
  for (let i = 0; i < n; i++) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    if (x !== y && !rawEqual(x, y)) return i;
  }
  return -1;
}
