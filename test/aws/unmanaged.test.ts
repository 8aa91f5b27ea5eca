/**
 * Unmanaged detection end to end: `detectDrift({ unmanaged: true })` with the AWS provider
 * reports live objects the state does not hold, never the account's defaults.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detectDrift } from '../../src/index.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import { fakeVpc } from './fixtures.js';
import { instance, state } from './helpers.js';

let env: AwsEnvironment;

beforeAll(async () => {
  env = await startAwsEnvironment();
  const m = env.ec2.model;
  m.vpcs.set('vpc-managed', fakeVpc('vpc-managed'));
  m.vpcs.set(
    'vpc-clickops',
    fakeVpc('vpc-clickops', { cidrBlock: '10.9.0.0/16', tags: { Name: 'made-by-hand' } }),
  );
  m.vpcs.set(
    'vpc-default',
    fakeVpc('vpc-default', { cidrBlock: '172.31.0.0/16', isDefault: true }),
  );
  m.groups.set('sg-default', {
    groupId: 'sg-default',
    groupName: 'default',
    description: 'default VPC security group',
    vpcId: 'vpc-managed',
    tags: {},
  });
  m.groups.set('sg-extra', {
    groupId: 'sg-extra',
    groupName: 'extra',
    description: 'extra',
    vpcId: 'vpc-managed',
    tags: {},
  });
  env.iam.model.roles.set('AWSServiceRoleForECS', {
    name: 'AWSServiceRoleForECS',
    path: '/aws-service-role/ecs.amazonaws.com/',
    assumeRolePolicy: '{}',
    attached: [],
  });
  env.iam.model.roles.set('hand-made', { name: 'hand-made', assumeRolePolicy: '{}', attached: [] });
});
afterAll(async () => env.close());

it('reports hand-made objects of managed types, without defaults or service-linked roles', async () => {
  const provider = env.provider();
  const report = await detectDrift({
    state: state([
      instance('aws_vpc', 'main', { id: 'vpc-managed', cidr_block: '10.0.0.0/16' }),
      instance('aws_security_group', 'web', { id: 'sg-extra-managed' }),
      instance('aws_iam_role', 'app', { id: 'app' }),
    ]),
    providers: [provider],
    unmanaged: true,
  });
  await provider.close?.();
  expect(report.unmanaged.map((u) => `${u.type}:${u.id}`).sort()).toEqual([
    'aws_iam_role:hand-made',
    'aws_security_group:sg-extra',
    'aws_vpc:vpc-clickops',
  ]);
  const vpc = report.unmanaged.find((u) => u.id === 'vpc-clickops');
  expect(vpc).toMatchObject({ provider: 'aws', name: 'made-by-hand', location: 'us-east-1' });
});
