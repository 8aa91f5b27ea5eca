/**
 * Attachment ownership as data: which separate resources own which parts of a
 * parent resource. terraform-provider-aws stores the live value of these parent attributes
 * (they are `Optional` + `Computed`), so a parent's state and its live read both hold what
 * the separate resources manage; those parts are the separate resources' business, not the
 * parent's. Sources: the provider's NOTEs on aws_security_group, aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule, aws_route_table, aws_route, aws_network_acl,
 * aws_network_acl_rule, aws_iam_role (`managed_policy_arns`, `inline_policy`),
 * aws_iam_policy_attachment and the aws_s3_bucket_* configuration resources.
 */
import { canonicalCidr } from '../diff/cidr.js';
import { securityGroupRuleAtoms, vpcSecurityGroupRuleAtoms } from './security-group-atoms.js';

type Attrs = Record<string, unknown>;

/**
 * How a parent attribute is shared with separate resources:
 * - `whole`: one separate resource configures the whole attribute (S3 bucket settings);
 * - `values`: a set of scalars, each value owned on its own (policy ARNs, subnet ids);
 * - `elements`: a set of objects, each element owned on its own, matched by `key`;
 * - `security-group-rules`: inline rules, owned source by source (see security-group-atoms).
 * @internal
 */
export type OwnedShape = 'whole' | 'values' | 'elements' | 'security-group-rules';

/** A shared attribute of a parent type. @internal */
export interface SharedAttribute {
  /** How the attribute is shared. */
  shape: OwnedShape;
  /** The ownership key of one element or value (`values` and `elements`); `null` for none. */
  key?: (element: unknown) => string | null;
}

/** What one separate resource claims on its parent. @internal */
export interface Claim {
  /** The parent attribute. */
  attribute: string;
  /** The keys it owns in that attribute (see {@link SharedAttribute}); absent for `whole`. */
  keys?: string[];
}

/** One ownership relation: a separate resource type and the parents it owns parts of. @internal */
export interface AttachmentOwnership {
  /** The separate resource type, e.g. `aws_security_group_rule`. */
  owner: string;
  /** The parent types it attaches to. */
  parents: readonly string[];
  /** The owner attribute naming the parent(s): a string or a list of strings. */
  parentRef: string;
  /** What the owner claims, from its state attributes. */
  claims: (owner: Attrs) => Claim[];
}

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

/**
 * Parent attributes that identify a parent, as the owners' `parentRef` spells it.
 * @internal
 */
export const PARENT_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  aws_security_group: ['id'],
  aws_default_security_group: ['id'],
  aws_route_table: ['id'],
  aws_default_route_table: ['id'],
  aws_network_acl: ['id'],
  aws_default_network_acl: ['id'],
  aws_iam_role: ['id', 'name'],
  aws_s3_bucket: ['id', 'bucket'],
};

const securityGroupRules: Record<string, SharedAttribute> = {
  ingress: { shape: 'security-group-rules' },
  egress: { shape: 'security-group-rules' },
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

/**
 * The shared attributes of each parent type.
 * @internal
 */
export const SHARED_ATTRIBUTES: Readonly<Record<string, Record<string, SharedAttribute>>> = {
  aws_security_group: securityGroupRules,
  aws_default_security_group: securityGroupRules,
  aws_route_table: routes,
  aws_default_route_table: routes,
  aws_network_acl: aclRules,
  aws_default_network_acl: aclRules,
  aws_iam_role: {
    managed_policy_arns: { shape: 'values', key: text },
    inline_policy: { shape: 'elements', key: (e) => text(field(e, 'name')) },
  },
  aws_s3_bucket: Object.fromEntries(
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
    ].map((attribute) => [attribute, { shape: 'whole' }]),
  ),
};

const SECURITY_GROUPS = ['aws_security_group', 'aws_default_security_group'] as const;
const ROUTE_TABLES = ['aws_route_table', 'aws_default_route_table'] as const;
const NETWORK_ACLS = ['aws_network_acl', 'aws_default_network_acl'] as const;
const BUCKET = ['aws_s3_bucket'] as const;

/**
 * The ownership relations. `aws_s3_bucket_public_access_block` is not listed: its settings
 * have no inline counterpart on `aws_s3_bucket`, so it shares nothing with the bucket.
 * @internal
 */
export const ATTACHMENT_OWNERSHIP: readonly AttachmentOwnership[] = [
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
