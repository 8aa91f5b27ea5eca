/**
 * The packs of one scan: the built-in packs, then every provider's `packs`, then the
 * caller's, resolved once before any work starts. Packs are treated as immutable once
 * used, like rule sets.
 */
import type { RuleSet } from '../diff/types.js';
import { InvalidOptionError } from '../errors.js';
import { BUILTIN_RESOLVED, builtinPacks } from './builtin-packs.js';
import { checkPack } from './check-pack.js';
import { checkComparatorNames, resolvePacks, type ResolvedPacks } from './resolve-packs.js';
import type { Pack } from './types.js';

/** A trie of resolved pack lists, keyed by the packs themselves (after the built-in ones). */
interface CacheNode {
  next: WeakMap<Pack, CacheNode>;
  resolved?: ResolvedPacks;
}

// Repeated scans with the same packs (continuous detection) reuse one resolved table, and
// with it the rules compiled for it; packs dropped by the caller are dropped here too.
const cache: CacheNode = { next: new WeakMap() };

function resolveCached(given: readonly Pack[]): ResolvedPacks {
  let node = cache;
  for (const pack of given) {
    let next = node.next.get(pack);
    if (next === undefined) {
      next = { next: new WeakMap() };
      node.next.set(pack, next);
    }
    node = next;
  }
  node.resolved ??= resolvePacks([...builtinPacks, ...given]);
  return node.resolved;
}

/** What {@link scanPacks} needs of a provider. */
interface PackSource {
  readonly packs?: readonly Pack[];
  readonly rules?: RuleSet;
}

/**
 * Resolves the packs of a scan. Throws an `InvalidOptionError` for a malformed pack (option
 * `/packs/N/…` or `/providers/N/packs/M/…`) or for rules that name a comparator no pack
 * defines (`/rules/…`, `/providers/N/rules/…`).
 * @internal
 */
export function scanPacks(
  providers: readonly PackSource[],
  packs: readonly Pack[] | undefined,
  rules: RuleSet | undefined,
): ResolvedPacks {
  if (packs !== undefined && !Array.isArray(packs)) {
    throw new InvalidOptionError('`packs` must be a list of packs', { option: '/packs' });
  }
  const given: Pack[] = [];
  providers.forEach((provider, i) => {
    provider.packs?.forEach((pack, j) => {
      checkPack(pack, `/providers/${i}/packs/${j}`);
      given.push(pack);
    });
  });
  packs?.forEach((pack, i) => {
    checkPack(pack, `/packs/${i}`);
    given.push(pack);
  });
  const resolved = given.length === 0 ? BUILTIN_RESOLVED : resolveCached(given);
  providers.forEach((provider, i) => {
    if (provider.rules !== undefined) {
      checkComparatorNames(provider.rules, resolved.comparators, `/providers/${i}/rules`);
    }
  });
  if (rules !== undefined) checkComparatorNames(rules, resolved.comparators, '/rules');
  return resolved;
}
