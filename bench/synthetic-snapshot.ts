/**
 * A live snapshot derived from a synthetic state (bench/synthetic-state.ts): the same
 * objects keyed by address, with a share drifted (a tag and a scalar changed), a share
 * deleted (`null`), and a few unmanaged objects, all deterministic for a seed.
 */
import { createRandom } from './synthetic-state.js';

interface RawInstance {
  index_key?: string | number;
  attributes: Record<string, unknown>;
}

interface RawResource {
  mode: string;
  type: string;
  name: string;
  module?: string;
  instances: RawInstance[];
}

/** Options of {@link generateSnapshot}. @internal */
export interface SyntheticSnapshotOptions {
  /** Share of instances whose live side differs (default 0.05). */
  driftShare?: number;
  /** Share of instances deleted out of band (default 0.02). */
  missingShare?: number;
  /** Live objects no state holds (default 100). */
  unmanaged?: number;
  seed?: number;
}

function addressOf(resource: RawResource, instance: RawInstance): string {
  const key = instance.index_key;
  const suffix =
    key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
  return `${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}${suffix}`;
}

function drift(attributes: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const live: Record<string, unknown> = { ...attributes };
  const tags = attributes.tags_all;
  if (typeof tags === 'object' && tags !== null) {
    const changed = { ...(tags as Record<string, unknown>), Team: 'changed-by-hand' };
    live.tags_all = changed;
    live.tags = {
      ...(attributes.tags as Record<string, unknown> | undefined),
      Team: 'changed-by-hand',
    };
  }
  const scalar = Object.keys(attributes).find(
    (k) => typeof attributes[k] === 'number' || typeof attributes[k] === 'boolean',
  );
  if (scalar !== undefined && random() < 0.5) {
    const v = attributes[scalar];
    live[scalar] = typeof v === 'number' ? v + 1 : !v;
  }
  return live;
}

/**
 * Builds a snapshot document (see docs/snapshot-format.md) from a raw v4 state document.
 * @internal
 */
export function generateSnapshot(state: object, options: SyntheticSnapshotOptions = {}): object {
  const random = createRandom(options.seed ?? 7);
  const driftShare = options.driftShare ?? 0.05;
  const missingShare = options.missingShare ?? 0.02;
  const resources: Record<string, { attributes: Record<string, unknown> } | null> = {};
  for (const resource of (state as { resources: RawResource[] }).resources) {
    if (resource.mode !== 'managed') continue;
    for (const instance of resource.instances) {
      const roll = random();
      const address = addressOf(resource, instance);
      if (roll < missingShare) resources[address] = null;
      else if (roll < missingShare + driftShare)
        resources[address] = { attributes: drift(instance.attributes, random) };
      else resources[address] = { attributes: instance.attributes };
    }
  }
  const buckets: Record<string, { attributes: Record<string, unknown> }> = {};
  for (let i = 0; i < (options.unmanaged ?? 100); i++) {
    const id = `unmanaged-bucket-${i}`;
    buckets[id] = { attributes: { id, bucket: id } };
  }
  return { version: 1, resources, byId: { aws_s3_bucket: buckets } };
}

/** {@link generateSnapshot} as JSON text. @internal */
export function generateSnapshotText(
  state: object,
  options: SyntheticSnapshotOptions = {},
): string {
  return `${JSON.stringify(generateSnapshot(state, options), null, 2)}\n`;
}
