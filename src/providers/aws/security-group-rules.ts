/**
 * `aws_vpc_security_group_ingress_rule` / `_egress_rule`: one AWS `sgr-` rule each, read with
 * DescribeSecurityGroupRules batched by filter.
 */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { describeByIds } from './ec2-describe.js';
import type { ResourceHandler } from './resource-handler.js';
import { instanceId, resultsById } from './resource-handler.js';
import { tagMap } from './tags.js';
import { partitionOf } from './location.js';

const RULES = {
  operation: 'DescribeSecurityGroupRules',
  idFilter: 'security-group-rule-id',
  items: (page: Record<string, unknown>): SecurityGroupRule[] =>
    (page.SecurityGroupRules as SecurityGroupRule[] | undefined) ?? [],
};

/**
 * Maps an `sgr-` rule to Terraform's attributes. With protocol `-1` Terraform stores no ports.
 * @internal
 */
function vpcRuleAttributes(rule: SecurityGroupRule, region: string): Record<string, unknown> {
  const allTraffic = rule.IpProtocol === '-1';
  return {
    id: rule.SecurityGroupRuleId,
    security_group_rule_id: rule.SecurityGroupRuleId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${rule.GroupOwnerId ?? ''}:security-group-rule/${rule.SecurityGroupRuleId ?? ''}`,
    security_group_id: rule.GroupId,
    ip_protocol: rule.IpProtocol,
    from_port: allTraffic ? null : (rule.FromPort ?? null),
    to_port: allTraffic ? null : (rule.ToPort ?? null),
    cidr_ipv4: rule.CidrIpv4 ?? null,
    cidr_ipv6: rule.CidrIpv6 ?? null,
    prefix_list_id: rule.PrefixListId ?? null,
    referenced_security_group_id: rule.ReferencedGroupInfo?.GroupId ?? null,
    description: rule.Description ?? null,
    tags_all: tagMap(rule.Tags),
  };
}

const READS = [
  'arn',
  'security_group_rule_id',
  'security_group_id',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_ipv4',
  'cidr_ipv6',
  'prefix_list_id',
  'referenced_security_group_id',
  'description',
  'tags_all',
];

function vpcRuleHandler(type: string, egress: boolean): ResourceHandler {
  return {
    type,
    service: 'ec2',
    reads: READS,
    notFoundCodes: ['InvalidSecurityGroupRuleId.NotFound', 'InvalidSecurityGroupRuleId.Malformed'],
    async read(instances, env) {
      const ids = instances
        .map((i) => instanceId(i))
        .filter((id): id is string => id !== undefined);
      const found = await describeByIds(env, RULES, ids, (rule) => rule.SecurityGroupRuleId);
      return resultsById(
        instances,
        found,
        // A rule id of the other direction is not this resource.
        (rule) =>
          (rule.IsEgress ?? false) === egress ? vpcRuleAttributes(rule, env.region) : undefined,
        READS,
      );
    },
  };
}

/** `aws_vpc_security_group_ingress_rule`. @internal */
export const vpcIngressRuleHandler = vpcRuleHandler('aws_vpc_security_group_ingress_rule', false);
/** `aws_vpc_security_group_egress_rule`. @internal */
export const vpcEgressRuleHandler = vpcRuleHandler('aws_vpc_security_group_egress_rule', true);
