/**
 * `aws_instance`: DescribeInstances, batched by filter, then what Terraform stores beyond it
 * (ec2-instance-details.ts) for the instances whose state holds it.
 */
import type { Instance, Reservation, Volume } from '@aws-sdk/client-ec2';
import type { ResourceInstance } from '../../model/state.js';
import type { ReadResult } from '../types.js';
import { describeAll, describeByIds } from './ec2-describe.js';
import {
  blockDeviceAttributes,
  describeVolumes,
  instanceAttributeValues,
  volumesWanted,
  wantsAttributeCalls,
  wantsVolumes,
} from './ec2-instance-details.js';
import { toReadError } from './errors.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { failedWith, instanceId, mapBounded, resultsById } from './resource-handler.js';
import { nameTag, tagMap } from './tags.js';
import { partitionOf } from './location.js';

/** An instance together with the account that owns it (from its reservation). */
interface OwnedInstance {
  instance: Instance;
  owner: string | undefined;
}

const INSTANCES = {
  operation: 'DescribeInstances',
  idFilter: 'instance-id',
  items: (page: Record<string, unknown>): OwnedInstance[] =>
    ((page.Reservations as Reservation[] | undefined) ?? []).flatMap((reservation) =>
      (reservation.Instances ?? []).map((instance) => ({ instance, owner: reservation.OwnerId })),
    ),
};

/** Terraform keeps the profile name; the API returns its ARN (`...:instance-profile/path/name`). */
function profileName(arn: string | undefined): string {
  if (arn === undefined) return '';
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Maps an EC2 instance to Terraform's `aws_instance` attributes (the projection below).
 * @internal
 */
export function instanceAttributes(
  { instance, owner }: OwnedInstance,
  region: string,
): Record<string, unknown> {
  const metadata = instance.MetadataOptions;
  return {
    id: instance.InstanceId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${owner ?? ''}:instance/${instance.InstanceId ?? ''}`,
    ami: instance.ImageId,
    instance_type: instance.InstanceType,
    availability_zone: instance.Placement?.AvailabilityZone,
    tenancy: instance.Placement?.Tenancy,
    subnet_id: instance.SubnetId ?? '',
    key_name: instance.KeyName ?? '',
    private_ip: instance.PrivateIpAddress ?? '',
    vpc_security_group_ids: (instance.SecurityGroups ?? [])
      .map((group) => group.GroupId ?? '')
      .sort(),
    monitoring:
      instance.Monitoring?.State === 'enabled' || instance.Monitoring?.State === 'pending',
    ebs_optimized: instance.EbsOptimized ?? false,
    source_dest_check: instance.SourceDestCheck ?? true,
    iam_instance_profile: profileName(instance.IamInstanceProfile?.Arn),
    metadata_options:
      metadata === undefined
        ? []
        : [
            {
              http_endpoint: metadata.HttpEndpoint,
              http_protocol_ipv6: metadata.HttpProtocolIpv6 ?? 'disabled',
              http_put_response_hop_limit: metadata.HttpPutResponseHopLimit,
              http_tokens: metadata.HttpTokens,
              instance_metadata_tags: metadata.InstanceMetadataTags ?? 'disabled',
            },
          ],
    tags_all: tagMap(instance.Tags),
  };
}

/**
 * Attributes DescribeInstances also answers, compared when the state holds them (older
 * provider versions did not store them all).
 */
function describedExtras(
  instance: Instance,
  state: Record<string, unknown>,
): Record<string, unknown> {
  const cpu = instance.CpuOptions;
  const dns = instance.PrivateDnsNameOptions;
  const primary = (instance.NetworkInterfaces ?? []).find((n) => n.Attachment?.DeviceIndex === 0);
  const priorCpu = Array.isArray(state.cpu_options)
    ? (state.cpu_options[0] as Record<string, unknown> | undefined)
    : undefined;
  const all: Record<string, unknown> = {
    cpu_options: [
      {
        // AMD SEV-SNP is reported only on the instance types that have it: kept from state.
        amd_sev_snp: priorCpu?.amd_sev_snp ?? '',
        core_count: cpu?.CoreCount ?? 0,
        threads_per_core: cpu?.ThreadsPerCore ?? 0,
      },
    ],
    cpu_core_count: cpu?.CoreCount ?? 0,
    cpu_threads_per_core: cpu?.ThreadsPerCore ?? 0,
    hibernation: instance.HibernationOptions?.Configured ?? false,
    enclave_options: [{ enabled: instance.EnclaveOptions?.Enabled ?? false }],
    maintenance_options: [
      { auto_recovery: instance.MaintenanceOptions?.AutoRecovery ?? 'default' },
    ],
    private_dns_name_options:
      dns === undefined
        ? []
        : [
            {
              enable_resource_name_dns_a_record: dns.EnableResourceNameDnsARecord ?? false,
              enable_resource_name_dns_aaaa_record: dns.EnableResourceNameDnsAAAARecord ?? false,
              hostname_type: dns.HostnameType ?? '',
            },
          ],
    placement_group: instance.Placement?.GroupName ?? '',
    placement_partition_number: instance.Placement?.PartitionNumber ?? 0,
    ipv6_addresses: (primary?.Ipv6Addresses ?? []).map((a) => a.Ipv6Address ?? ''),
    secondary_private_ips: (primary?.PrivateIpAddresses ?? [])
      .filter((a) => a.Primary !== true)
      .map((a) => a.PrivateIpAddress ?? ''),
  };
  return Object.fromEntries(Object.entries(all).filter(([key]) => state[key] !== undefined));
}

const READS = [
  'arn',
  'ami',
  'instance_type',
  'availability_zone',
  'tenancy',
  'subnet_id',
  'key_name',
  'private_ip',
  'vpc_security_group_ids',
  'monitoring',
  'ebs_optimized',
  'source_dest_check',
  'iam_instance_profile',
  'metadata_options',
  'tags_all',
];

/**
 * Gone for Terraform too: a terminated instance lingers in the API for about an hour. One
 * still shutting down exists, so it is read like any other.
 */
const isGone = (instance: Instance): boolean => instance.State?.Name === 'terminated';

/** Instances whose DescribeInstanceAttribute calls run at once (up to four calls each). */
const DETAIL_CONCURRENCY = 8;

/**
 * A found instance's result with what its state holds beyond DescribeInstances. A failed
 * detail call fails the instance's read: half a read would report it in sync unchecked.
 */
async function withDetails(
  result: Extract<ReadResult, { status: 'found' }>,
  instance: ResourceInstance,
  live: Instance,
  volumes: ReadonlyMap<string, Volume>,
  env: AwsEnv,
): Promise<ReadResult> {
  const state = instance.attributes;
  try {
    const attributes = {
      ...result.attributes,
      ...describedExtras(live, state),
      ...(wantsVolumes(state) ? blockDeviceAttributes(live, volumes, state) : {}),
      ...(wantsAttributeCalls(state) && live.InstanceId !== undefined
        ? await instanceAttributeValues(env, live.InstanceId, state)
        : {}),
    };
    const read = Object.keys(attributes).filter((key) => key !== 'id');
    return { ...result, attributes, read };
  } catch (error) {
    if (failedWith(error, ec2InstanceHandler.notFoundCodes))
      return { address: result.address, status: 'not-found' };
    return { address: result.address, status: 'error', error: toReadError(error) };
  }
}

/** `aws_instance`. @internal */
export const ec2InstanceHandler: ResourceHandler = {
  type: 'aws_instance',
  service: 'ec2',
  reads: READS,
  notFoundCodes: ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'],
  // States written by older provider versions lack these metadata options (seen in real
  // states); AWS reports them with their defaults.
  rules: {
    defaults: {
      '/metadata_options/*/http_protocol_ipv6': 'disabled',
      '/metadata_options/*/instance_metadata_tags': 'disabled',
    },
  },
  async read(instances, env) {
    const ids = instances.map((i) => instanceId(i)).filter((id): id is string => id !== undefined);
    const found = await describeByIds(env, INSTANCES, ids, (item) => item.instance.InstanceId);
    const liveOf = (i: ResourceInstance): Instance | undefined => {
      const id = instanceId(i);
      const item = id === undefined ? undefined : found.get(id);
      return item === undefined || isGone(item.instance) ? undefined : item.instance;
    };
    const volumeIds = volumesWanted(instances, liveOf);
    const volumes =
      volumeIds.length === 0 ? new Map<string, Volume>() : await describeVolumes(env, volumeIds);
    const results = resultsById(
      instances,
      found,
      (live) => (isGone(live.instance) ? undefined : instanceAttributes(live, env.region)),
      READS,
    );
    const pairs = instances.map((instance, i) => ({ instance, result: results[i] as ReadResult }));
    return mapBounded(pairs, DETAIL_CONCURRENCY, ({ instance, result }) => {
      const live = liveOf(instance);
      return live === undefined || result.status !== 'found'
        ? Promise.resolve(result)
        : withDetails(result, instance, live, volumes, env);
    });
  },
  async *list(env) {
    const live = [
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ];
    for await (const item of describeAll(env, INSTANCES, live)) {
      const id = item.instance.InstanceId;
      if (id === undefined) continue;
      const name = nameTag(item.instance.Tags);
      yield {
        type: 'aws_instance',
        id,
        location: env.region,
        ...(name === undefined ? {} : { name }),
        attributes: {
          tags_all: tagMap(item.instance.Tags),
          instance_type: item.instance.InstanceType,
        },
      };
    }
  },
};
