/**
 * What `aws_instance` stores beyond DescribeInstances: user data, termination and stop
 * protection and the shutdown behaviour (DescribeInstanceAttribute, one call per attribute
 * and instance, bounded), and the block devices (DescribeVolumes, batched by filter). Each is
 * read only when the instance's state holds it, the way the Terraform AWS provider fills it.
 */
import { createHash } from 'node:crypto';
import type { DescribeInstanceAttributeCommandOutput, Instance, Volume } from '@aws-sdk/client-ec2';
import { ProviderError } from '../../errors.js';
import type { ResourceInstance } from '../../model/state.js';
import { describeByIds } from './ec2-describe.js';
import type { AwsEnv } from './resource-handler.js';
import { tagMap } from './tags.js';

type Attrs = Record<string, unknown>;

const VOLUMES = {
  operation: 'DescribeVolumes',
  idFilter: 'volume-id',
  items: (page: Record<string, unknown>): Volume[] => (page.Volumes as Volume[] | undefined) ?? [],
};

const has = (state: Attrs, key: string): boolean =>
  Object.hasOwn(state, key) && state[key] !== undefined;

/** The provider's `user_data` value: the SHA-1 hex of the decoded user data. */
function userDataHash(base64: string): string {
  return createHash('sha1').update(Buffer.from(base64, 'base64')).digest('hex');
}

/** The DescribeInstanceAttribute attributes, by the Terraform attribute they fill. */
const SCALAR_ATTRIBUTES: {
  attribute: string;
  api: string;
  value: (out: DescribeInstanceAttributeCommandOutput) => unknown;
}[] = [
  {
    attribute: 'disable_api_termination',
    api: 'disableApiTermination',
    value: (out) => out.DisableApiTermination?.Value ?? false,
  },
  {
    attribute: 'disable_api_stop',
    api: 'disableApiStop',
    value: (out) => out.DisableApiStop?.Value ?? false,
  },
  {
    attribute: 'instance_initiated_shutdown_behavior',
    api: 'instanceInitiatedShutdownBehavior',
    value: (out) => out.InstanceInitiatedShutdownBehavior?.Value ?? 'stop',
  },
];

/** Whether the instance's state holds anything read with DescribeInstanceAttribute. */
export function wantsAttributeCalls(state: Attrs): boolean {
  return (
    has(state, 'user_data') ||
    has(state, 'user_data_base64') ||
    SCALAR_ATTRIBUTES.some((a) => has(state, a.attribute))
  );
}

/**
 * The DescribeInstanceAttribute values of one instance the state holds. User data goes where
 * the provider puts it: `user_data_base64` when the state uses it, else `user_data` as a hash;
 * when AWS returns none, the provider keeps the state's value, and so does this.
 * @internal
 */
export async function instanceAttributeValues(
  env: AwsEnv,
  instanceId: string,
  state: Attrs,
): Promise<Attrs> {
  const call = (Attribute: string) =>
    env.call<DescribeInstanceAttributeCommandOutput>('ec2', 'DescribeInstanceAttribute', {
      InstanceId: instanceId,
      Attribute,
    });
  const wanted = SCALAR_ATTRIBUTES.filter((a) => has(state, a.attribute));
  const userData = has(state, 'user_data') || has(state, 'user_data_base64');
  const [user, ...scalars] = await Promise.all([
    userData ? call('userData') : undefined,
    ...wanted.map((a) => call(a.api)),
  ]);
  const out: Attrs = {};
  wanted.forEach((a, i) => {
    const answer = scalars[i];
    if (answer !== undefined) out[a.attribute] = a.value(answer);
  });
  if (userData) {
    const value = user?.UserData?.Value;
    const base64State = state.user_data_base64;
    if (typeof base64State === 'string' && base64State !== '') {
      out.user_data_base64 = value ?? base64State;
    } else if (has(state, 'user_data')) {
      out.user_data = value === undefined || value === '' ? state.user_data : userDataHash(value);
    }
  }
  return out;
}

/** The EBS volume ids of instances whose state holds block devices. */
function volumeIdsOf(instance: Instance): string[] {
  return (instance.BlockDeviceMappings ?? [])
    .map((m) => m.Ebs?.VolumeId)
    .filter((id): id is string => id !== undefined);
}

/** Describes the given volumes (batched by filter) and returns them by id. @internal */
export function describeVolumes(env: AwsEnv, ids: string[]): Promise<Map<string, Volume>> {
  return describeByIds(env, VOLUMES, ids, (volume) => volume.VolumeId);
}

/** Whether the instance's state holds block devices to compare. */
export function wantsVolumes(state: Attrs): boolean {
  return (
    has(state, 'root_block_device') ||
    (Array.isArray(state.ebs_block_device) && state.ebs_block_device.length > 0)
  );
}

/**
 * Tags of a block device: `tags_all` holds the volume's tags when the state has it (the
 * provider's default-tag split of `tags` needs the provider configuration, so `tags` keeps the
 * state's value); older states only have `tags`, which then holds them.
 */
function deviceTags(volume: Volume, stateDevice: Attrs | undefined): Attrs {
  const tags = tagMap(volume.Tags);
  if (stateDevice !== undefined && has(stateDevice, 'tags_all'))
    return { tags: stateDevice.tags, tags_all: tags };
  return { tags };
}

function device(
  volume: Volume,
  deviceName: string,
  deleteOnTermination: boolean,
  stateDevice: Attrs | undefined,
  volumeTagsInState: boolean,
): Attrs {
  return {
    delete_on_termination: deleteOnTermination,
    device_name: deviceName,
    encrypted: volume.Encrypted ?? false,
    iops: volume.Iops ?? 0,
    kms_key_id: volume.KmsKeyId ?? '',
    throughput: volume.Throughput ?? 0,
    volume_id: volume.VolumeId,
    volume_size: volume.Size ?? 0,
    volume_type: volume.VolumeType ?? '',
    // With `volume_tags`, the provider compares tags there, not per device.
    ...(volumeTagsInState
      ? {
          tags: stateDevice?.tags,
          ...(stateDevice?.tags_all === undefined ? {} : { tags_all: stateDevice.tags_all }),
        }
      : deviceTags(volume, stateDevice)),
  };
}

function asAttrs(value: unknown): Attrs | undefined {
  return Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null
    ? (value[0] as Attrs)
    : undefined;
}

/**
 * `root_block_device`, `ebs_block_device` and `volume_tags` of one instance, from its block
 * device mappings and the described volumes. A mapped volume that DescribeVolumes did not
 * return makes the read fail (a half-read device list would report false drift).
 * @internal
 */
export function blockDeviceAttributes(
  instance: Instance,
  volumes: ReadonlyMap<string, Volume>,
  state: Attrs,
): Attrs {
  const volumeTags = state.volume_tags;
  const volumeTagsInState =
    typeof volumeTags === 'object' && volumeTags !== null && Object.keys(volumeTags).length > 0;
  const root: Attrs[] = [];
  const ebs: Attrs[] = [];
  const stateEbs = Array.isArray(state.ebs_block_device) ? (state.ebs_block_device as Attrs[]) : [];
  let rootVolume: Volume | undefined;
  for (const mapping of instance.BlockDeviceMappings ?? []) {
    const id = mapping.Ebs?.VolumeId;
    if (id === undefined) continue;
    const volume = volumes.get(id);
    if (volume === undefined) {
      throw new ProviderError(`DescribeVolumes did not return ${id}`, {
        provider: 'aws',
        kind: 'provider-bug',
      });
    }
    const name = mapping.DeviceName ?? '';
    const deleteOnTermination = mapping.Ebs?.DeleteOnTermination ?? false;
    if (name === instance.RootDeviceName) {
      rootVolume = volume;
      root.push(
        device(
          volume,
          name,
          deleteOnTermination,
          asAttrs(state.root_block_device),
          volumeTagsInState,
        ),
      );
    } else {
      const stateDevice = stateEbs.find((d) => d.device_name === name);
      ebs.push({
        ...device(volume, name, deleteOnTermination, stateDevice, volumeTagsInState),
        snapshot_id: volume.SnapshotId ?? '',
      });
    }
  }
  const out: Attrs = {};
  if (has(state, 'root_block_device')) out.root_block_device = root;
  if (stateEbs.length > 0) out.ebs_block_device = ebs;
  if (volumeTagsInState && rootVolume !== undefined) out.volume_tags = tagMap(rootVolume.Tags);
  return out;
}

/** Every instance of `instances` whose state wants its volumes, with the ids to describe. */
export function volumesWanted(
  instances: readonly ResourceInstance[],
  live: (instance: ResourceInstance) => Instance | undefined,
): string[] {
  return instances.flatMap((i) => {
    const found = live(i);
    return found !== undefined && wantsVolumes(i.attributes) ? volumeIdsOf(found) : [];
  });
}
