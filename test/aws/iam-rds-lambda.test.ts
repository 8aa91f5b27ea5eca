import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import type { FakeServer } from './servers/fake-http.js';
import { context, DUMMY_CREDENTIALS, instance } from './helpers.js';
import { startIamServer } from './servers/iam-server.js';
import type { IamModel } from './servers/iam-server.js';
import { lambdaError, startLambdaServer } from './servers/lambda-server.js';
import { queryError } from './servers/query-server.js';
import { startRdsServer } from './servers/rds-server.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const POLICY_ARN = 'arn:aws:iam::123456789012:policy/read';

let iam: FakeServer & { model: IamModel };
let rds: Awaited<ReturnType<typeof startRdsServer>>;
let lambda: Awaited<ReturnType<typeof startLambdaServer>>;

beforeAll(async () => {
  iam = await startIamServer();
  iam.model.roles.set('app', {
    name: 'app',
    assumeRolePolicy: TRUST,
    tags: { Team: 'a' },
    attached: [POLICY_ARN],
  });
  iam.model.policies.set(POLICY_ARN, {
    arn: POLICY_ARN,
    name: 'read',
    document:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}',
  });
  rds = await startRdsServer();
  for (let i = 0; i < 3; i++) {
    rds.dbs.set(`db${i}`, {
      identifier: `db${i}`,
      resourceId: `db-RES${i}`,
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      securityGroups: ['sg-2', 'sg-1'],
      tags: { Env: 'prod' },
      deletionProtection: true,
    });
  }
  lambda = await startLambdaServer();
  lambda.functions.set('fn', {
    name: 'fn',
    runtime: 'nodejs20.x',
    memorySize: 256,
    timeout: 10,
    environment: { MODE: 'x' },
    tags: { Team: 'a' },
  });
});
afterAll(async () => {
  await Promise.all([iam.close(), rds.close(), lambda.close()]);
});

const provider = () =>
  awsProvider({
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    endpoints: { iam: iam.url, rds: rds.url, lambda: lambda.url },
    maxAttempts: 1,
  });

describe('IAM', () => {
  it('reads a role with its trust policy URL-decoded, through the global region', async () => {
    const ctx = context();
    const [r] = await provider().read(
      [instance('aws_iam_role', 'app', { id: 'app', name: 'app' }, { providerAlias: 'west' })],
      ctx,
    );
    if (r?.status !== 'found') throw new Error(JSON.stringify(r));
    expect(JSON.parse(String(r.attributes.assume_role_policy))).toEqual(JSON.parse(TRUST));
    expect(r.attributes).toMatchObject({
      arn: 'arn:aws:iam::123456789012:role/app',
      path: '/',
      max_session_duration: 3600,
      tags_all: { Team: 'a' },
    });
    expect(ctx.limits[0]?.key).toBe('aws:default:us-east-1:iam');
  });

  it('reads a managed policy document from its default version', async () => {
    const [r] = await provider().read(
      [instance('aws_iam_policy', 'read', { id: POLICY_ARN, arn: POLICY_ARN })],
      context(),
    );
    if (r?.status !== 'found') throw new Error(JSON.stringify(r));
    expect(JSON.parse(String(r.attributes.policy))).toMatchObject({
      Statement: [{ Action: ['s3:GetObject'] }],
    });
    expect(iam.calls.get('GetPolicyVersion')).toBeGreaterThan(0);
  });

  it('tests attachments by membership with one list call per role', async () => {
    const before = iam.calls.get('ListAttachedRolePolicies') ?? 0;
    const results = await provider().read(
      [
        instance('aws_iam_role_policy_attachment', 'a', {
          id: `app/${POLICY_ARN}`,
          role: 'app',
          policy_arn: POLICY_ARN,
        }),
        instance('aws_iam_role_policy_attachment', 'b', {
          id: 'app/other',
          role: 'app',
          policy_arn: 'arn:aws:iam::aws:policy/Other',
        }),
        instance('aws_iam_role_policy_attachment', 'c', {
          id: 'gone/x',
          role: 'gone',
          policy_arn: POLICY_ARN,
        }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'not-found', 'not-found']);
    expect(iam.calls.get('ListAttachedRolePolicies')! - before).toBe(2);
  });

  it('NoSuchEntity is not-found; AccessDenied and Throttling are errors', async () => {
    const [gone] = await provider().read(
      [instance('aws_iam_role', 'gone', { id: 'gone' })],
      context(),
    );
    expect(gone?.status).toBe('not-found');
    iam.fail(
      'GetRole',
      queryError(
        403,
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:GetRole',
      ),
      1,
    );
    const [denied] = await provider().read(
      [instance('aws_iam_role', 'app', { id: 'app' })],
      context(),
    );
    expect(denied).toMatchObject({
      status: 'error',
      error: { code: 'AccessDenied', retryable: false },
    });
    if (denied?.status !== 'error') throw new Error();
    expect(denied.error.message).toContain('iam:GetRole');
    iam.fail('GetRole', queryError(400, 'Throttling', 'Rate exceeded'), 1);
    const [throttled] = await provider().read(
      [instance('aws_iam_role', 'app', { id: 'app' })],
      context(),
    );
    expect(throttled).toMatchObject({
      status: 'error',
      error: { code: 'Throttling', retryable: true },
    });
  });
});

describe('RDS', () => {
  it('reads DB instances in one filtered call, matched by identifier (v5 ids are resource ids)', async () => {
    const before = rds.calls.get('DescribeDBInstances') ?? 0;
    const results = await provider().read(
      [
        instance('aws_db_instance', 'a', { id: 'db-RES0', identifier: 'db0' }),
        instance('aws_db_instance', 'b', { id: 'db1' }),
        instance('aws_db_instance', 'gone', { id: 'db-GONE', identifier: 'gone' }),
      ],
      context(),
    );
    expect(rds.calls.get('DescribeDBInstances')! - before).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'not-found']);
    if (results[0]?.status !== 'found') throw new Error();
    expect(results[0].attributes).toMatchObject({
      identifier: 'db0',
      resource_id: 'db-RES0',
      instance_class: 'db.t3.micro',
      port: 5432,
      vpc_security_group_ids: ['sg-1', 'sg-2'],
      tags_all: { Env: 'prod' },
      deletion_protection: true,
    });
    expect(results[0].read).not.toContain('password');
  });
});

describe('Lambda', () => {
  it('reads a function in Terraform shape, with -1 for no reserved concurrency', async () => {
    const [r] = await provider().read(
      [instance('aws_lambda_function', 'fn', { id: 'fn', function_name: 'fn' })],
      context(),
    );
    if (r?.status !== 'found') throw new Error(JSON.stringify(r));
    expect(r.attributes).toMatchObject({
      memory_size: 256,
      timeout: 10,
      runtime: 'nodejs20.x',
      environment: [{ variables: { MODE: 'x' } }],
      tracing_config: [{ mode: 'PassThrough' }],
      reserved_concurrent_executions: -1,
      architectures: ['arm64'],
      tags_all: { Team: 'a' },
    });
  });

  it('ResourceNotFoundException is not-found; TooManyRequests is retryable with the server delay', async () => {
    const [gone] = await provider().read(
      [instance('aws_lambda_function', 'gone', { id: 'gone' })],
      context(),
    );
    expect(gone?.status).toBe('not-found');
    lambda.fail(
      'GetFunction',
      lambdaError(429, 'TooManyRequestsException', 'Rate exceeded', { 'retry-after': '2' }),
      1,
    );
    const [slow] = await provider().read(
      [instance('aws_lambda_function', 'fn', { id: 'fn' })],
      context(),
    );
    expect(slow).toMatchObject({
      status: 'error',
      error: { code: 'TooManyRequestsException', retryable: true, retryAfterMs: 2000 },
    });
  });
});
