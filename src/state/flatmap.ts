/**
 * Best-effort expansion of a legacy flatmap (`attributes` of state v1–v3, `attributes_flat`
 * of upgraded v4 objects) into nested values, without provider schemas:
 *
 * - `x.#` is a list (or set) length and `x.N…` its elements, in numeric order (set element
 *   hashes such as `ingress.2541437006.from_port` sort the same way);
 * - `x.%` is a map size and every key after `x.` is a map key, dots included;
 * - version 2 wrote map sizes as `x.#` too, so a `#` container with non-numeric keys is a map;
 * - every scalar stays a string (`"true"`, `"0"`): exact types need the schema, so callers mark
 *   the result lossy.
 */

import { setOwn } from '../shared/set-own.js';

type Entry = [rest: string, value: string];

function groupByHead(entries: readonly Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const [key, value] of entries) {
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    const rest = dot === -1 ? '' : key.slice(dot + 1);
    let group = groups.get(head);
    if (group === undefined) {
      group = [];
      groups.set(head, group);
    }
    group.push([rest, value]);
  }
  return groups;
}

function expandMap(entries: readonly Entry[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const [key, value] of entries) if (key !== '%' && key !== '#') setOwn(map, key, value);
  return map;
}

function expandValue(entries: readonly Entry[]): unknown {
  const only = entries[0];
  if (entries.length === 1 && only !== undefined && only[0] === '') return only[1];
  if (entries.some(([key]) => key === '%')) return expandMap(entries);
  if (entries.some(([key]) => key === '#')) {
    const elements = groupByHead(entries.filter(([key]) => key !== '#'));
    const heads = [...elements.keys()];
    if (!heads.every((head) => /^\d+$/.test(head))) return expandMap(entries);
    heads.sort((a, b) => Number(a) - Number(b));
    return heads.map((head) => expandValue(elements.get(head) as Entry[]));
  }
  return expandObject(entries);
}

function expandObject(entries: readonly Entry[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [head, group] of groupByHead(entries)) {
    // A scalar and a nested group under one name cannot both be right; the nested one wins.
    const nested = group.filter(([rest]) => rest !== '');
    setOwn(result, head, expandValue(nested.length > 0 ? nested : group));
  }
  return result;
}

/**
 * Expands a flatmap into nested objects, lists and maps of strings.
 * @internal
 */
export function expandFlatmap(flat: Record<string, unknown>): Record<string, unknown> {
  const entries: Entry[] = [];
  for (const key of Object.keys(flat)) {
    const value = flat[key];
    entries.push([key, typeof value === 'string' ? value : String(value)]);
  }
  return expandObject(entries);
}
