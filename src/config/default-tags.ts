/**
 * Provider `default_tags`: the AWS provider stores `tags_all` as the provider's default tags
 * merged with the resource's own `tags` (the resource wins on a shared key), minus the keys
 * `ignore_tags` names. Recomputing it from the configuration makes a change to the default
 * tags that never reached the cloud show as drift.
 */
import type { ResourceInstance } from '../model/state.js';
import type { ProviderBlock } from './types.js';

/**
 * The `tags_all` the configuration expects for an instance, or `undefined` when the provider
 * declares no literal `default_tags` or the resource has no `tags_all`.
 * @internal
 */
export function expectedTagsAll(
  instance: ResourceInstance,
  provider: ProviderBlock | undefined,
): Record<string, unknown> | undefined {
  const defaults = provider?.defaultTags;
  if (defaults === undefined || !('tags_all' in instance.attributes)) return undefined;
  const own = instance.attributes.tags;
  const merged: Record<string, unknown> = { ...defaults };
  if (typeof own === 'object' && own !== null && !Array.isArray(own)) {
    for (const [key, value] of Object.entries(own)) {
      if (value !== null && value !== undefined) merged[key] = value;
    }
  }
  const ignored = provider?.ignoreTags;
  if (ignored !== undefined) {
    for (const key of Object.keys(merged)) {
      if (
        ignored.keys.includes(key) ||
        ignored.keyPrefixes.some((prefix) => key.startsWith(prefix))
      ) {
        delete merged[key];
      }
    }
  }
  return merged;
}
