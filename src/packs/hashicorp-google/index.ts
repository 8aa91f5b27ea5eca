/**
 * The hashicorp/google pack: normalization rules, `effective_labels` and the schema secrets
 * of the provider's types.
 */
import { definePack } from '../define-pack.js';
import { canonicalProtocol } from '../hashicorp-aws/ip-protocol.js';
import { schemaSecrets } from '../schema-secrets.js';
import { googleRules } from './rules.js';

/**
 * The built-in pack for `hashicorp/google`. Derived map: `effective_labels` (of `labels` and
 * `terraform_labels`); a live side without it is compared on `labels` alone. Comparators:
 * `ip-protocol` (firewall protocols, the same IANA table as hashicorp/aws).
 * Users reach it through `builtinPacks`.
 * @internal
 */
export const googlePack = definePack({
  source: 'hashicorp/google',
  rules: googleRules,
  comparators: { 'ip-protocol': { canonical: canonicalProtocol, scalars: true } },
  derivedMaps: [
    {
      attribute: 'effective_labels',
      parts: ['labels', 'terraform_labels'],
      whenLiveLacks: 'compare-first-part',
    },
  ],
  secrets: schemaSecrets(['google_']),
});
