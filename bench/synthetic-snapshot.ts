/**
 * A live snapshot derived from a synthetic state (bench/synthetic-state.ts), shaped like what
 * a live read returns rather than the state written back:
 *
 * - every object is rebuilt in its own key order, its set-typed lists (security group rules,
 *   security group ids, managed policy ARNs) in another order, and its IAM policy documents
 *   re-serialized with their members in another order: equal under the built-in rules,
 *   different for a plain differ;
 * - a share has drifted out of band on attributes the rules compare (a tag and one
 *   type-specific setting: instance type, an added ingress rule, versioning, session
 *   duration, public IP mapping, allocated storage);
 * - a share has been deleted (`null`);
 * - unmanaged objects (buckets and instances no state holds) sit beside the managed ones, so
 *   a scan with `unmanaged: true` lists and matches every live object.
 *
 * Everything is deterministic for a seed.
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
  /** Share of instances whose live side drifted (default 0.05). */
  driftShare?: number;
  /** Share of instances deleted out of band (default 0.02). */
  missingShare?: number;
  /** Live objects no state holds (default 1% of the instances, at least 10). */
  unmanaged?: number;
  seed?: number;
}

/** What {@link generateSnapshot} built, for the benchmark to say what it measures. @internal */
export interface SnapshotMix {
  reshaped: number;
  drifted: number;
  missing: number;
  unmanaged: number;
}

function addressOf(resource: RawResource, instance: RawInstance): string {
  const key = instance.index_key;
  const suffix =
    key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
  return `${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}${suffix}`;
}

/** The same value rebuilt with every object's keys in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  }
  return value;
}

/** A policy document as the API returns it: same statements, members in another order. */
function reserializedPolicy(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return text;
  return JSON.stringify(reordered(JSON.parse(text)));
}

/** Lists that are sets in Terraform's schema, per type: their live order is the API's. */
const SET_LISTS: Record<string, string[]> = {
  aws_instance: ['vpc_security_group_ids'],
  aws_security_group: ['ingress', 'egress'],
  aws_iam_role: ['managed_policy_arns', 'inline_policy'],
  aws_db_instance: ['vpc_security_group_ids'],
};

/** The live form of unchanged attributes: equal under the rules, not byte for byte. */
function liveForm(type: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const live = reordered(attributes) as Record<string, unknown>;
  for (const key of SET_LISTS[type] ?? []) {
    if (Array.isArray(live[key])) live[key] = [...(live[key] as unknown[])].reverse();
  }
  if (type === 'aws_iam_role') {
    live.assume_role_policy = reserializedPolicy(live.assume_role_policy);
    if (Array.isArray(live.inline_policy)) {
      live.inline_policy = (live.inline_policy as Record<string, unknown>[]).map((p) => ({
        ...p,
        policy: reserializedPolicy(p.policy),
      }));
    }
  }
  return live;
}

/** One setting per type that out-of-band changes touch, on an attribute the rules compare. */
const SETTING_DRIFT: Record<string, (live: Record<string, unknown>) => void> = {
  aws_instance: (live) => {
    live.instance_type = live.instance_type === 'm5.xlarge' ? 'm5.2xlarge' : 'm5.xlarge';
  },
  aws_security_group: (live) => {
    live.ingress = [
      ...((live.ingress as unknown[]) ?? []),
      {
        cidr_blocks: ['0.0.0.0/0'],
        description: 'opened by hand',
        from_port: 3389,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: 'tcp',
        security_groups: [],
        self: false,
        to_port: 3389,
      },
    ];
  },
  aws_s3_bucket: (live) => {
    const [v] = (live.versioning as { enabled: boolean; mfa_delete: boolean }[] | undefined) ?? [];
    live.versioning = [{ enabled: !(v?.enabled ?? false), mfa_delete: false }];
  },
  aws_iam_role: (live) => {
    live.max_session_duration = 43_200;
  },
  aws_subnet: (live) => {
    live.map_public_ip_on_launch = true;
  },
  aws_db_instance: (live) => {
    live.allocated_storage = Number(live.allocated_storage ?? 20) + 100;
  },
};

function drifted(
  type: string,
  attributes: Record<string, unknown>,
  random: () => number,
): Record<string, unknown> {
  const live = liveForm(type, attributes);
  const tags = live.tags_all;
  const setting = SETTING_DRIFT[type];
  const canRetag = typeof tags === 'object' && tags !== null;
  const retag = canRetag && (setting === undefined || random() < 0.6);
  if (retag) {
    live.tags_all = { ...(tags as Record<string, unknown>), Team: 'changed-by-hand' };
    live.tags = { ...(live.tags as Record<string, unknown> | undefined), Team: 'changed-by-hand' };
  }
  if (!retag || random() < 0.5) setting?.(live);
  return live;
}

function unmanagedObjects(count: number): Record<string, Record<string, unknown>> {
  const buckets: Record<string, unknown> = {};
  const instances: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const id = `unmanaged-bucket-${i}`;
      buckets[id] = {
        attributes: { id, bucket: id, tags_all: { CreatedBy: 'console' } },
        name: id,
        location: 'us-east-1',
      };
    } else {
      const id = `i-0feed${i.toString(16).padStart(12, '0')}`;
      instances[id] = {
        attributes: { id, instance_type: 't3.micro', tags_all: { Name: `hand-made-${i}` } },
        name: `hand-made-${i}`,
        location: 'us-east-1',
      };
    }
  }
  return { aws_s3_bucket: buckets, aws_instance: instances };
}

/**
 * Builds a snapshot document (see docs/snapshot-format.md) from a raw v4 state document.
 * @internal
 */
export function generateSnapshot(
  state: object,
  options: SyntheticSnapshotOptions = {},
): { snapshot: object; mix: SnapshotMix } {
  const random = createRandom(options.seed ?? 7);
  const driftShare = options.driftShare ?? 0.05;
  const missingShare = options.missingShare ?? 0.02;
  const resources: Record<string, { attributes: Record<string, unknown> } | null> = {};
  const mix: SnapshotMix = { reshaped: 0, drifted: 0, missing: 0, unmanaged: 0 };
  let instances = 0;
  for (const resource of (state as { resources: RawResource[] }).resources) {
    if (resource.mode !== 'managed') continue;
    for (const instance of resource.instances) {
      instances++;
      const roll = random();
      const address = addressOf(resource, instance);
      if (roll < missingShare) {
        resources[address] = null;
        mix.missing++;
      } else if (roll < missingShare + driftShare) {
        resources[address] = { attributes: drifted(resource.type, instance.attributes, random) };
        mix.drifted++;
      } else {
        resources[address] = { attributes: liveForm(resource.type, instance.attributes) };
        mix.reshaped++;
      }
    }
  }
  mix.unmanaged = options.unmanaged ?? Math.max(10, Math.round(instances / 100));
  return {
    snapshot: { version: 1, resources, byId: unmanagedObjects(mix.unmanaged) },
    mix,
  };
}

/** {@link generateSnapshot} as JSON text. @internal */
export function generateSnapshotText(
  state: object,
  options: SyntheticSnapshotOptions = {},
): { text: string; mix: SnapshotMix } {
  const { snapshot, mix } = generateSnapshot(state, options);
  return { text: `${JSON.stringify(snapshot, null, 2)}\n`, mix };
}
