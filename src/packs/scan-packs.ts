/**
 * The packs of one scan: the built-in packs, then every provider's `packs`, then the
 * caller's, resolved once before any work starts.
 */
import type { RuleSet } from '../diff/types.js';
import { InvalidOptionError } from '../errors.js';
import { BUILTIN_RESOLVED, builtinPacks } from './builtin-packs.js';
import { checkPack } from './check-pack.js';
import { checkComparatorNames, resolvePacks, type ResolvedPacks } from './resolve-packs.js';
import type { Pack } from './types.js';

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
  const resolved =
    given.length === 0 ? BUILTIN_RESOLVED : resolvePacks([...builtinPacks, ...given]);
  providers.forEach((provider, i) => {
    if (provider.rules !== undefined) {
      checkComparatorNames(provider.rules, resolved.comparators, `/providers/${i}/rules`);
    }
  });
  if (rules !== undefined) checkComparatorNames(rules, resolved.comparators, '/rules');
  return resolved;
}
