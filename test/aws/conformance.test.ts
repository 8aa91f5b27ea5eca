/**
 * The provider conformance suite (`checkProvider` from `tfdrift/testing`) against the fakes
 * and emulators.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkProvider } from '../../src/testing.js';
import { AWS_LISTABLE_TYPES } from '../helpers/aws-types.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import { fakeInstance, fakeSubnet, fakeVpc } from './fixtures.js';
import { instance } from './helpers.js';

let env: AwsEnvironment;

beforeAll(async () => {
  env = await startAwsEnvironment();
  const m = env.ec2.model;
  m.vpcs.set('vpc-1', fakeVpc('vpc-1'));
  m.vpcs.set('vpc-d', fakeVpc('vpc-d', { cidrBlock: '172.31.0.0/16', isDefault: true }));
  m.subnets.set('subnet-1', fakeSubnet('subnet-1'));
  m.groups.set('sg-1', {
    groupId: 'sg-1',
    groupName: 'web',
    description: 'web',
    vpcId: 'vpc-1',
    tags: {},
  });
  m.groups.set('sg-d', {
    groupId: 'sg-d',
    groupName: 'default',
    description: 'default',
    vpcId: 'vpc-1',
    tags: {},
  });
  m.rules.push({
    ruleId: 'sgr-1',
    groupId: 'sg-1',
    isEgress: false,
    ipProtocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    cidrIpv4: '10.0.0.0/8',
  });
  m.instances.set('i-1', fakeInstance('i-1', { privateIpAddress: '10.0.1.4' }));
  env.s3.buckets.set('data', {
    versioning: 'Enabled',
    policy: '{"Version":"2012-10-17","Statement":[]}',
  });
  env.iam.model.roles.set('app', {
    name: 'app',
    assumeRolePolicy: '{}',
    attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  });
  env.iam.model.roles.set('AWSServiceRoleForSupport', {
    name: 'AWSServiceRoleForSupport',
    path: '/aws-service-role/support.amazonaws.com/',
    assumeRolePolicy: '{}',
    attached: [],
  });
  env.iam.model.policies.set('arn:aws:iam::123456789012:policy/p', {
    arn: 'arn:aws:iam::123456789012:policy/p',
    name: 'p',
    document: '{}',
  });
  env.rds.dbs.set('orders', {
    identifier: 'orders',
    resourceId: 'db-ORDERS',
    instanceClass: 'db.t3.micro',
    allocatedStorage: 20,
    securityGroups: [],
    tags: {},
    deletionProtection: false,
  });
  env.lambda.functions.set('api', {
    name: 'api',
    runtime: 'nodejs20.x',
    memorySize: 128,
    timeout: 3,
    tags: {},
  });
  await env.dynamodb.send(
    new CreateTableCommand({
      TableName: 'events',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
});
afterAll(async () => env.close());

it('passes checkProvider for every supported type, listing included', async () => {
  const provider = env.provider();
  const failures = await checkProvider(provider, {
    found: [
      instance('aws_instance', 'i', { id: 'i-1' }),
      instance('aws_security_group', 'sg', { id: 'sg-1' }),
      instance('aws_security_group_rule', 'r', {
        id: 'sgrule-1',
        type: 'ingress',
        security_group_id: 'sg-1',
        protocol: 'tcp',
        from_port: 22,
        to_port: 22,
        cidr_blocks: ['10.0.0.0/8'],
      }),
      instance('aws_vpc_security_group_ingress_rule', 'in', { id: 'sgr-1' }),
      instance('aws_vpc', 'v', { id: 'vpc-1' }),
      instance('aws_subnet', 's', { id: 'subnet-1' }),
      instance('aws_s3_bucket', 'b', { id: 'data', bucket: 'data' }),
      instance('aws_s3_bucket_versioning', 'bv', { id: 'data' }),
      instance('aws_s3_bucket_policy', 'bp', { id: 'data' }),
      instance('aws_iam_role', 'role', { id: 'app' }),
      instance('aws_iam_policy', 'pol', { id: 'arn:aws:iam::123456789012:policy/p' }),
      instance('aws_iam_role_policy_attachment', 'att', {
        id: 'app/x',
        role: 'app',
        policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
      instance('aws_db_instance', 'db', { id: 'db-ORDERS', identifier: 'orders' }),
      instance('aws_lambda_function', 'fn', { id: 'api' }),
      instance('aws_dynamodb_table', 't', { id: 'events' }),
    ],
    notFound: [
      instance('aws_instance', 'gone_i', { id: 'i-gone' }),
      instance('aws_security_group', 'gone_sg', { id: 'sg-gone' }),
      instance('aws_vpc_security_group_egress_rule', 'gone_out', { id: 'sgr-1' }),
      instance('aws_subnet', 'gone_s', { id: 'subnet-gone' }),
      instance('aws_s3_bucket', 'gone_b', { id: 'gone', bucket: 'gone' }),
      instance('aws_s3_bucket_server_side_encryption_configuration', 'gone_enc', { id: 'data' }),
      instance('aws_s3_bucket_public_access_block', 'gone_pab', { id: 'data' }),
      instance('aws_iam_role', 'gone_role', { id: 'nobody' }),
      instance('aws_iam_policy', 'gone_pol', { id: 'arn:aws:iam::123456789012:policy/gone' }),
      instance('aws_db_instance', 'gone_db', { id: 'db-GONE', identifier: 'gone' }),
      instance('aws_lambda_function', 'gone_fn', { id: 'gone' }),
      instance('aws_dynamodb_table', 'gone_t', { id: 'gone' }),
    ],
    failing: [instance('aws_lambda_function', 'denied', { id: 'denied-fn' })],
    listTypes: [...AWS_LISTABLE_TYPES],
    timeoutMs: 10_000,
  });
  expect(failures).toEqual([]);
});
