/**
 * The structural differ: walks the state value and the live value side by side with their
 * rule nodes and emits RFC 6902 operations that apply, in order, to the state value.
 *
 * - Objects: members compared by key; void members (see `void-value.ts`) equal absent.
 * - Ordered arrays: a single contiguous run removed or inserted is emitted as just that run;
 *   otherwise by position, surplus elements removed from the end (descending indexes).
 * - Sets: elements paired as `set-matching.ts` says (equal under the element rules).
 *   Unpaired state elements are removed (descending indexes of the array as given), new
 *   live elements are appended with `/-` in canonical order. Applying the patch gives the
 *   live set up to order.
 * - Keyed lists: elements matched by a key field, then diffed in place; others as sets.
 * - Scalars: equal under the node's leaf rules; otherwise `replace` with the live value (for
 *   JSON and policy strings, the whole live string).
 *
 * Pointer tokens are pushed on a shared stack and joined only when an operation is emitted.
 */
import type { Change } from '../model/change.js';
import { canonicalKey } from './canonical-key.js';
import { equalUnderRules } from './equal-under-rules.js';
import { exportValue } from './export-value.js';
import { escapeToken, joinTokens } from './json-pointer.js';
import { firstUnequalIndex, firstUnequalKey, rawEqual } from './raw-equal.js';
import type { Redactor } from './redaction.js';
import type { RuleNode } from './rule-node.js';
import { matchSet } from './set-matching.js';
import { jsonEquivalent, scalarEqual } from './scalar-equality.js';
import { tagListToMap } from './tag-list.js';
import type { Operation } from './types.js';
import { isVoid } from './void-value.js';

/**
 * Mutable state of one diff run.
 * @internal
 */
export interface DiffContext {
  /** Emitted operations. */
  ops: Operation[];
  /** Changes for people, or `null` when not wanted (plain `diff`). */
  changes: Change[] | null;
  /** Pointers that could not be compared (write-only values absent live). */
  notChecked: string[] | null;
  /** `emptyEqualsNull: true` for the whole resource. */
  emptyNull: boolean;
  /** Redacts secrets, or `null` to show values as they are. */
  redactor: Redactor | null;
  /** Escaped pointer tokens of the current place. */
  tokens: string[];
}

/**
 * Creates a context.
 * @internal
 */
export function createContext(options: {
  emptyNull: boolean;
  withChanges: boolean;
  redactor: Redactor | null;
}): DiffContext {
  return {
    ops: [],
    changes: options.withChanges ? [] : null,
    notChecked: options.withChanges ? [] : null,
    emptyNull: options.emptyNull,
    redactor: options.redactor,
    tokens: [],
  };
}

function emit(
  ctx: DiffContext,
  op: 'add' | 'remove' | 'replace',
  path: string,
  before: unknown,
  after: unknown,
  node: RuleNode | null,
): void {
  const { redactor, changes } = ctx;
  // For `/-` the token stack ends in `-`: the element is judged by the set's element rules.
  let value: unknown;
  let sensitive = false;
  if (op !== 'remove') {
    value = exportValue(after, node);
    if (redactor !== null) ({ value, sensitive } = redactor.redact(value, ctx.tokens, node));
    ctx.ops.push({ op, path, value });
  } else {
    ctx.ops.push({ op, path });
  }
  if (changes === null) return;
  const change: Change = { op, path, sensitive };
  if (op !== 'add') {
    let shown = exportValue(before, node);
    if (redactor !== null) {
      const judged = redactor.redact(shown, ctx.tokens, node);
      shown = judged.value;
      change.sensitive ||= judged.sensitive;
    }
    change.expected = shown;
  }
  if (op !== 'remove') change.actual = value;
  changes.push(change);
}

function here(ctx: DiffContext): string {
  return joinTokens(ctx.tokens);
}

function kindOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return Array.isArray(value) ? 1 : 2;
}

/**
 * Compares one object member (or the root). `a`/`b` may be `undefined` (absent).
 * @internal
 */
export function diffMember(a: unknown, b: unknown, node: RuleNode | null, ctx: DiffContext): void {
  if (a === b) return;
  if (node !== null && node.reserved !== null && Array.isArray(b) && kindOf(a) === 2)
    b = tagListToMap(b);
  if (
    a === undefined ||
    a === null ||
    b === undefined ||
    b === null ||
    kindOf(a) !== kindOf(b) ||
    (node !== null && node.hasDefault)
  ) {
    const aVoid = isVoid(a, node, ctx.emptyNull);
    const bVoid = isVoid(b, node, ctx.emptyNull);
    if (aVoid && bVoid) return;
    if (node !== null) {
      if (node.writeOnly && !aVoid && (b === undefined || b === null || bVoid)) {
        ctx.notChecked?.push(here(ctx));
        return;
      }
      // A default matches a state value that is absent or `null` (void or not).
      if (node.hasDefault && (aVoid || a === null) && !bVoid) {
        if (
          canonicalKey(b, node, ctx.emptyNull) ===
          canonicalKey(node.defaultValue, node, ctx.emptyNull)
        ) {
          return;
        }
      }
    }
    if (a === undefined) {
      emit(ctx, 'add', here(ctx), undefined, b, node);
      return;
    }
    if (b === undefined) {
      emit(ctx, 'remove', here(ctx), a, undefined, node);
      return;
    }
    if (a !== null && b !== null && kindOf(a) === kindOf(b)) {
      diffValue(a, b, node, ctx);
      return;
    }
    if (jsonEquivalent(a, b, node)) return;
    emit(ctx, 'replace', here(ctx), a, b, node);
    return;
  }
  diffValue(a, b, node, ctx);
}

/**
 * Compares two present values.
 * @internal
 */
function diffValue(a: unknown, b: unknown, node: RuleNode | null, ctx: DiffContext): void {
  if (a === b) return;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a !== 'object' && typeof b !== 'object' && scalarEqual(a, b, node)) return;
    if (jsonEquivalent(a, b, node)) return;
    emit(ctx, 'replace', here(ctx), a, b, node);
    return;
  }
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) {
    emit(ctx, 'replace', here(ctx), a, b, node);
    return;
  }
  if (aArray) diffArray(a, b as unknown[], node, ctx);
  else diffObject(a as Record<string, unknown>, b as Record<string, unknown>, node, ctx);
}

/**
 * Compares two objects member by member. `read`, when given, limits the compared keys
 * (projection); skipped keys that hold a value in `a` go to `notChecked`.
 *
 * `from` (see `firstUnequalKey`) resumes after an equality check: members of `a` before key
 * `from` are known identical and present in `b`, and `null` means all of them are.
 * @internal
 */
export function diffObject(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  node: RuleNode | null,
  ctx: DiffContext,
  read?: ReadonlySet<string>,
  from?: string | null,
): void {
  const tokens = ctx.tokens;
  // Members of `a` also present in `b`: when it equals b's member count, `b` has nothing
  // new and the second loop is skipped. (for-in: no key arrays allocated.)
  let matched = 0;
  let skipping = from !== undefined;
  for (const key in a) {
    if (skipping) {
      if (key !== from) {
        matched++;
        continue;
      }
      skipping = false;
    }
    const av = a[key];
    // An own `undefined` is absent: the second loop handles the key.
    if (av === undefined) continue;
    if (read !== undefined && !read.has(key)) {
      const child = node === null ? null : node.child(key);
      if (!(child !== null && child.skip) && !isVoid(av, child, ctx.emptyNull)) {
        ctx.notChecked?.push(`/${escapeToken(key)}`);
      }
      continue;
    }
    let bv = b[key];
    // Inherited members (`constructor`, `__proto__`) are not members.
    if ((typeof bv === 'function' || key === '__proto__') && !Object.hasOwn(b, key)) bv = undefined;
    if (bv !== undefined) matched++;
    if (av === bv) continue;
    // Unchanged subtrees are the common case: a tight equality check before the walk.
    if (typeof av === 'object' && typeof bv === 'object' && av !== null && bv !== null) {
      if (!Array.isArray(av) && !Array.isArray(bv)) {
        // Two objects: the nested walk resumes where the check stopped (what diffMember
        // would do, unless a default applies).
        const resume = firstUnequalKey(
          av as Record<string, unknown>,
          bv as Record<string, unknown>,
        );
        if (resume === undefined) continue;
        const child = node === null ? null : node.child(key);
        if (child !== null && child.skip) continue;
        tokens.push(escapeToken(key));
        if (child !== null && child.hasDefault) diffMember(av, bv, child, ctx);
        else {
          diffObject(
            av as Record<string, unknown>,
            bv as Record<string, unknown>,
            child,
            ctx,
            undefined,
            resume,
          );
        }
        tokens.pop();
        continue;
      }
      if (Array.isArray(av) && Array.isArray(bv)) {
        // Two arrays: the element walk resumes where the check stopped.
        const at = firstUnequalIndex(av, bv);
        if (at === -1) continue;
        const child = node === null ? null : node.child(key);
        if (child !== null && child.skip) continue;
        tokens.push(escapeToken(key));
        if (child !== null && child.hasDefault) diffMember(av, bv, child, ctx);
        else diffArray(av, bv, child, ctx, at);
        tokens.pop();
        continue;
      }
      if (rawEqual(av, bv)) continue;
    }
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    tokens.push(escapeToken(key));
    diffMember(av, bv, child, ctx);
    tokens.pop();
  }
  let members = 0;
  for (const key in b) {
    members++;
    void key;
  }
  if (members === matched) return;
  for (const key in b) {
    const bv = b[key];
    if (bv === undefined) continue;
    const av = a[key];
    if (
      av !== undefined &&
      ((typeof av !== 'function' && key !== '__proto__') || Object.hasOwn(a, key))
    ) {
      continue;
    }
    if (read !== undefined && !read.has(key)) continue;
    const child = node === null ? null : node.child(key);
    if (child !== null && child.skip) continue;
    tokens.push(escapeToken(key));
    diffMember(undefined, bv, child, ctx);
    tokens.pop();
  }
}

/**
 * Compares two arrays; elements before index `from` are known identical (see
 * `firstUnequalIndex`).
 */
function diffArray(
  a: unknown[],
  b: unknown[],
  node: RuleNode | null,
  ctx: DiffContext,
  from = 0,
): void {
  if (node !== null) {
    if (node.set) return diffSet(a, b, node, ctx, from);
    if (node.keyField !== null) return diffKeyed(a, b, node, node.keyField, ctx);
  }
  if (a.length !== b.length && diffSplice(a, b, node, ctx)) return;
  const tokens = ctx.tokens;
  const common = Math.min(a.length, b.length);
  for (let i = from; i < common; i++) {
    const av = a[i];
    const bv = b[i];
    if (av === bv) continue;
    tokens.push(String(i));
    diffValue(av, bv, node === null ? null : node.element(i), ctx);
    tokens.pop();
  }
  for (let i = a.length - 1; i >= common; i--) {
    tokens.push(String(i));
    emit(ctx, 'remove', here(ctx), a[i], undefined, node === null ? null : node.element(i));
    tokens.pop();
  }
  for (let i = common; i < b.length; i++) {
    tokens.push(String(i));
    emit(ctx, 'add', here(ctx), undefined, b[i], node === null ? null : node.element(i));
    tokens.pop();
  }
}

/** Whether `a[i]` and `b[j]` are equal under the element rules of `a[i]`. */
function sameElement(
  a: unknown[],
  i: number,
  b: unknown[],
  j: number,
  node: RuleNode | null,
  ctx: DiffContext,
): boolean {
  const x = a[i];
  const y = b[j];
  // Identical values are equal under any rules: the cheap check first.
  return (
    rawEqual(x, y) || equalUnderRules(x, y, node === null ? null : node.element(i), ctx.emptyNull)
  );
}

/**
 * An ordered list that only lost (or gained) one contiguous run of elements: emits just
 * those removals (descending) or insertions, instead of shifting every later element.
 * Returns `false` when the change is not of that shape.
 */
function diffSplice(a: unknown[], b: unknown[], node: RuleNode | null, ctx: DiffContext): boolean {
  const n = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < n && sameElement(a, prefix, b, prefix, node, ctx)) prefix++;
  let suffix = 0;
  while (
    suffix < n - prefix &&
    sameElement(a, a.length - 1 - suffix, b, b.length - 1 - suffix, node, ctx)
  ) {
    suffix++;
  }
  if (prefix + suffix !== n) return false;
  const tokens = ctx.tokens;
  for (let i = a.length - 1 - suffix; i >= prefix && a.length > b.length; i--) {
    tokens.push(String(i));
    emit(ctx, 'remove', here(ctx), a[i], undefined, node === null ? null : node.element(i));
    tokens.pop();
  }
  for (let j = prefix; j < b.length - suffix && b.length > a.length; j++) {
    tokens.push(String(j));
    emit(ctx, 'add', here(ctx), undefined, b[j], node === null ? null : node.element(j));
    tokens.pop();
  }
  return true;
}

function indexesOf(list: readonly unknown[]): number[] {
  const out = new Array<number>(list.length);
  for (let j = 0; j < list.length; j++) out[j] = j;
  return out;
}

/** Removes unmatched state elements (descending) and appends unmatched live ones. */
function finishUnordered(
  a: unknown[],
  b: unknown[],
  aUsed: Uint8Array,
  bAdded: number[],
  bKeys: string[] | null,
  node: RuleNode,
  ctx: DiffContext,
): void {
  const tokens = ctx.tokens;
  for (let i = a.length - 1; i >= 0; i--) {
    if (aUsed[i] === 1) continue;
    tokens.push(String(i));
    emit(ctx, 'remove', here(ctx), a[i], undefined, node.element(i));
    tokens.pop();
  }
  if (bAdded.length === 0) return;
  if (bAdded.length > 1) {
    const keys = bKeys ?? b.map((v, j) => canonicalKey(v, node.element(j), ctx.emptyNull));
    bAdded.sort((x, y) => {
      const kx = keys[x] as string;
      const ky = keys[y] as string;
      return kx < ky ? -1 : kx > ky ? 1 : x - y;
    });
  }
  for (const j of bAdded) {
    tokens.push('-');
    emit(ctx, 'add', here(ctx), undefined, b[j], node.element(j));
    tokens.pop();
  }
}

/**
 * Whether `b` is a reordering of `a` with every element identical to one of `a`'s (greedy
 * matching is exact: identity is an equivalence). Only asked when element rules do not
 * depend on the position, so identical elements have equal canonical keys wherever they are.
 */
function isPermutation(a: unknown[], b: unknown[]): boolean {
  const n = a.length;
  if (n !== b.length || n > PERMUTATION_LIMIT) return false;
  const used = new Uint8Array(n);
  // Reversed and rotated sets are the usual reorderings: start each search where the last
  // match was found.
  let start = 0;
  for (let j = 0; j < n; j++) {
    const bv = b[j];
    let found = -1;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (used[i] === 0 && rawEqual(a[i], bv)) {
        found = i;
        break;
      }
    }
    if (found === -1) return false;
    used[found] = 1;
    start = found + 1;
  }
  return true;
}

// Quadratic at worst: beyond this many elements, canonical keys are cheaper.
const PERMUTATION_LIMIT = 64;

function diffSet(a: unknown[], b: unknown[], node: RuleNode, ctx: DiffContext, from: number): void {
  // Fast path: equal element by element, in the same order (identical before `from`).
  if (a.length === b.length) {
    let i = from;
    while (
      i < a.length &&
      (rawEqual(a[i], b[i]) || equalUnderRules(a[i], b[i], node.element(i), ctx.emptyNull))
    ) {
      i++;
    }
    if (i === a.length) return;
    if (a.length === 1) {
      // One element each, and not equal: what the canonical keys would say, without them.
      finishUnordered(a, b, new Uint8Array(1), [0], null, node, ctx);
      return;
    }
    // Only reordered: the canonical multisets are equal, nothing to emit.
    if (!node.positional && isPermutation(a, b)) return;
  }
  if (a.length === 0 || b.length === 0) {
    // Nothing to match: every state element goes, every live one comes.
    finishUnordered(a, b, new Uint8Array(a.length), indexesOf(b), null, node, ctx);
    return;
  }
  const { aUsed, bAdded, bKeys } = matchSet(a, b, node, ctx.emptyNull);
  finishUnordered(a, b, aUsed, bAdded, bKeys, node, ctx);
}

function keyOf(element: unknown, field: string): string | null {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return null;
  const value = (element as Record<string, unknown>)[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return null;
}

function diffKeyed(
  a: unknown[],
  b: unknown[],
  node: RuleNode,
  field: string,
  ctx: DiffContext,
): void {
  const byKey = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const key = keyOf(a[i], field);
    if (key !== null && !byKey.has(key)) byKey.set(key, i);
  }
  const aUsed = new Uint8Array(a.length);
  const bAdded: number[] = [];
  const tokens = ctx.tokens;
  for (let j = 0; j < b.length; j++) {
    const key = keyOf(b[j], field);
    const i = key === null ? undefined : byKey.get(key);
    if (i === undefined || aUsed[i] === 1) {
      bAdded.push(j);
      continue;
    }
    aUsed[i] = 1;
    // In-place edits come first: they use indexes of the array as given.
    tokens.push(String(i));
    diffValue(a[i], b[j], node.element(i), ctx);
    tokens.pop();
  }
  finishUnordered(a, b, aUsed, bAdded, null, node, ctx);
}
