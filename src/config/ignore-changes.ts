/**
 * `lifecycle.ignore_changes` (and the provider's `ignore_tags`) as ignore globs for the diff.
 * Terraform ignores those attributes when planning; for drift they never count.
 */
import { escapePointerToken } from './expressions.js';
import type { DeclaredResource, ProviderBlock } from './types.js';

/** Ignoring every attribute: `ignore_changes = all`. @internal */
const IGNORE_ALL = ['/**'];

/**
 * The JSON Pointer globs that never count as drift for a resource. `tags` entries also cover
 * `tags_all`, the attribute the AWS provider derives from them and that drift is compared on.
 * @internal
 */
export function ignoreGlobs(
  declared: DeclaredResource | undefined,
  provider: ProviderBlock | undefined,
): string[] {
  if (declared?.ignoreChanges === 'all') return [...IGNORE_ALL];
  const globs: string[] = [];
  const add = (glob: string) => {
    if (!globs.includes(glob)) globs.push(glob);
  };
  for (const pointer of declared?.ignoreChanges ?? []) {
    add(pointer);
    if (pointer === '/tags' || pointer.startsWith('/tags/')) add(`/tags_all${pointer.slice(5)}`);
  }
  for (const key of provider?.ignoreTags?.keys ?? []) {
    add(`/tags/${escapePointerToken(key)}`);
    add(`/tags_all/${escapePointerToken(key)}`);
  }
  for (const prefix of provider?.ignoreTags?.keyPrefixes ?? []) {
    add(`/tags/${escapePointerToken(prefix)}*`);
    add(`/tags_all/${escapePointerToken(prefix)}*`);
  }
  return globs;
}
