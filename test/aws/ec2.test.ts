import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import {
  allowAllEgress,
  fakeInstance,
  fakeSubnet,
  fakeVpc,
  securityGroupRule,
} from './fixtures.js';
import { collect, context, DUMMY_CREDENTIALS, instance } from './helpers.js';
import { ec2Error, emptyEc2Model, startEc2Server } from './servers/ec2-server.js';
import type { FakeEc2 } from './servers/ec2-server.js';

let ec2: FakeEc2;

function seed(): void {
  const m = ec2.model;
  m.vpcs.set('vpc-1', fakeVpc('vpc-1', { tags: { Name: 'main' } }));
  m.vpcs.set(
    'vpc-default',
    fakeVpc('vpc-default', { cidrBlock: '172.31.0.0/16', isDefault: true }),
  );
  m.subnets.set('subnet-1', fakeSubnet('subnet-1'));
  m.subnets.set(
    'subnet-d',
    fakeSubnet('subnet-d', {
      vpcId: 'vpc-default',
      cidrBlock: '172.31.0.0/20',
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
    }),
  );
  m.groups.set('sg-1', {
    groupId: 'sg-1',
    groupName: 'web',
    description: 'web',
    vpcId: 'vpc-1',
    tags: { Team: 'a' },
  });
  m.groups.set('sg-default', {
    groupId: 'sg-default',
    groupName: 'default',
    description: 'default VPC security group',
    vpcId: 'vpc-1',
    tags: {},
  });
  m.rules.push(
    {
      ruleId: 'sgr-1',
      groupId: 'sg-1',
      isEgress: false,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '10.0.0.0/8',
    },
    {
      ruleId: 'sgr-2',
      groupId: 'sg-1',
      isEgress: false,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '192.168.0.0/16',
    },
    { ruleId: 'sgr-3', groupId: 'sg-1', isEgress: true, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' },
  );
  m.instances.set(
    'i-1',
    fakeInstance('i-1', { tags: { Name: 'web', 'aws:cloudformation:stack-name': 'x' } }),
  );
  m.instances.set('i-gone', {
    ...m.instances.get('i-1')!,
    instanceId: 'i-gone',
    state: 'terminated',
  });
}

beforeAll(async () => {
  ec2 = await startEc2Server(emptyEc2Model());
  seed();
});
afterAll(async () => ec2.close());

const provider = () =>
  awsProvider({
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    endpoints: { ec2: ec2.url },
    maxAttempts: 1,
    accountId: '123456789012',
  });

describe('EC2 reads through the real SDK client', () => {
  it('reads instances in one call, shaped like Terraform state, and not-found for missing or terminated ids', async () => {
    const before = ec2.calls.get('DescribeInstances') ?? 0;
    const ctx = context();
    const results = await provider().read(
      [
        instance('aws_instance', 'a', { id: 'i-1' }),
        instance('aws_instance', 'b', { id: 'i-missing' }),
        instance('aws_instance', 'c', { id: 'i-gone' }),
      ],
      ctx,
    );
    expect(ec2.calls.get('DescribeInstances')! - before).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['found', 'not-found', 'not-found']);
    const found = results[0];
    if (found?.status !== 'found') throw new Error('expected found');
    expect(found.attributes).toMatchObject({
      instance_type: 't3.micro',
      ami: 'ami-1',
      vpc_security_group_ids: ['sg-1'],
      tags_all: { Name: 'web' },
      metadata_options: [{ http_tokens: 'required', http_put_response_hop_limit: 2 }],
      arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
    });
    expect(found.read).toContain('instance_type');
    expect(ctx.limits[0]).toEqual({ key: 'aws:123456789012:us-east-1:ec2', rate: 20 });
  });

  it('reads an instance that is shutting down as found: only termination is evidence of absence', async () => {
    ec2.model.instances.set('i-closing', {
      ...ec2.model.instances.get('i-1')!,
      instanceId: 'i-closing',
      state: 'shutting-down',
    });
    const [result] = await provider().read(
      [instance('aws_instance', 'closing', { id: 'i-closing' })],
      context(),
    );
    expect(result?.status).toBe('found');
  });

  it('reads security groups with rules flattened like Terraform (CIDRs of one permission together)', async () => {
    const [result] = await provider().read(
      [instance('aws_security_group', 'web', { id: 'sg-1' })],
      context(),
    );
    if (result?.status !== 'found') throw new Error(JSON.stringify(result));
    expect(result.attributes.ingress).toEqual([
      securityGroupRule({
        cidr_blocks: ['10.0.0.0/8', '192.168.0.0/16'],
        from_port: 443,
        protocol: 'tcp',
        to_port: 443,
      }),
    ]);
    expect(result.attributes.egress).toEqual([allowAllEgress()]);
  });

  it('matches standalone rules by content and sgr- rules by id', async () => {
    const results = await provider().read(
      [
        instance('aws_security_group_rule', 'ok', {
          id: 'sgrule-1',
          type: 'ingress',
          security_group_id: 'sg-1',
          protocol: '6',
          from_port: 443,
          to_port: 443,
          cidr_blocks: ['10.0.0.0/8'],
          self: false,
        }),
        instance('aws_security_group_rule', 'gone', {
          id: 'sgrule-2',
          type: 'ingress',
          security_group_id: 'sg-1',
          protocol: 'tcp',
          from_port: 22,
          to_port: 22,
          cidr_blocks: ['10.0.0.0/8'],
          self: false,
        }),
        instance('aws_vpc_security_group_ingress_rule', 'r1', { id: 'sgr-1' }),
        instance('aws_vpc_security_group_egress_rule', 'wrongdir', { id: 'sgr-1' }),
        instance('aws_vpc_security_group_egress_rule', 'all', { id: 'sgr-3' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual([
      'found',
      'not-found',
      'found',
      'not-found',
      'found',
    ]);
    const all = results[4];
    if (all?.status !== 'found') throw new Error('expected found');
    expect(all.attributes).toMatchObject({
      ip_protocol: '-1',
      from_port: null,
      to_port: null,
      cidr_ipv4: '0.0.0.0/0',
    });
  });

  it('reads VPCs and subnets', async () => {
    const results = await provider().read(
      [
        instance('aws_vpc', 'main', { id: 'vpc-1' }),
        instance('aws_subnet', 'a', { id: 'subnet-1' }),
        instance('aws_vpc', 'gone', { id: 'vpc-2' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'not-found']);
    if (results[1]?.status !== 'found') throw new Error();
    expect(results[1].attributes).toMatchObject({
      cidr_block: '10.0.1.0/24',
      availability_zone: 'us-east-1a',
      vpc_id: 'vpc-1',
    });
  });

  it('lists without account defaults (default VPC, its subnets, default security groups)', async () => {
    const live = await collect(
      provider().list(['aws_vpc', 'aws_subnet', 'aws_security_group', 'aws_instance'], context()),
    );
    expect(live.map((l) => `${l.type}:${l.id}`).sort()).toEqual([
      'aws_instance:i-1',
      'aws_security_group:sg-1',
      'aws_subnet:subnet-1',
      'aws_vpc:vpc-1',
    ]);
  });

  it('turns throttling into a retryable error, never not-found', async () => {
    ec2.fail(
      'DescribeInstances',
      ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.'),
      1,
    );
    const [result] = await provider().read(
      [instance('aws_instance', 'a', { id: 'i-1' })],
      context(),
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'RequestLimitExceeded', retryable: true },
    });
  });

  it('turns UnauthorizedOperation into a permission error naming the action', async () => {
    ec2.fail(
      'DescribeSecurityGroups',
      ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      1,
    );
    const [result] = await provider().read(
      [instance('aws_security_group', 'web', { id: 'sg-1' })],
      context(),
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'UnauthorizedOperation', retryable: false },
    });
    if (result?.status !== 'error') throw new Error();
    expect(result.error.message).toContain('ec2:DescribeSecurityGroups');
  });

  it('turns expired credentials into an error, never not-found', async () => {
    ec2.fail('DescribeVpcs', ec2Error(400, 'RequestExpired', 'Request has expired.'), 1);
    const [result] = await provider().read(
      [instance('aws_vpc', 'main', { id: 'vpc-1' })],
      context(),
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'RequestExpired', retryable: false },
    });
  });
});
