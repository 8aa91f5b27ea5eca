/**
 * `aws_instance`: DescribeInstances, batched by filter.
 */
import type { Instance, Reservation } from '@aws-sdk/client-ec2';
import { describeAll, describeByIds } from './ec2-describe.js';
import type { ResourceHandler } from './resource-handler.js';
import { instanceId, resultsById } from './resource-handler.js';
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
    return resultsById(
      instances,
      found,
      (live) => (isGone(live.instance) ? undefined : instanceAttributes(live, env.region)),
      READS,
    );
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
