/**
 * The common pack: what every Terraform provider's state needs (the plugin SDK's
 * null-means-empty and `timeouts`), the `cidr` comparator the provider packs share, and the
 * schema secrets of providers that have no pack of their own.
 */
import { definePack } from '../define-pack.js';
import { schemaSecrets } from '../schema-secrets.js';
import { canonicalCidr } from './cidr.js';
import { commonRules } from './rules.js';

/**
 * The common built-in pack (`tfdrift/common`): rules for every type (`*`) and the `cidr`
 * comparator (IP addresses and CIDR blocks in canonical form).
 * Users reach it through `builtinPacks`.
 * @internal
 */
export const commonPack = definePack({
  source: 'tfdrift/common',
  rules: { '*': commonRules },
  comparators: { cidr: { canonical: canonicalCidr } },
  // The providers with a built-in pack of their own carry their types' secrets there.
  secrets: schemaSecrets(['aws_', 'google_', 'azurerm_'], true),
});
