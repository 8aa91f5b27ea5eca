/**
 * Where an instance keeps secrets, as a trie of escaped JSON Pointer tokens: the state's
 * sensitive paths plus the type's schema-sensitive attributes (see
 * `sensitive-attributes.generated.ts`).
 *
 * Places follow values, not positions: an array index in a state path (`/ingress/0/description`)
 * stands for every element (`*`), because set matching may pair the element with a live one at
 * another index or append it as `/ingress/-`; and a place under `tags` is also one under
 * `tags_all` (and back), because tags are compared through `tags_all`.
 */
import { SENSITIVE_ATTRIBUTES } from './sensitive-attributes.generated.js';
import { splitPointer } from './json-pointer.js';

/** A node of the trie: `end` marks a secret place (everything below it is secret too). @internal */
export interface PlaceTrie {
  end: boolean;
  children: Map<string, PlaceTrie>;
}

/** Matches any one token. */
export const ANY = '*';

const MIRRORED = new Map([
  ['tags', 'tags_all'],
  ['tags_all', 'tags'],
]);

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
export function secretPlaces(type: string, sensitivePaths: readonly string[]): PlaceTrie | null {
  const schema = Object.hasOwn(SENSITIVE_ATTRIBUTES, type) ? SENSITIVE_ATTRIBUTES[type] : undefined;
  if (sensitivePaths.length === 0 && schema === undefined) return null;
  const root: PlaceTrie = { end: false, children: new Map() };
  for (const pointer of sensitivePaths) {
    const tokens = splitPointer(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? ANY : t));
    insert(root, tokens);
    const mirror = tokens.length > 0 ? MIRRORED.get(tokens[0] as string) : undefined;
    if (mirror !== undefined) insert(root, [mirror, ...tokens.slice(1)]);
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
