/**
 * Applies the packs' ownership relations to a scan: indexes what
 * the separate resources of all given states claim, and, for a parent, makes the owned parts
 * of its live side equal its state side before the diff. The owned parts then never show as
 * drift on the parent; the separate resources report them (as drifted or missing) on their
 * own. The state side is left as it is, so patch indexes still point into the state.
 */
import type { ResourceInstance } from '../model/state.js';
import type { ResolvedPacks } from '../packs/resolve-packs.js';
import type { AtomCodec, SharedAttribute } from '../packs/types.js';

type Attrs = Record<string, unknown>;

/** The owned keys of one parent attribute, or `'whole'`. */
type Owned = Set<string> | 'whole';

/** What separate resources own in one parent: attribute → owned keys. @internal */
export type OwnedParts = Map<string, Owned>;

/** Claims of a scan's separate resources, by parent. @internal */
export interface OwnershipIndex {
  /** What other resources own in `instance`, or `undefined` when nothing. */
  ownedIn(instance: ResourceInstance): OwnedParts | undefined;
}

const EMPTY_INDEX: OwnershipIndex = { ownedIn: () => undefined };

function refsOf(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Indexes what the separate resources among `instances` (managed instances of every state
 * of the scan) claim on their parents.
 * @internal
 */
export function indexOwnership(
  instances: readonly ResourceInstance[],
  packs: Pick<ResolvedPacks, 'relations' | 'parents'>,
): OwnershipIndex {
  const byOwner = packs.relations;
  const parents = new Map<string, OwnedParts>();
  for (const instance of instances) {
    const relation = byOwner.get(instance.type);
    if (relation === undefined) continue;
    const attrs = instance.attributes;
    const refs = refsOf(attrs[relation.parentRef]);
    if (refs.length === 0) continue;
    const claims = relation.claims(attrs);
    for (const parentType of relation.parents) {
      for (const ref of refs) {
        const key = `${parentType}\u0000${ref}`;
        let parts = parents.get(key);
        if (!parts) parents.set(key, (parts = new Map()));
        for (const claim of claims) {
          if (claim.keys === undefined) {
            parts.set(claim.attribute, 'whole');
            continue;
          }
          let owned = parts.get(claim.attribute);
          if (owned === 'whole') continue;
          if (!owned) parts.set(claim.attribute, (owned = new Set()));
          for (const k of claim.keys) owned.add(k);
        }
      }
    }
  }
  if (parents.size === 0) return EMPTY_INDEX;
  return {
    ownedIn(instance) {
      const identity = packs.parents.get(instance.type)?.identity;
      if (!identity) return undefined;
      let found: OwnedParts | undefined;
      const seen = new Set<string>();
      for (const name of identity) {
        const value = instance.attributes[name];
        if (typeof value !== 'string' || seen.has(value)) continue;
        seen.add(value);
        const parts = parents.get(`${instance.type}\u0000${value}`);
        if (!parts) continue;
        if (!found) {
          found = parts;
          continue;
        }
        // Two identities (a role's id and name) with claims of their own: merge into a copy.
        found = new Map(found);
        for (const [attribute, owned] of parts) {
          const prev = found.get(attribute);
          found.set(
            attribute,
            prev === 'whole' || owned === 'whole' ? 'whole' : new Set([...(prev ?? []), ...owned]),
          );
        }
      }
      return found;
    },
  };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isAttrs(value: unknown): value is Attrs {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Live elements nobody else owns, then the state's owned elements. */
function reconcileKeyed(
  state: unknown,
  live: unknown,
  owned: Set<string>,
  key: (element: unknown) => string | null,
): unknown[] {
  const isOwned = (element: unknown): boolean => {
    const k = key(element);
    return k !== null && owned.has(k);
  };
  return [...asArray(live).filter((e) => !isOwned(e)), ...asArray(state).filter(isOwned)];
}

/**
 * Elements owned in atoms: owned atoms leave the live elements; then every state element
 * holding owned atoms takes the place of the live element it equals without them, or, when
 * none does, its owned part joins the live element of the same shape (or stands alone).
 */
function reconcileAtoms(
  state: unknown,
  live: unknown,
  owned: Set<string>,
  atoms: AtomCodec,
  group?: string,
): unknown[] {
  const { filter, holds, key: keyOf, shapeKey, merge } = atoms;
  const out: unknown[] = [];
  for (const element of asArray(live)) {
    if (!isAttrs(element)) {
      out.push(element);
      continue;
    }
    const kept = filter(element, (atom) => !owned.has(atom), group);
    if (kept !== null) out.push(kept);
  }
  const replaced = new Set<number>();
  for (const element of asArray(state)) {
    if (!isAttrs(element) || !holds(element, owned, group)) continue;
    const unowned = filter(element, (atom) => !owned.has(atom), group);
    if (unowned !== null) {
      const key = keyOf(unowned, group);
      const at = out.findIndex((e, i) => !replaced.has(i) && isAttrs(e) && keyOf(e, group) === key);
      if (at !== -1) {
        out[at] = element;
        replaced.add(at);
        continue;
      }
    }
    const ownedPart = filter(element, (atom) => owned.has(atom), group);
    if (ownedPart === null) continue;
    // The unowned part drifted: the owned atoms join the live element of the same shape.
    const shape = shapeKey(element);
    const at = out.findIndex((e, i) => !replaced.has(i) && isAttrs(e) && shapeKey(e) === shape);
    if (at === -1) out.push(ownedPart);
    else {
      out[at] = merge(out[at] as Attrs, ownedPart);
      replaced.add(at);
    }
  }
  return out;
}

function reconcileAttribute(
  state: unknown,
  live: unknown,
  owned: Owned,
  shared: SharedAttribute,
  group: string | undefined,
): unknown {
  if (owned === 'whole' || shared.shape === 'whole') return state;
  if (shared.shape === 'atoms') return reconcileAtoms(state, live, owned, shared.atoms, group);
  const key = shared.key ?? ((v: unknown) => (typeof v === 'string' ? v : null));
  return reconcileKeyed(state, live, owned, key);
}

/**
 * The live attributes of a parent with every part `owned` by other resources made equal to
 * the state side (`state`): owned values and elements are taken out of the live side and the
 * state's owned ones put in; attributes owned whole take the state's value. Unowned parts,
 * such as a rule added out of band, are left as they are, so they still show as drift.
 * @internal
 */
export function reconcileOwned(
  type: string,
  state: Attrs,
  live: Attrs,
  owned: OwnedParts,
  packs: Pick<ResolvedPacks, 'parents'>,
): Attrs {
  const sharedOf = packs.parents.get(type)?.shared;
  if (!sharedOf) return live;
  const group = typeof state.id === 'string' ? state.id : undefined;
  const out: Attrs = { ...live };
  for (const [attribute, parts] of owned) {
    const shared = sharedOf[attribute];
    if (!shared || !Object.hasOwn(sharedOf, attribute)) continue;
    const value = reconcileAttribute(state[attribute], live[attribute], parts, shared, group);
    // Nothing left where state holds nothing: leave the attribute as state has it, so an
    // owned-only list never reads as `[]` against an absent value.
    if (
      value === undefined ||
      (Array.isArray(value) && value.length === 0 && !Array.isArray(state[attribute]))
    ) {
      if (Object.hasOwn(state, attribute)) out[attribute] = state[attribute];
      else delete out[attribute];
    } else {
      out[attribute] = value;
    }
  }
  return out;
}
