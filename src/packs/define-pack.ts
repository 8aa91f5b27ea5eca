/**
 * `definePack`: the entry point for pack authors. It checks the pack's shape at once, so a
 * mistake shows where the pack is written rather than in the middle of a scan.
 */
import { checkPack } from './check-pack.js';
import type { Pack } from './types.js';

/**
 * Checks a pack and returns it. Throws an `InvalidOptionError` whose `option` is the JSON
 * Pointer of the bad spot (`/source`, `/comparators/cidr`, `/ownership/relations/0/claims`).
 *
 * @example
 * ```ts
 * const widgets = definePack({
 *   source: 'acme/widgets',
 *   rules: { acme_firewall: { sets: ['/rule'], compare: { '/rule/*\/port': 'acme-port' } } },
 *   comparators: { 'acme-port': { canonical: (text) => text.replace(/^port-/, '') } },
 * });
 * await detectDrift({ state, providers, packs: [widgets] });
 * ```
 * @public
 */
export function definePack<T extends Pack>(pack: T): T {
  checkPack(pack, '');
  return pack;
}
