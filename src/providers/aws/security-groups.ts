/**
 * `aws_security_group` and `aws_security_group_rule`: DescribeSecurityGroups, batched by
 * filter. Terraform flattens each AWS IpPermission into one rule per distinct description,
 * with a rule that references its own group stored as `self = true`.
 */
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { ResourceInstance } from '../../model/state.js';
import type { ReadResult } from '../types.js';
import type { InlineRule } from './align-rules.js';
import { protocolOf } from '../../packs/hashicorp-aws/ip-protocol.js';
import { alignRules } from './align-rules.js';
import { describeAll, describeByIds } from './ec2-describe.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { instanceId, missingIdResult, resultsById } from './resource-handler.js';
import { tagMap } from './tags.js';
import { partitionOf } from './location.js';

const GROUPS = {
  operation: 'DescribeSecurityGroups',
  idFilter: 'group-id',
  items: (page: Record<string, unknown>): SecurityGroup[] =>
    (page.SecurityGroups as SecurityGroup[] | undefined) ?? [],
};

/** A group reference as Terraform writes it: the id, or `owner/id` across accounts. */
function groupReference(pair: { GroupId?: string; UserId?: string }, owner?: string): string {
  const id = pair.GroupId ?? '';
  return pair.UserId !== undefined && owner !== undefined && pair.UserId !== owner
    ? `${pair.UserId}/${id}`
    : id;
}

/** Compares strings by code point, for a canonical order that does not depend on locale. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Flattens AWS permissions to Terraform's rule objects, in canonical order.
 * @internal
 */
function flattenPermissions(
  permissions: readonly IpPermission[] | undefined,
  group: SecurityGroup,
): InlineRule[] {
  const rules: InlineRule[] = [];
  for (const permission of permissions ?? []) {
    const byDescription = new Map<string, InlineRule>();
    const ruleFor = (description: string | undefined): InlineRule => {
      const key = description ?? '';
      let rule = byDescription.get(key);
      if (rule === undefined) {
        const protocol = permission.IpProtocol ?? '-1';
        rule = {
          cidr_blocks: [],
          description: key,
          from_port: protocol === '-1' ? 0 : (permission.FromPort ?? 0),
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          protocol,
          security_groups: [],
          self: false,
          to_port: protocol === '-1' ? 0 : (permission.ToPort ?? 0),
        };
        byDescription.set(key, rule);
      }
      return rule;
    };
    for (const range of permission.IpRanges ?? [])
      ruleFor(range.Description).cidr_blocks.push(range.CidrIp ?? '');
    for (const range of permission.Ipv6Ranges ?? []) {
      ruleFor(range.Description).ipv6_cidr_blocks.push(range.CidrIpv6 ?? '');
    }
    for (const list of permission.PrefixListIds ?? []) {
      ruleFor(list.Description).prefix_list_ids.push(list.PrefixListId ?? '');
    }
    for (const pair of permission.UserIdGroupPairs ?? []) {
      const rule = ruleFor(pair.Description);
      if (pair.GroupId === group.GroupId) rule.self = true;
      else rule.security_groups.push(groupReference(pair, group.OwnerId));
    }
    for (const rule of byDescription.values()) {
      rule.cidr_blocks.sort(byCodePoint);
      rule.ipv6_cidr_blocks.sort(byCodePoint);
      rule.prefix_list_ids.sort(byCodePoint);
      rule.security_groups.sort(byCodePoint);
      rules.push(rule);
    }
  }
  return rules
    .map((rule) => [JSON.stringify(rule), rule] as const)
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([, rule]) => rule);
}

/**
 * Maps a security group to `aws_security_group` attributes.
 * @internal
 */
export function securityGroupAttributes(
  group: SecurityGroup,
  region: string,
  prior: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: group.GroupId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${group.OwnerId ?? ''}:security-group/${group.GroupId ?? ''}`,
    name: group.GroupName,
    description: group.Description ?? '',
    vpc_id: group.VpcId ?? '',
    owner_id: group.OwnerId,
    ingress: alignRules(flattenPermissions(group.IpPermissions, group), prior.ingress),
    egress: alignRules(flattenPermissions(group.IpPermissionsEgress, group), prior.egress),
    tags_all: tagMap(group.Tags),
  };
}

const GROUP_READS = [
  'arn',
  'name',
  'description',
  'vpc_id',
  'owner_id',
  'ingress',
  'egress',
  'tags_all',
];

/** Reads the groups of a batch of instances, by the attribute that holds the group id. */
async function groupsFor(
  instances: ResourceInstance[],
  env: AwsEnv,
  groupIdOf: (instance: ResourceInstance) => string | undefined,
): Promise<Map<string, SecurityGroup>> {
  const ids = instances.map(groupIdOf).filter((id): id is string => id !== undefined);
  return describeByIds(env, GROUPS, ids, (group) => group.GroupId);
}

/** `aws_security_group`. @internal */
export const securityGroupHandler: ResourceHandler = {
  type: 'aws_security_group',
  service: 'ec2',
  reads: GROUP_READS,
  notFoundCodes: ['InvalidGroup.NotFound', 'InvalidGroupId.Malformed'],
  async read(instances, env) {
    const groups = await groupsFor(instances, env, (i) => instanceId(i));
    return resultsById(
      instances,
      groups,
      (group, instance) => securityGroupAttributes(group, env.region, instance.attributes),
      GROUP_READS,
    );
  },
  async *list(env) {
    for await (const group of describeAll(env, GROUPS)) {
      // Every VPC has a `default` group the account did not create: never unmanaged.
      if (group.GroupId === undefined || group.GroupName === 'default') continue;
      yield {
        type: 'aws_security_group',
        id: group.GroupId,
        location: env.region,
        ...(group.GroupName === undefined ? {} : { name: group.GroupName }),
        attributes: { vpc_id: group.VpcId, tags_all: tagMap(group.Tags) },
      };
    }
  },
};

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Finds the live description of a standalone rule (`aws_security_group_rule`) in its group,
 * or `undefined` when some part of the rule is no longer there (Terraform then drops it).
 * @internal
 */
function matchStandaloneRule(
  attributes: Record<string, unknown>,
  group: SecurityGroup,
): { description: string } | undefined {
  const permissions =
    attributes.type === 'egress' ? group.IpPermissionsEgress : group.IpPermissions;
  const protocol = protocolOf(attributes.protocol);
  const allPorts = protocol === '-1';
  const permission = (permissions ?? []).find(
    (p) =>
      protocolOf(p.IpProtocol) === protocol &&
      (allPorts ||
        ((p.FromPort ?? 0) === Number(attributes.from_port) &&
          (p.ToPort ?? 0) === Number(attributes.to_port))),
  );
  if (permission === undefined) return undefined;
  const descriptions: string[] = [];
  const need = <T>(
    values: string[],
    items: T[] | undefined,
    key: (item: T) => string | undefined,
    desc: (item: T) => string | undefined,
  ): boolean =>
    values.every((value) => {
      const item = (items ?? []).find((candidate) => key(candidate) === value);
      if (item !== undefined) descriptions.push(desc(item) ?? '');
      return item !== undefined;
    });
  const source =
    typeof attributes.source_security_group_id === 'string'
      ? attributes.source_security_group_id
      : '';
  const groupRefs = [
    ...(source === '' ? [] : [source.split('/').pop() ?? source]),
    ...(attributes.self === true ? [group.GroupId ?? ''] : []),
  ];
  const present =
    need(
      stringList(attributes.cidr_blocks),
      permission.IpRanges,
      (r) => r.CidrIp,
      (r) => r.Description,
    ) &&
    need(
      stringList(attributes.ipv6_cidr_blocks),
      permission.Ipv6Ranges,
      (r) => r.CidrIpv6,
      (r) => r.Description,
    ) &&
    need(
      stringList(attributes.prefix_list_ids),
      permission.PrefixListIds,
      (r) => r.PrefixListId,
      (r) => r.Description,
    ) &&
    need(
      groupRefs,
      permission.UserIdGroupPairs,
      (r) => r.GroupId,
      (r) => r.Description,
    );
  if (!present) return undefined;
  return { description: descriptions[0] ?? '' };
}

const RULE_IDENTITY = [
  'type',
  'security_group_id',
  'protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'source_security_group_id',
  'self',
];
const RULE_READS = [...RULE_IDENTITY, 'description'];

/** `aws_security_group_rule` (synthetic id; matched by content inside its group). @internal */
export const securityGroupRuleHandler: ResourceHandler = {
  type: 'aws_security_group_rule',
  service: 'ec2',
  reads: RULE_READS,
  notFoundCodes: ['InvalidGroup.NotFound'],
  async read(instances, env) {
    const groupIdOf = (i: ResourceInstance): string | undefined =>
      typeof i.attributes.security_group_id === 'string'
        ? i.attributes.security_group_id
        : undefined;
    const groups = await groupsFor(instances, env, groupIdOf);
    return instances.map((instance): ReadResult => {
      const groupId = groupIdOf(instance);
      if (groupId === undefined) return missingIdResult(instance);
      const group = groups.get(groupId);
      const match =
        group === undefined ? undefined : matchStandaloneRule(instance.attributes, group);
      if (match === undefined) return { address: instance.address, status: 'not-found' };
      // The identity matched, so it is the state's; only the description is read back.
      const identity = Object.fromEntries(
        RULE_IDENTITY.map((key) => [key, instance.attributes[key]]),
      );
      return {
        address: instance.address,
        status: 'found',
        attributes: { ...identity, id: instance.attributes.id, description: match.description },
        read: RULE_READS,
      };
    });
  },
};
