/**
 * The common pack: what every Terraform provider's state needs (the plugin SDK's
 * null-means-empty and `timeouts`), the `cidr` comparator the provider packs share, and the
 * schema secrets of providers that have no pack of their own.
 */
import { definePack } from '../define-pack.js';
import { schemaSecrets } from '../schema-secrets.js';
import { canonicalCidr } from './cidr.js';
import { commonRules } from './rules.js';
import { BUILTIN_PREFIXES } from '../builtin-prefixes.js';

/**
 * The common built-in pack (`tfdrift/common`): rules for every type (`*`) and the `cidr`
 * comparator (IP addresses and CIDR blocks in canonical form).
 * @public
 */
export const commonPack = definePack({
  source: 'tfdrift/common',
  rules: { '*': commonRules },
  comparators: { cidr: { canonical: canonicalCidr } },
  secrets: schemaSecrets(BUILTIN_PREFIXES, true),
});
