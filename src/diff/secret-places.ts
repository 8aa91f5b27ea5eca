/**
 * Where an instance keeps secrets, as a trie of escaped JSON Pointer tokens: the state's
 * sensitive paths plus the type's schema secrets (from the packs' `secrets`).
 *
 * Places follow values, not positions: an array index in a state path (`/ingress/0/description`)
 * stands for every element (`*`), because set matching may pair the element with a live one at
 * another index or append it as `/ingress/-`; and a place under a map is also one under the
 * derived map that includes it (and back, `tags` ↔ `tags_all`), because such maps are
 * compared through the derived map.
 */
import { splitPointer } from './json-pointer.js';

/**
 * Where secrets are by schema: type → pointer globs; and attribute → the attributes that
 * mirror its values (a derived map and its parts).
 * @internal
 */
export interface SecretTable {
  /** Schema secrets by type. */
  readonly byType: ReadonlyMap<string, readonly string[]>;
  /** Attributes whose secret places also hold under other attributes. */
  readonly mirrors: ReadonlyMap<string, readonly string[]>;
}

/** A node of the trie: `end` marks a secret place (everything below it is secret too). @internal */
export interface PlaceTrie {
  end: boolean;
  children: Map<string, PlaceTrie>;
}

/** Matches any one token. */
const ANY = '*';

function insert(root: PlaceTrie, tokens: readonly string[]): void {
  let node = root;
  for (const token of tokens) {
    if (node.end) return;
    let next = node.children.get(token);
    if (next === undefined) {
      next = { end: false, children: new Map() };
      node.children.set(token, next);
    }
    node = next;
  }
  node.end = true;
  node.children.clear();
}

/**
 * The secret places of one instance of `type`, or `null` when it has none.
 * @internal
 */
export function secretPlaces(
  type: string,
  sensitivePaths: readonly string[],
  table: SecretTable,
): PlaceTrie | null {
  const schema = table.byType.get(type);
  if (sensitivePaths.length === 0 && schema === undefined) return null;
  const root: PlaceTrie = { end: false, children: new Map() };
  for (const pointer of sensitivePaths) {
    const tokens = splitPointer(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? ANY : t));
    insert(root, tokens);
    const mirrors = tokens.length > 0 ? table.mirrors.get(tokens[0] as string) : undefined;
    for (const mirror of mirrors ?? []) insert(root, [mirror, ...tokens.slice(1)]);
  }
  for (const glob of schema ?? []) insert(root, splitPointer(glob));
  return root;
}

/**
 * The nodes reached from `nodes` by one step `token` (exact child and `*` child).
 * @internal
 */
export function stepPlaces(nodes: readonly PlaceTrie[], token: string): PlaceTrie[] {
  const out: PlaceTrie[] = [];
  for (const node of nodes) {
    const exact = node.children.get(token);
    if (exact !== undefined) out.push(exact);
    if (token !== ANY) {
      const any = node.children.get(ANY);
      if (any !== undefined) out.push(any);
    }
  }
  return out;
}

/**
 * Whether any of `nodes` is a secret place.
 * @internal
 */
export function isPlaceEnd(nodes: readonly PlaceTrie[]): boolean {
  for (const node of nodes) if (node.end) return true;
  return false;
}
