/**
 * `aws_vpc` and `aws_subnet`: DescribeVpcs / DescribeSubnets, batched by filter. The
 * default VPC and default subnets are the account's, never listed as unmanaged.
 */
import type { DescribeVpcAttributeCommandOutput, Subnet, Vpc } from '@aws-sdk/client-ec2';
import type { ReadResult } from '../types.js';
import type { DescribeSpec } from './ec2-describe.js';
import { describeAll, describeByIds } from './ec2-describe.js';
import { toReadError } from './errors.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { failedWith, instanceId, mapBounded, resultsById } from './resource-handler.js';
import { nameTag, tagMap } from './tags.js';
import { partitionOf } from './location.js';

const VPCS = {
  operation: 'DescribeVpcs',
  idFilter: 'vpc-id',
  items: (page: Record<string, unknown>): Vpc[] => (page.Vpcs as Vpc[] | undefined) ?? [],
};

const SUBNETS = {
  operation: 'DescribeSubnets',
  idFilter: 'subnet-id',
  items: (page: Record<string, unknown>): Subnet[] => (page.Subnets as Subnet[] | undefined) ?? [],
};

/**
 * Maps a VPC to `aws_vpc` attributes.
 * @internal
 */
function vpcAttributes(vpc: Vpc, region: string): Record<string, unknown> {
  const ipv6 = vpc.Ipv6CidrBlockAssociationSet?.find(
    (a) => a.Ipv6CidrBlockState?.State === 'associated',
  );
  return {
    id: vpc.VpcId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${vpc.OwnerId ?? ''}:vpc/${vpc.VpcId ?? ''}`,
    cidr_block: vpc.CidrBlock,
    instance_tenancy: vpc.InstanceTenancy ?? 'default',
    dhcp_options_id: vpc.DhcpOptionsId ?? '',
    owner_id: vpc.OwnerId,
    ipv6_cidr_block: ipv6?.Ipv6CidrBlock ?? '',
    tags_all: tagMap(vpc.Tags),
  };
}

/**
 * Maps a subnet to `aws_subnet` attributes.
 * @internal
 */
function subnetAttributes(subnet: Subnet): Record<string, unknown> {
  const ipv6 = subnet.Ipv6CidrBlockAssociationSet?.find(
    (a) => a.Ipv6CidrBlockState?.State === 'associated',
  );
  return {
    id: subnet.SubnetId,
    arn: subnet.SubnetArn,
    vpc_id: subnet.VpcId,
    cidr_block: subnet.CidrBlock,
    availability_zone: subnet.AvailabilityZone,
    availability_zone_id: subnet.AvailabilityZoneId,
    map_public_ip_on_launch: subnet.MapPublicIpOnLaunch ?? false,
    assign_ipv6_address_on_creation: subnet.AssignIpv6AddressOnCreation ?? false,
    ipv6_cidr_block: ipv6?.Ipv6CidrBlock ?? '',
    owner_id: subnet.OwnerId,
    tags_all: tagMap(subnet.Tags),
  };
}

function batchedHandler<T extends { Tags?: { Key?: string; Value?: string }[] }>(options: {
  type: string;
  spec: DescribeSpec<T> & { idFilter: string };
  idOf: (item: T) => string | undefined;
  isDefault: (item: T) => boolean;
  attributes: (item: T, region: string) => Record<string, unknown>;
  reads: string[];
  notFoundCodes: string[];
}): ResourceHandler {
  const { type, spec, idOf, reads } = options;
  return {
    type,
    service: 'ec2',
    reads,
    notFoundCodes: options.notFoundCodes,
    async read(instances, env) {
      const ids = instances
        .map((i) => instanceId(i))
        .filter((id): id is string => id !== undefined);
      const found = await describeByIds(env, spec, ids, idOf);
      return resultsById(instances, found, (item) => options.attributes(item, env.region), reads);
    },
    async *list(env) {
      for await (const item of describeAll(env, spec)) {
        const id = idOf(item);
        if (id === undefined || options.isDefault(item)) continue;
        const name = nameTag(item.Tags);
        yield {
          type,
          id,
          location: env.region,
          ...(name === undefined ? {} : { name }),
          attributes: { tags_all: tagMap(item.Tags) },
        };
      }
    },
  };
}

const VPC_READS = [
  'arn',
  'cidr_block',
  'instance_tenancy',
  'dhcp_options_id',
  'owner_id',
  'ipv6_cidr_block',
  'tags_all',
  'enable_dns_support',
  'enable_dns_hostnames',
];

const describedVpcs = batchedHandler<Vpc>({
  type: 'aws_vpc',
  spec: VPCS,
  idOf: (vpc) => vpc.VpcId,
  isDefault: (vpc) => vpc.IsDefault === true,
  attributes: vpcAttributes,
  reads: VPC_READS,
  notFoundCodes: ['InvalidVpcID.NotFound'],
});

/** Concurrent DescribeVpcAttribute calls per read. */
const ATTRIBUTE_CONCURRENCY = 16;

/** The two DNS flags, which DescribeVpcs does not return (one call each, per VPC). */
async function dnsFlags(env: AwsEnv, vpcId: string): Promise<Record<string, boolean>> {
  const [support, hostnames] = await Promise.all(
    ['enableDnsSupport', 'enableDnsHostnames'].map((Attribute) =>
      env.call<DescribeVpcAttributeCommandOutput>('ec2', 'DescribeVpcAttribute', {
        VpcId: vpcId,
        Attribute,
      }),
    ),
  );
  return {
    enable_dns_support: support?.EnableDnsSupport?.Value ?? true,
    enable_dns_hostnames: hostnames?.EnableDnsHostnames?.Value ?? false,
  };
}

/**
 * `aws_vpc`: DescribeVpcs batched, then the DNS flags of each VPC found. A failed attribute
 * call makes that VPC's read an error (half a read would hide drift).
 * @internal
 */
export const vpcHandler: ResourceHandler = {
  ...describedVpcs,
  async read(instances, env) {
    const results = await describedVpcs.read(instances, env);
    return mapBounded(results, ATTRIBUTE_CONCURRENCY, async (result): Promise<ReadResult> => {
      if (result.status !== 'found' || typeof result.attributes.id !== 'string') return result;
      try {
        return {
          ...result,
          attributes: { ...result.attributes, ...(await dnsFlags(env, result.attributes.id)) },
        };
      } catch (error) {
        if (failedWith(error, describedVpcs.notFoundCodes))
          return { address: result.address, status: 'not-found' };
        return { address: result.address, status: 'error', error: toReadError(error) };
      }
    });
  },
};

/** `aws_subnet`. @internal */
export const subnetHandler = batchedHandler<Subnet>({
  type: 'aws_subnet',
  spec: SUBNETS,
  idOf: (subnet) => subnet.SubnetId,
  isDefault: (subnet) => subnet.DefaultForAz === true,
  attributes: (subnet) => subnetAttributes(subnet),
  reads: [
    'arn',
    'vpc_id',
    'cidr_block',
    'availability_zone',
    'availability_zone_id',
    'map_public_ip_on_launch',
    'assign_ipv6_address_on_creation',
    'ipv6_cidr_block',
    'owner_id',
    'tags_all',
  ],
  notFoundCodes: ['InvalidSubnetID.NotFound'],
});
