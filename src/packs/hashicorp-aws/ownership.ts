/**
 * The hashicorp/aws pack's ownership relations: which separate resources own which parts of
 * a parent resource. terraform-provider-aws stores the live value of these parent attributes
 * (they are `Optional` + `Computed`), so a parent's state and its live read both hold what
 * the separate resources manage; those parts are the separate resources' business, not the
 * parent's. Sources: the provider's NOTEs on aws_security_group, aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule, aws_route_table, aws_route, aws_network_acl,
 * aws_network_acl_rule, aws_iam_role (`managed_policy_arns`, `inline_policy`),
 * aws_iam_policy_attachment and the aws_s3_bucket_* configuration resources.
 */
import { canonicalCidr } from '../common/cidr.js';
import type { Claim, OwnedParent, OwnershipRelation, SharedAttribute } from '../types.js';
import {
  SECURITY_GROUP_RULE_ATOMS,
  securityGroupRuleAtoms,
  vpcSecurityGroupRuleAtoms,
} from './security-group-atoms.js';

type Attrs = Record<string, unknown>;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function field(element: unknown, name: string): unknown {
  return typeof element === 'object' && element !== null && !Array.isArray(element)
    ? (element as Attrs)[name]
    : undefined;
}

/** A route's destination: a route table holds at most one route per destination. */
function destination(cidr: unknown, ipv6: unknown, prefixList: unknown): string | null {
  const v4 = text(cidr);
  if (v4 !== null) return `cidr:${canonicalCidr(v4)}`;
  const v6 = text(ipv6);
  if (v6 !== null) return `cidr:${canonicalCidr(v6)}`;
  const list = text(prefixList);
  return list !== null ? `pl:${list}` : null;
}

function ruleNumber(value: unknown): string | null {
  const n = Number(value);
  return value !== null && value !== undefined && value !== '' && Number.isInteger(n)
    ? String(n)
    : null;
}

const only = (key: string | null): string[] => (key === null ? [] : [key]);
const whole =
  (...attributes: string[]) =>
  (): Claim[] =>
    attributes.map((attribute) => ({ attribute }));

const securityGroupRules: Record<string, SharedAttribute> = {
  ingress: { shape: 'atoms', atoms: SECURITY_GROUP_RULE_ATOMS },
  egress: { shape: 'atoms', atoms: SECURITY_GROUP_RULE_ATOMS },
};
const routes: Record<string, SharedAttribute> = {
  route: {
    shape: 'elements',
    key: (e) =>
      destination(
        field(e, 'cidr_block'),
        field(e, 'ipv6_cidr_block'),
        field(e, 'destination_prefix_list_id'),
      ),
  },
};
const aclEntry: SharedAttribute = {
  shape: 'elements',
  key: (e) => ruleNumber(field(e, 'rule_no')),
};
const aclRules: Record<string, SharedAttribute> = {
  ingress: aclEntry,
  egress: aclEntry,
  subnet_ids: { shape: 'values', key: text },
};

const byId = (shared: Record<string, SharedAttribute>): OwnedParent => ({
  identity: ['id'],
  shared,
});

/**
 * The parent types: the attributes an owner's reference may name them by, and their shared
 * attributes.
 * @internal
 */
export const AWS_PARENTS: Record<string, OwnedParent> = {
  aws_security_group: byId(securityGroupRules),
  aws_default_security_group: byId(securityGroupRules),
  aws_route_table: byId(routes),
  aws_default_route_table: byId(routes),
  aws_network_acl: byId(aclRules),
  aws_default_network_acl: byId(aclRules),
  aws_iam_role: {
    identity: ['id', 'name'],
    shared: {
      managed_policy_arns: { shape: 'values', key: text },
      inline_policy: { shape: 'elements', key: (e) => text(field(e, 'name')) },
    },
  },
  aws_s3_bucket: {
    identity: ['id', 'bucket'],
    shared: Object.fromEntries(
      [
        'acceleration_status',
        'acl',
        'cors_rule',
        'grant',
        'lifecycle_rule',
        'logging',
        'object_lock_configuration',
        'policy',
        'replication_configuration',
        'request_payer',
        'server_side_encryption_configuration',
        'versioning',
        'website',
      ].map((attribute): [string, SharedAttribute] => [attribute, { shape: 'whole' }]),
    ),
  },
};

const SECURITY_GROUPS = ['aws_security_group', 'aws_default_security_group'];
const ROUTE_TABLES = ['aws_route_table', 'aws_default_route_table'];
const NETWORK_ACLS = ['aws_network_acl', 'aws_default_network_acl'];
const BUCKET = ['aws_s3_bucket'];

/**
 * The ownership relations. `aws_s3_bucket_public_access_block` is not listed: its settings
 * have no inline counterpart on `aws_s3_bucket`, so it shares nothing with the bucket.
 * @internal
 */
export const AWS_RELATIONS: OwnershipRelation[] = [
  {
    owner: 'aws_security_group_rule',
    parents: SECURITY_GROUPS,
    parentRef: 'security_group_id',
    claims: (rule) => [
      {
        attribute: rule.type === 'egress' ? 'egress' : 'ingress',
        keys: securityGroupRuleAtoms(rule),
      },
    ],
  },
  {
    owner: 'aws_vpc_security_group_ingress_rule',
    parents: SECURITY_GROUPS,
    parentRef: 'security_group_id',
    claims: (rule) => [{ attribute: 'ingress', keys: vpcSecurityGroupRuleAtoms(rule) }],
  },
  {
    owner: 'aws_vpc_security_group_egress_rule',
    parents: SECURITY_GROUPS,
    parentRef: 'security_group_id',
    claims: (rule) => [{ attribute: 'egress', keys: vpcSecurityGroupRuleAtoms(rule) }],
  },
  {
    owner: 'aws_route',
    parents: ROUTE_TABLES,
    parentRef: 'route_table_id',
    claims: (route) => [
      {
        attribute: 'route',
        keys: only(
          destination(
            route.destination_cidr_block,
            route.destination_ipv6_cidr_block,
            route.destination_prefix_list_id,
          ),
        ),
      },
    ],
  },
  {
    owner: 'aws_network_acl_rule',
    parents: NETWORK_ACLS,
    parentRef: 'network_acl_id',
    claims: (rule) => [
      {
        attribute: rule.egress === true || rule.egress === 'true' ? 'egress' : 'ingress',
        keys: only(ruleNumber(rule.rule_number)),
      },
    ],
  },
  {
    owner: 'aws_network_acl_association',
    parents: NETWORK_ACLS,
    parentRef: 'network_acl_id',
    claims: (a) => [{ attribute: 'subnet_ids', keys: only(text(a.subnet_id)) }],
  },
  {
    owner: 'aws_iam_role_policy_attachment',
    parents: ['aws_iam_role'],
    parentRef: 'role',
    claims: (a) => [{ attribute: 'managed_policy_arns', keys: only(text(a.policy_arn)) }],
  },
  {
    owner: 'aws_iam_policy_attachment',
    parents: ['aws_iam_role'],
    parentRef: 'roles',
    claims: (a) => [{ attribute: 'managed_policy_arns', keys: only(text(a.policy_arn)) }],
  },
  {
    owner: 'aws_iam_role_policy',
    parents: ['aws_iam_role'],
    parentRef: 'role',
    claims: (p) => [{ attribute: 'inline_policy', keys: only(text(p.name)) }],
  },
  {
    owner: 'aws_s3_bucket_accelerate_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('acceleration_status'),
  },
  {
    owner: 'aws_s3_bucket_acl',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('acl', 'grant'),
  },
  {
    owner: 'aws_s3_bucket_cors_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('cors_rule'),
  },
  {
    owner: 'aws_s3_bucket_lifecycle_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('lifecycle_rule'),
  },
  {
    owner: 'aws_s3_bucket_logging',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('logging'),
  },
  {
    owner: 'aws_s3_bucket_object_lock_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('object_lock_configuration'),
  },
  { owner: 'aws_s3_bucket_policy', parents: BUCKET, parentRef: 'bucket', claims: whole('policy') },
  {
    owner: 'aws_s3_bucket_replication_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('replication_configuration'),
  },
  {
    owner: 'aws_s3_bucket_request_payment_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('request_payer'),
  },
  {
    owner: 'aws_s3_bucket_server_side_encryption_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('server_side_encryption_configuration'),
  },
  {
    owner: 'aws_s3_bucket_versioning',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('versioning'),
  },
  {
    owner: 'aws_s3_bucket_website_configuration',
    parents: BUCKET,
    parentRef: 'bucket',
    claims: whole('website'),
  },
];
