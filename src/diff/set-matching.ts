/**
 * Pairs the elements of two unordered arrays. Elements with equal canonical keys pair
 * first: equal keys prove equality, and that pairs almost everything. The elements left
 * over are then grouped by their match keys (which equal elements always share) and paired
 * by a maximum bipartite matching under `equalUnderRules`, because the rules a key cannot
 * decide (defaults, write-only members, big integers…) are not transitive: a greedy pass
 * could miss a pairing that exists.
 */
import { canonicalKey, matchKey } from './canonical-key.js';
import { equalUnderRules } from './equal-under-rules.js';
import { rawEqual } from './raw-equal.js';
import type { RuleNode } from './rule-node.js';

/**
 * The pairing of a state array with a live array.
 * @internal
 */
export interface SetMatching {
  /** `1` for each state element paired with a live one. */
  aUsed: Uint8Array;
  /** Indexes of the live elements left unpaired, ascending. */
  bAdded: number[];
  /** Canonical keys of the live elements (to sort additions). */
  bKeys: string[];
}

/**
 * Pairs the elements of `a` (state) with those of `b` (live) under the element rules of
 * the set `node`.
 * @internal
 */
export function matchSet(
  a: readonly unknown[],
  b: readonly unknown[],
  node: RuleNode,
  emptyNull: boolean,
): SetMatching {
  const aKeys: string[] = new Array<string>(a.length);
  const index = new Map<string, number[]>();
  for (let i = a.length - 1; i >= 0; i--) {
    const key = canonicalKey(a[i], node.element(i), emptyNull);
    aKeys[i] = key;
    const list = index.get(key);
    if (list === undefined) index.set(key, [i]);
    else list.push(i);
  }
  const aUsed = new Uint8Array(a.length);
  const bKeys: string[] = new Array<string>(b.length);
  let bAdded: number[] = [];
  for (let j = 0; j < b.length; j++) {
    // An element identical to the state's at the same place has its key (same rules).
    const key =
      j < a.length && rawEqual(a[j], b[j])
        ? (aKeys[j] as string)
        : canonicalKey(b[j], node.element(j), emptyNull);
    bKeys[j] = key;
    const list = index.get(key);
    const i = list?.pop();
    if (i === undefined) bAdded.push(j);
    else aUsed[i] = 1;
  }
  if (bAdded.length > 0 && bAdded.length + a.length > b.length) {
    // Some state elements are left too (more than the live surplus accounts for).
    bAdded = pairLeftovers(a, b, node, emptyNull, aUsed, bAdded);
  }
  return { aUsed, bAdded, bKeys };
}

// Bounds the augmenting-path search for one live element (state elements visited).
const SEARCH_LIMIT = 4096;
// Bounds the pairwise comparisons of one set. Only many look-alike elements that are not
// equal reach it (thousands of copies differing by an explicit default); those left
// unpaired are then reported as removed and added.
const COMPARISON_LIMIT = 1 << 17;

/** Pairs leftovers under `equalUnderRules`; returns the live elements still unpaired. */
function pairLeftovers(
  a: readonly unknown[],
  b: readonly unknown[],
  node: RuleNode,
  emptyNull: boolean,
  aUsed: Uint8Array,
  bAdded: readonly number[],
): number[] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < a.length; i++) {
    if (aUsed[i] === 1) continue;
    const key = matchKey(a[i], node.element(i), emptyNull);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  }
  // owner[i]: the live element paired with state element i, or -1.
  const owner = new Int32Array(a.length).fill(-1);
  const candidates = new Map<number, number[]>();
  const verdicts = new Map<number, boolean>();
  let comparisons = COMPARISON_LIMIT;
  const equal = (i: number, j: number): boolean => {
    const id = i * b.length + j;
    let verdict = verdicts.get(id);
    if (verdict === undefined) {
      if (comparisons-- <= 0) return false;
      verdict = equalUnderRules(a[i], b[j], node.element(i), emptyNull);
      verdicts.set(id, verdict);
    }
    return verdict;
  };
  let budget = SEARCH_LIMIT;
  const visited = new Set<number>();
  // Kuhn's augmenting path: give `j` a free candidate, or else move a candidate's owner on.
  const augment = (j: number): boolean => {
    const group = candidates.get(j) ?? [];
    for (const i of group) {
      if (owner[i] === -1 && equal(i, j)) {
        owner[i] = j;
        return true;
      }
    }
    for (const i of group) {
      if (owner[i] === -1 || visited.has(i)) continue;
      if (budget-- <= 0) return false;
      visited.add(i);
      if (equal(i, j) && augment(owner[i] as number)) {
        owner[i] = j;
        return true;
      }
    }
    return false;
  };
  for (const j of bAdded) {
    if (comparisons <= 0) break;
    const group = groups.get(matchKey(b[j], node.element(j), emptyNull));
    if (group === undefined) continue;
    candidates.set(j, group);
    visited.clear();
    budget = SEARCH_LIMIT;
    augment(j);
  }
  const paired = new Set<number>();
  for (let i = 0; i < a.length; i++) {
    const j = owner[i] as number;
    if (j === -1) continue;
    aUsed[i] = 1;
    paired.add(j);
  }
  return paired.size === 0 ? [...bAdded] : bAdded.filter((j) => !paired.has(j));
}
