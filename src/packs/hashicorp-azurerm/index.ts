/**
 * The hashicorp/azurerm pack: normalization rules, the `azure-location` comparator and the
 * schema secrets of the provider's types.
 */
import { definePack } from '../define-pack.js';
import { schemaSecrets } from '../schema-secrets.js';
import { azurermRules } from './rules.js';

/**
 * The built-in pack for `hashicorp/azurerm`. Comparator: `azure-location` (`"West Europe"`
 * ≡ `"westeurope"`).
 * Users reach it through `builtinPacks`.
 * @internal
 */
export const azurermPack = definePack({
  source: 'hashicorp/azurerm',
  rules: azurermRules,
  comparators: {
    'azure-location': { canonical: (text) => text.replace(/\s+/g, '').toLowerCase() },
  },
  secrets: schemaSecrets(['azurerm_']),
});
