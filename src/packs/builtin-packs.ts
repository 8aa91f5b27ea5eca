/**
 * The packs that ship with tfdrift, in the order they are resolved, and their resolved
 * table (what `diffResource` and `detectDrift` use when no other pack is given).
 */
import { commonPack } from './common/index.js';
import { awsPack } from './hashicorp-aws/index.js';
import { azurermPack } from './hashicorp-azurerm/index.js';
import { googlePack } from './hashicorp-google/index.js';
import { resolvePacks, type ResolvedPacks } from './resolve-packs.js';
import type { Pack } from './types.js';

/**
 * The built-in packs: `tfdrift/common`, `hashicorp/aws`, `hashicorp/google`,
 * `hashicorp/azurerm`. Packs given to `detectDrift` are resolved after them.
 * @public
 */
export const builtinPacks: readonly Pack[] = Object.freeze([
  commonPack,
  awsPack,
  googlePack,
  azurermPack,
]);

/** The built-in packs, resolved. @internal */
export const BUILTIN_RESOLVED: ResolvedPacks = resolvePacks(builtinPacks);
