/**
 * APIs return tags as `[{ Key, Value }]` where Terraform stores a map. The differ compares
 * such a live list with the state's map as that map.
 */
import { setOwn } from '../shared/set-own.js';

/**
 * The map a `[{ Key, Value }]` tag list stands for, or the list itself when it is not one.
 * @internal
 */
export function tagListToMap(list: unknown[]): unknown {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (item === null || typeof item !== 'object') return list;
    const tag = item as Record<string, unknown>;
    const key = tag.Key ?? tag.key;
    if (typeof key !== 'string') return list;
    setOwn(out, key, tag.Value ?? tag.value ?? null);
  }
  return out;
}
