/**
 * The hashicorp/aws pack: normalization rules, the comparators they name (IAM policy
 * semantics, IP protocols, ARN names), `tags_all`, the ownership of parent parts by
 * separate resources, and the schema secrets of the provider's types.
 */
import { definePack } from '../define-pack.js';
import { schemaSecrets } from '../schema-secrets.js';
import { canonicalPolicy } from './iam-policy.js';
import { canonicalProtocol } from './ip-protocol.js';
import { AWS_DELETE_COMMANDS } from './delete-commands.js';
import { AWS_PARENTS, AWS_RELATIONS } from './ownership.js';
import { awsRules } from './rules.js';

/** The resource name of an ARN: after the last `/`, or else after the last `:`. */
function arnName(text: string): string {
  if (!text.startsWith('arn:')) return text;
  const slash = text.lastIndexOf('/');
  return text.slice((slash === -1 ? text.lastIndexOf(':') : slash) + 1);
}

/**
 * The built-in pack for `hashicorp/aws`. Comparators: `iam-policy` (policy documents compared
 * as IAM reads them), `ip-protocol` (`"6"` ≡ `"tcp"`, `"all"` ≡ `"-1"`) and `arn-name`
 * (`web` ≡ `arn:aws:iam::1:instance-profile/web`). Derived map: `tags_all` (of `tags`).
 * Users reach it through `builtinPacks`.
 * @internal
 */
export const awsPack = definePack({
  source: 'hashicorp/aws',
  rules: {
    ...awsRules,
    // AWS reserves the `aws:` tag prefix for its own tags (CloudFormation, Auto Scaling),
    // on any resource that carries AWS tags, whichever provider manages it.
    '*': { reservedKeys: { '/tags': ['aws:'], '/tags_all': ['aws:'] } },
  },
  comparators: {
    'iam-policy': { canonical: (text) => canonicalPolicy(text) ?? text, document: true },
    'ip-protocol': { canonical: canonicalProtocol, scalars: true },
    'arn-name': { canonical: arnName },
  },
  derivedMaps: [{ attribute: 'tags_all', parts: ['tags'], whenLiveLacks: 'use-first-part' }],
  ownership: { parents: AWS_PARENTS, relations: AWS_RELATIONS },
  secrets: schemaSecrets(['aws_']),
  deleteCommands: AWS_DELETE_COMMANDS,
});
