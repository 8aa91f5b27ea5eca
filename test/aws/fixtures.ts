/**
 * Fixtures shared by the AWS tests and benches: fake EC2 model entries with the defaults most
 * of them share, and the Terraform-shaped blocks (security group rules, instance metadata
 * options) that their states repeat.
 */
import type { FakeInstance, FakeSubnet, FakeVpc } from './servers/ec2-server.js';

/** A non-default `10.0.0.0/16` VPC without tags, with `overrides` on top. */
export function fakeVpc(vpcId: string, overrides: Partial<FakeVpc> = {}): FakeVpc {
  return { vpcId, cidrBlock: '10.0.0.0/16', isDefault: false, tags: {}, ...overrides };
}

/** A private `10.0.1.0/24` subnet of vpc-1 in us-east-1a, with `overrides` on top. */
export function fakeSubnet(subnetId: string, overrides: Partial<FakeSubnet> = {}): FakeSubnet {
  return {
    subnetId,
    vpcId: 'vpc-1',
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    tags: {},
    ...overrides,
  };
}

/** A running `t3.micro` (IMDSv2 required) in subnet-1 of vpc-1, with `overrides` on top. */
export function fakeInstance(
  instanceId: string,
  overrides: Partial<FakeInstance> = {},
): FakeInstance {
  return {
    instanceId,
    imageId: 'ami-1',
    instanceType: 't3.micro',
    availabilityZone: 'us-east-1a',
    subnetId: 'subnet-1',
    vpcId: 'vpc-1',
    privateIpAddress: '10.0.1.5',
    groupIds: ['sg-1'],
    tags: {},
    state: 'running',
    httpTokens: 'required',
    ...overrides,
  };
}

/** The fields of an `aws_security_group` ingress/egress element that vary between tests. */
export interface SecurityGroupRuleFields {
  cidr_blocks: string[];
  description?: string;
  from_port: number;
  protocol: string;
  to_port: number;
}

/**
 * An element of `aws_security_group.ingress`/`egress` as Terraform stores it: every field
 * present, the ones not given empty (keys in Terraform's alphabetical order).
 */
export function securityGroupRule(rule: SecurityGroupRuleFields): Record<string, unknown> {
  return {
    cidr_blocks: rule.cidr_blocks,
    description: rule.description ?? '',
    from_port: rule.from_port,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol: rule.protocol,
    security_groups: [],
    self: false,
    to_port: rule.to_port,
  };
}

/** The egress rule AWS gives every new security group: all traffic to anywhere. */
export function allowAllEgress(): Record<string, unknown> {
  return securityGroupRule({
    cidr_blocks: ['0.0.0.0/0'],
    from_port: 0,
    protocol: '-1',
    to_port: 0,
  });
}

/**
 * The `aws_instance` attributes Terraform stores for an instance that sets none of them (no
 * key pair, profile or detailed monitoring; IMDSv2 required), in state order.
 */
export function instanceDefaultAttributes(): Record<string, unknown> {
  return {
    key_name: '',
    monitoring: false,
    ebs_optimized: false,
    source_dest_check: true,
    iam_instance_profile: '',
    tenancy: 'default',
    metadata_options: imdsV2MetadataOptions(),
  };
}

/** `aws_instance.metadata_options` as a current provider stores it for an IMDSv2-only instance. */
export function imdsV2MetadataOptions(): Record<string, unknown>[] {
  return [
    {
      http_endpoint: 'enabled',
      http_protocol_ipv6: 'disabled',
      http_put_response_hop_limit: 2,
      http_tokens: 'required',
      instance_metadata_tags: 'disabled',
    },
  ];
}
