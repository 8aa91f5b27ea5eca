/**
 * Maps a change event's resources to the state instances they touched: by Terraform
 * address, by type and id, or by ARN (matched against an instance's `arn` or `id`
 * attribute, since some resources use their ARN as id). Only these instances are re-read.
 */
import type { ResourceInstance } from '../model/state.js';
import type { ChangeEventResource } from './change-event.js';

/** Lookups from what events name to instance keys. @internal */
export interface TargetIndex {
  /** The keys of the instances an event's resources name (possibly none). */
  targetsOf(resources: readonly ChangeEventResource[]): Set<string>;
}

function add(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes instances (by key) for event matching. @internal */
export function indexTargets(instances: ReadonlyMap<string, ResourceInstance>): TargetIndex {
  const byAddress = new Map<string, string[]>();
  const byTypeId = new Map<string, string[]>();
  const byArn = new Map<string, string[]>();
  for (const [key, instance] of instances) {
    add(byAddress, instance.address, key);
    const id = instance.id ?? instance.attributes.id;
    if (typeof id === 'string' && id !== '') {
      add(byTypeId, `${instance.type}\u0000${id}`, key);
      if (id.startsWith('arn:')) add(byArn, id, key);
    }
    const arn = instance.attributes.arn;
    if (typeof arn === 'string' && arn !== '' && arn !== id) add(byArn, arn, key);
  }
  return {
    targetsOf(resources) {
      const keys = new Set<string>();
      const take = (list: string[] | undefined): void => list?.forEach((k) => keys.add(k));
      if (!Array.isArray(resources)) return keys;
      for (const r of resources) {
        if (typeof r !== 'object' || r === null) continue;
        if (typeof r.address === 'string') take(byAddress.get(r.address));
        if (typeof r.arn === 'string') take(byArn.get(r.arn));
        if (typeof r.id === 'string') {
          if (typeof r.type === 'string') take(byTypeId.get(`${r.type}\u0000${r.id}`));
          else take(byArn.get(r.id));
        }
      }
      return keys;
    },
  };
}
