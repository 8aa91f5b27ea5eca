/**
 * Stage "reconcile owned parts": parts of a parent that a separate resource of any given
 * state owns (a rule resource inside a group's inline rules, an attachment inside a role's
 * list of policies) are judged on that resource, never as drift on the parent. Before the
 * diff, the parent's live side takes the state's value for those parts (owned-parts.ts); what
 * nobody owns, such as a rule added out of band, is left as it is and still shows as drift.
 */
import type { ResourceInstance } from '../../model/state.js';
import type { ResolvedPacks } from '../../packs/resolve-packs.js';
import { indexOwnership, reconcileOwned } from '../owned-parts.js';

type Attrs = Record<string, unknown>;

/**
 * The live attributes of `instance` to diff against `expected`: `live` itself when no other
 * resource owns a part of it, else a copy with the owned parts made equal to `expected`.
 * @internal
 */
export type OwnedPartsReconciler = (
  instance: ResourceInstance,
  expected: Attrs,
  live: Attrs,
) => Attrs;

/**
 * Indexes what the separate resources among `managed` (every managed instance of every state
 * of the scan, not only the part being checked) claim under the packs' ownership relations, once, and returns the reconciler.
 * @internal
 */
export function ownedPartsReconciler(
  managed: readonly ResourceInstance[],
  packs: Pick<ResolvedPacks, 'relations' | 'parents'>,
): OwnedPartsReconciler {
  const ownership = indexOwnership(managed, packs);
  return (instance, expected, live) => {
    const owned = ownership.ownedIn(instance);
    return owned ? reconcileOwned(instance.type, expected, live, owned, packs) : live;
  };
}
