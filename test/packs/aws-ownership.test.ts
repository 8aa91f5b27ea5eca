import { applyPatch, deepClone } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { indexOwnership, reconcileOwned } from '../../src/detect/owned-parts.js';
import {
  filterAtoms,
  securityGroupRuleAtoms,
  vpcSecurityGroupRuleAtoms,
} from '../../src/packs/hashicorp-aws/security-group-atoms.js';
import { BUILTIN_RESOLVED } from '../../src/packs/builtin-packs.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import type { DriftReport } from '../../src/model/report.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

type Attrs = Record<string, unknown>;

function liveOf(instances: ResourceInstance[], changes: Record<string, Attrs | null> = {}) {
  const resources: Record<string, { attributes: Attrs } | null> = {};
  for (const i of instances)
    resources[i.address] = { attributes: deepClone(i.attributes) as Attrs };
  for (const [address, attrs] of Object.entries(changes)) {
    resources[address] = attrs === null ? null : { attributes: attrs };
  }
  return { resources };
}

async function scan(
  state: ResourceInstance[] | ResourceInstance[][],
  live: ReturnType<typeof liveOf>,
): Promise<DriftReport> {
  const states = Array.isArray(state[0])
    ? (state as ResourceInstance[][])
    : [state as ResourceInstance[]];
  return detectDrift({
    state: states.map((s) => makeState(s)),
    providers: [snapshotProvider({ data: live })],
  });
}

function statuses(report: DriftReport): Record<string, string> {
  return Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
}

function reportOf(report: DriftReport, address: string) {
  const r = report.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no report for ${address}`);
  return r;
}

function rule(over: Attrs): Attrs {
  return {
    cidr_blocks: [],
    description: '',
    from_port: 0,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol: 'tcp',
    security_groups: [],
    self: false,
    to_port: 0,
    ...over,
  };
}

describe('security groups with separate rule resources', () => {
  const https = rule({ from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8', '10.1.0.0/16'] });
  const ssh = rule({
    from_port: 22,
    to_port: 22,
    cidr_blocks: ['192.168.0.0/16'],
    description: 'ssh',
  });
  const peer = rule({ from_port: 5432, to_port: 5432, security_groups: ['sg-db'], self: true });
  const allOut = rule({ protocol: '-1', cidr_blocks: ['0.0.0.0/0'] });
  const group = makeInstance({
    type: 'aws_security_group',
    name: 'web',
    attributes: { id: 'sg-web', name: 'web', ingress: [https, ssh, peer], egress: [allOut] },
  });
  // 10.1.0.0/16 of the https element is a separate rule; 10.0.0.0/8 stays inline.
  const httpsRule = makeInstance({
    type: 'aws_security_group_rule',
    name: 'https',
    attributes: {
      id: 'sgrule-1',
      security_group_id: 'sg-web',
      type: 'ingress',
      protocol: '6',
      from_port: 443,
      to_port: 443,
      cidr_blocks: ['10.1.0.0/16'],
    },
  });
  const selfRule = makeInstance({
    type: 'aws_security_group_rule',
    name: 'self',
    attributes: {
      id: 'sgrule-2',
      security_group_id: 'sg-web',
      type: 'ingress',
      protocol: 'tcp',
      from_port: 5432,
      to_port: 5432,
      source_security_group_id: 'sg-web',
    },
  });
  const sshRule = makeInstance({
    type: 'aws_vpc_security_group_ingress_rule',
    name: 'ssh',
    attributes: {
      id: 'sgr-1',
      security_group_id: 'sg-web',
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      cidr_ipv4: '192.168.0.0/16',
      description: 'ssh',
    },
  });
  const egressRule = makeInstance({
    type: 'aws_vpc_security_group_egress_rule',
    name: 'all',
    attributes: {
      id: 'sgr-2',
      security_group_id: 'sg-web',
      ip_protocol: '-1',
      from_port: null,
      to_port: null,
      cidr_ipv4: '0.0.0.0/0',
    },
  });
  const all = [group, httpsRule, selfRule, sshRule, egressRule];

  it('reports everything in sync when live matches', async () => {
    const report = await scan(all, liveOf(all));
    expect(Object.values(statuses(report))).toEqual(Array(5).fill('in-sync'));
  });

  it('reports a rule removed out of band on the rule only, not again on the group', async () => {
    const live = liveOf(all, {
      [group.address]: {
        ...group.attributes,
        // https lost 10.1.0.0/16, ssh is gone, the egress rule is gone; protocol as a number.
        ingress: [{ ...https, protocol: '6', cidr_blocks: ['10.0.0.0/8'] }, peer],
        egress: [],
      },
      [httpsRule.address]: null,
      [sshRule.address]: null,
      [egressRule.address]: null,
    });
    const report = await scan(all, live);
    expect(statuses(report)).toEqual({
      [group.address]: 'in-sync',
      [httpsRule.address]: 'missing',
      [selfRule.address]: 'in-sync',
      [sshRule.address]: 'missing',
      [egressRule.address]: 'missing',
    });
  });

  it('without the rule resources in state, the same live group is drifted', async () => {
    const live = liveOf([group], {
      [group.address]: { ...group.attributes, ingress: [ssh, peer], egress: [allOut] },
    });
    const report = await scan([group], live);
    expect(reportOf(report, group.address).status).toBe('drifted');
    expect(reportOf(report, group.address).patch).toEqual([{ op: 'remove', path: '/ingress/0' }]);
  });

  it('reports an unowned rule added out of band on the group, with a patch for the state', async () => {
    const rdp = rule({ from_port: 3389, to_port: 3389, cidr_blocks: ['0.0.0.0/0'] });
    const liveGroup = { ...group.attributes, ingress: [https, ssh, peer, rdp] };
    const report = await scan(all, liveOf(all, { [group.address]: liveGroup }));
    const r = reportOf(report, group.address);
    expect(r.status).toBe('drifted');
    expect(r.patch).toEqual([{ op: 'add', path: '/ingress/-', value: rdp }]);
    const patched = applyPatch(deepClone(group.attributes), deepClone(r.patch))
      .newDocument as Attrs;
    expect(patched.ingress).toEqual(liveGroup.ingress);
    for (const owner of [httpsRule, selfRule, sshRule, egressRule])
      expect(reportOf(report, owner.address).status).toBe('in-sync');
  });

  it('reports an unowned source added to a partly owned element', async () => {
    const wider = { ...https, cidr_blocks: ['10.0.0.0/8', '10.1.0.0/16', '172.16.0.0/12'] };
    const report = await scan(
      all,
      liveOf(all, { [group.address]: { ...group.attributes, ingress: [wider, ssh, peer] } }),
    );
    const r = reportOf(report, group.address);
    expect(r.status).toBe('drifted');
    expect(r.patch.map((op) => op.op)).toEqual(['remove', 'add']);
    const added = r.patch[1] as { value: Attrs };
    expect([...(added.value.cidr_blocks as string[])].sort()).toEqual(wider.cidr_blocks);
  });

  it('accepts a group whose state predates its separate rules', async () => {
    // State written before the rule resources existed: only the inline rules are in it.
    const before = makeInstance({
      type: 'aws_security_group',
      name: 'web',
      attributes: {
        ...group.attributes,
        ingress: [
          { ...https, cidr_blocks: ['10.0.0.0/8'] },
          { ...peer, self: false },
        ],
        egress: [],
      },
    });
    const owners = [httpsRule, selfRule, sshRule, egressRule];
    const report = await scan([before, ...owners], liveOf([group, ...owners]));
    expect(reportOf(report, group.address).status).toBe('in-sync');
  });

  it('finds owners in another state of the same scan', async () => {
    const live = liveOf(all, {
      [group.address]: {
        ...group.attributes,
        ingress: [{ ...https, cidr_blocks: ['10.0.0.0/8'] }, ssh, peer],
      },
      [httpsRule.address]: null,
    });
    const report = await scan([[group], [httpsRule, selfRule, sshRule, egressRule]], live);
    expect(reportOf(report, group.address).status).toBe('in-sync');
    expect(reportOf(report, httpsRule.address).status).toBe('missing');
  });

  it('does not let a rule of another group own anything', async () => {
    const other = makeInstance({
      type: 'aws_security_group_rule',
      name: 'other',
      attributes: { ...httpsRule.attributes, id: 'sgrule-9', security_group_id: 'sg-other' },
    });
    const live = liveOf([group, other], {
      [group.address]: {
        ...group.attributes,
        ingress: [{ ...https, cidr_blocks: ['10.0.0.0/8'] }, ssh, peer],
      },
    });
    const report = await scan([group, other], live);
    expect(reportOf(report, group.address).status).toBe('drifted');
  });
});

describe('IAM roles with attachments and role policies', () => {
  const policy = (action: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
    });
  const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const logs = 'arn:aws:iam::123456789012:policy/logs';
  const role = makeInstance({
    type: 'aws_iam_role',
    name: 'app',
    attributes: {
      id: 'app',
      name: 'app',
      managed_policy_arns: [readOnly, logs],
      inline_policy: [{ name: 'inline', policy: policy('s3:GetObject') }],
    },
  });
  const attachment = makeInstance({
    type: 'aws_iam_role_policy_attachment',
    name: 'ro',
    attributes: { id: 'app-ro', role: 'app', policy_arn: readOnly },
  });
  const exclusive = makeInstance({
    type: 'aws_iam_policy_attachment',
    name: 'logs',
    attributes: {
      id: 'logs',
      name: 'logs',
      roles: ['app'],
      users: [],
      groups: [],
      policy_arn: logs,
    },
  });
  const rolePolicy = makeInstance({
    type: 'aws_iam_role_policy',
    name: 'inline',
    attributes: { id: 'app:inline', role: 'app', name: 'inline', policy: policy('s3:GetObject') },
  });
  const all = [role, attachment, exclusive, rolePolicy];

  it('reports everything in sync when live matches', async () => {
    const report = await scan(all, liveOf(all));
    expect(Object.values(statuses(report))).toEqual(Array(4).fill('in-sync'));
  });

  it('reports a detached policy and a changed role policy on their own resources only', async () => {
    const changed = policy('s3:*');
    const live = liveOf(all, {
      [role.address]: {
        ...role.attributes,
        managed_policy_arns: [logs],
        inline_policy: [{ name: 'inline', policy: changed }],
      },
      [attachment.address]: null,
      [rolePolicy.address]: { ...rolePolicy.attributes, policy: changed },
    });
    const report = await scan(all, live);
    expect(statuses(report)).toEqual({
      [role.address]: 'in-sync',
      [attachment.address]: 'missing',
      [exclusive.address]: 'in-sync',
      [rolePolicy.address]: 'drifted',
    });
  });

  it('reports a policy attached out of band on the role', async () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const live = liveOf(all, {
      [role.address]: { ...role.attributes, managed_policy_arns: [admin, readOnly, logs] },
    });
    const r = reportOf(await scan(all, live), role.address);
    expect(r.status).toBe('drifted');
    expect(r.patch).toEqual([{ op: 'add', path: '/managed_policy_arns/-', value: admin }]);
  });

  it('reports an inline policy added out of band on the role', async () => {
    const extra = { name: 'extra', policy: policy('*') };
    const live = liveOf(all, {
      [role.address]: {
        ...role.attributes,
        inline_policy: [...(role.attributes.inline_policy as Attrs[]), extra],
      },
    });
    const r = reportOf(await scan(all, live), role.address);
    expect(r.status).toBe('drifted');
    expect(r.patch.map((op) => op.path)).toEqual(['/inline_policy/-']);
  });
});

describe('S3 buckets with configuration resources', () => {
  const sse = [
    { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] },
  ];
  const bucketPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
  });
  const bucket = makeInstance({
    type: 'aws_s3_bucket',
    name: 'logs',
    attributes: {
      id: 'logs-bucket',
      bucket: 'logs-bucket',
      versioning: [{ enabled: true, mfa_delete: false }],
      server_side_encryption_configuration: sse,
      policy: bucketPolicy,
      cors_rule: [],
      tags: { team: 'core' },
    },
  });
  const versioning = makeInstance({
    type: 'aws_s3_bucket_versioning',
    name: 'logs',
    attributes: {
      id: 'logs-bucket',
      bucket: 'logs-bucket',
      versioning_configuration: [{ status: 'Enabled', mfa_delete: '' }],
    },
  });
  const encryption = makeInstance({
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    name: 'logs',
    attributes: { id: 'logs-bucket', bucket: 'logs-bucket', rule: sse[0]?.rule },
  });
  const policyResource = makeInstance({
    type: 'aws_s3_bucket_policy',
    name: 'logs',
    attributes: { id: 'logs-bucket', bucket: 'logs-bucket', policy: bucketPolicy },
  });
  const publicAccess = makeInstance({
    type: 'aws_s3_bucket_public_access_block',
    name: 'logs',
    attributes: { id: 'logs-bucket', bucket: 'logs-bucket', block_public_acls: true },
  });
  const all = [bucket, versioning, encryption, policyResource, publicAccess];

  it('reports everything in sync when live matches', async () => {
    const report = await scan(all, liveOf(all));
    expect(Object.values(statuses(report))).toEqual(Array(5).fill('in-sync'));
  });

  it('reports changed settings on the configuration resources, not on the bucket', async () => {
    const live = liveOf(all, {
      [bucket.address]: {
        ...bucket.attributes,
        versioning: [{ enabled: false, mfa_delete: false }],
        server_side_encryption_configuration: [],
        policy: '',
      },
      [versioning.address]: {
        ...versioning.attributes,
        versioning_configuration: [{ status: 'Suspended', mfa_delete: '' }],
      },
      [encryption.address]: null,
      [policyResource.address]: null,
    });
    const report = await scan(all, live);
    expect(statuses(report)).toEqual({
      [bucket.address]: 'in-sync',
      [policyResource.address]: 'missing',
      [publicAccess.address]: 'in-sync',
      [encryption.address]: 'missing',
      [versioning.address]: 'drifted',
    });
  });

  it('still reports a bucket setting no resource owns', async () => {
    const cors = [{ allowed_methods: ['GET'], allowed_origins: ['*'] }];
    const live = liveOf(all, {
      [bucket.address]: { ...bucket.attributes, versioning: [], cors_rule: cors },
    });
    const r = reportOf(await scan(all, live), bucket.address);
    expect(r.status).toBe('drifted');
    expect(r.patch.map((op) => op.path)).toEqual(['/cors_rule/0']);
  });

  it('without the configuration resources, the bucket itself is drifted', async () => {
    const live = liveOf([bucket], {
      [bucket.address]: {
        ...bucket.attributes,
        versioning: [{ enabled: false, mfa_delete: false }],
      },
    });
    expect(reportOf(await scan([bucket], live), bucket.address).status).toBe('drifted');
  });
});

describe('route tables and network ACLs', () => {
  const route = (cidr: string, gateway: string): Attrs => ({
    cidr_block: cidr,
    ipv6_cidr_block: '',
    destination_prefix_list_id: '',
    gateway_id: gateway,
    nat_gateway_id: '',
  });
  const table = makeInstance({
    type: 'aws_route_table',
    name: 'main',
    attributes: {
      id: 'rtb-1',
      vpc_id: 'vpc-1',
      route: [route('0.0.0.0/0', 'igw-1'), route('10.9.0.0/16', 'vgw-1')],
    },
  });
  const defaultRoute = makeInstance({
    type: 'aws_route',
    name: 'default',
    attributes: {
      id: 'r-rtb-11080289494',
      route_table_id: 'rtb-1',
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: 'igw-1',
    },
  });
  const entry = (no: number, cidr: string): Attrs => ({
    rule_no: no,
    action: 'allow',
    protocol: 'tcp',
    cidr_block: cidr,
    from_port: 443,
    to_port: 443,
  });
  const acl = makeInstance({
    type: 'aws_network_acl',
    name: 'main',
    attributes: {
      id: 'acl-1',
      ingress: [entry(100, '10.0.0.0/8'), entry(200, '0.0.0.0/0')],
      egress: [],
      subnet_ids: ['subnet-a', 'subnet-b'],
    },
  });
  const aclRule = makeInstance({
    type: 'aws_network_acl_rule',
    name: 'public',
    attributes: {
      id: 'nacl-1',
      network_acl_id: 'acl-1',
      rule_number: 200,
      egress: false,
      protocol: 'tcp',
      rule_action: 'allow',
      cidr_block: '0.0.0.0/0',
      from_port: 443,
      to_port: 443,
    },
  });
  const association = makeInstance({
    type: 'aws_network_acl_association',
    name: 'b',
    attributes: { id: 'aclassoc-1', network_acl_id: 'acl-1', subnet_id: 'subnet-b' },
  });
  const all = [table, defaultRoute, acl, aclRule, association];

  it('reports owned routes and ACL entries on their own resources only', async () => {
    const live = liveOf(all, {
      [table.address]: { ...table.attributes, route: [route('10.9.0.0/16', 'vgw-1')] },
      [defaultRoute.address]: null,
      [acl.address]: {
        ...acl.attributes,
        ingress: [entry(100, '10.0.0.0/8'), entry(200, '10.0.0.0/8')],
        subnet_ids: ['subnet-a'],
      },
      [aclRule.address]: { ...aclRule.attributes, cidr_block: '10.0.0.0/8' },
      [association.address]: null,
    });
    const report = await scan(all, live);
    expect(statuses(report)).toEqual({
      [acl.address]: 'in-sync',
      [aclRule.address]: 'drifted',
      [association.address]: 'missing',
      [defaultRoute.address]: 'missing',
      [table.address]: 'in-sync',
    });
  });

  it('reports unowned routes and entries on the parent', async () => {
    const live = liveOf(all, {
      [table.address]: {
        ...table.attributes,
        route: [...(table.attributes.route as Attrs[]), route('10.8.0.0/16', 'pcx-1')],
      },
      [acl.address]: { ...acl.attributes, egress: [entry(300, '0.0.0.0/0')] },
    });
    const report = await scan(all, live);
    expect(reportOf(report, table.address).patch).toEqual([
      { op: 'add', path: '/route/-', value: route('10.8.0.0/16', 'pcx-1') },
    ]);
    expect(reportOf(report, acl.address).patch.map((op) => op.path)).toEqual(['/egress/-']);
  });

  it('reports a changed inline route (in the state, not owned) on the table', async () => {
    const live = liveOf(all, {
      [table.address]: {
        ...table.attributes,
        route: [route('0.0.0.0/0', 'igw-1'), route('10.9.0.0/16', 'vgw-2')],
      },
    });
    expect(reportOf(await scan(all, live), table.address).status).toBe('drifted');
  });
});

describe('ownership helpers', () => {
  it('matches protocol aliases, numeric strings and CIDR spellings', () => {
    expect(
      securityGroupRuleAtoms({
        protocol: 'all',
        from_port: 0,
        to_port: 65535,
        ipv6_cidr_blocks: ['2001:0db8:0000::/32'],
      }),
    ).toEqual(vpcSecurityGroupRuleAtoms({ ip_protocol: '-1', cidr_ipv6: '2001:db8::/32' }));
    expect(
      securityGroupRuleAtoms({
        protocol: '6',
        from_port: '443',
        to_port: 443,
        cidr_blocks: ['10.0.0.0/8'],
      }),
    ).toEqual(
      vpcSecurityGroupRuleAtoms({
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.0.0.0/8',
      }),
    );
  });

  it('strips owned sources from an element and drops an element left without any', () => {
    const element = rule({
      from_port: 443,
      to_port: 443,
      cidr_blocks: ['10.0.0.0/8'],
      security_groups: ['123456789012/sg-2'],
    });
    const owned = new Set([
      ...securityGroupRuleAtoms({
        protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_blocks: ['10.0.0.0/8'],
      }),
    ]);
    expect(filterAtoms(element, (a) => !owned.has(a))).toEqual({ ...element, cidr_blocks: [] });
    for (const atom of securityGroupRuleAtoms({
      protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      source_security_group_id: 'sg-2',
    }))
      owned.add(atom);
    expect(filterAtoms(element, (a) => !owned.has(a))).toBeNull();
    expect(filterAtoms(element, () => true)).toBe(element);
  });

  it('finds a role by name as well as by id, and leaves unknown types alone', () => {
    const role = makeInstance({
      type: 'aws_iam_role',
      name: 'r',
      attributes: { id: 'ROLEID', name: 'app' },
    });
    const attachment = makeInstance({
      type: 'aws_iam_role_policy_attachment',
      attributes: { id: 'x', role: 'app', policy_arn: 'arn:p' },
    });
    const index = indexOwnership([role, attachment], BUILTIN_RESOLVED);
    expect([...(index.ownedIn(role)?.get('managed_policy_arns') as Set<string>)]).toEqual([
      'arn:p',
    ]);
    expect(index.ownedIn(attachment)).toBeUndefined();
    expect(indexOwnership([role], BUILTIN_RESOLVED).ownedIn(role)).toBeUndefined();
    const live = { managed_policy_arns: ['arn:p'] };
    // Owned-only live list against an absent state value: the attribute stays absent.
    expect(
      reconcileOwned(
        'aws_iam_role',
        { id: 'ROLEID' },
        live,
        index.ownedIn(role)!,
        BUILTIN_RESOLVED,
      ),
    ).toEqual({});
    expect(reconcileOwned('aws_instance', {}, live, index.ownedIn(role)!, BUILTIN_RESOLVED)).toBe(
      live,
    );
  });
});
