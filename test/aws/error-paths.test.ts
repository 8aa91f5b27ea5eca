/**
 * Error paths not covered elsewhere: network failures, server errors, pagination, a
 * misbehaving SDK module, missing ids, and failures of the shared per-role and per-batch calls.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { ProviderConfigError } from '../../src/errors.js';
import { defaultImporter } from '../../src/providers/aws/clients.js';
import { classifyAwsError } from '../../src/providers/aws/errors.js';
import { paginate } from '../../src/providers/aws/paginate.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import { fakeInstance, fakeVpc } from './fixtures.js';
import { collect, context, DUMMY_CREDENTIALS, instance, outcome } from './helpers.js';
import { ec2Error } from './servers/ec2-server.js';
import { queryError } from './servers/query-server.js';
import { s3Error } from './servers/s3-config-server.js';

let env: AwsEnvironment;
/** Five running instances, more than one page of the fake's `pageLimit` 2. */
const PAGED_IDS = [0, 1, 2, 3, 4].map((i) => `i-page${i}`);

beforeAll(async () => {
  env = await startAwsEnvironment();
  for (const id of PAGED_IDS) {
    env.ec2.model.instances.set(
      id,
      fakeInstance(id, { subnetId: 's', vpcId: 'v', privateIpAddress: '10.0.0.1', groupIds: [] }),
    );
  }
  env.ec2.model.vpcs.set('vpc-1', fakeVpc('vpc-1'));
  env.iam.model.roles.set('app', {
    name: 'app',
    assumeRolePolicy: '{}',
    attached: ['arn:aws:iam::aws:policy/A'],
  });
  for (let i = 0; i < 5; i++) env.s3.buckets.set(`b-${i}`, {});
});
afterAll(async () => env.close());

/** A TCP port that was free a moment ago: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('transport and server failures', () => {
  it('a refused connection is a retryable error, never not-found', async () => {
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: `http://127.0.0.1:${await closedPort()}` },
      maxAttempts: 1,
    });
    const [r] = await provider.read([instance('aws_vpc', 'v', { id: 'vpc-1' })], context());
    expect(r).toMatchObject({ status: 'error', error: { retryable: true } });
  });

  it('a 500 from EC2 is a retryable error', async () => {
    env.ec2.fail(
      'DescribeVpcs',
      ec2Error(500, 'InternalError', 'An internal error has occurred'),
      1,
    );
    const [r] = await env.provider().read([instance('aws_vpc', 'v', { id: 'vpc-1' })], context());
    expect(r).toMatchObject({ status: 'error', error: { code: 'InternalError', retryable: true } });
  });

  it('classifies by HTTP status when the code is unfamiliar', () => {
    expect(
      classifyAwsError({ name: 'Weird', $metadata: { httpStatusCode: 429 } }, 'x:Y'),
    ).toMatchObject({ retryable: true });
    expect(
      classifyAwsError({ name: 'Weird', $metadata: { httpStatusCode: 403 } }, 'x:Y').message,
    ).toContain('x:Y');
    expect(
      classifyAwsError({ name: 'Weird', $metadata: { httpStatusCode: 400 } }, 'x:Y'),
    ).toMatchObject({ code: 'Weird', retryable: false });
    expect(classifyAwsError('not an error', 'x:Y')).toMatchObject({
      code: 'UnknownError',
      retryable: false,
    });
  });
});

/** Reads the `i-page*` instances; gives the results and how many DescribeInstances calls it took. */
async function readPagedInstances() {
  const before = env.ec2.calls.get('DescribeInstances') ?? 0;
  const results = await env.provider().read(
    PAGED_IDS.map((id) => instance('aws_instance', id.replace('-', '_'), { id })),
    context(),
  );
  return { results, calls: env.ec2.calls.get('DescribeInstances')! - before };
}

describe('pagination', () => {
  it('follows EC2 NextToken pages for reads and lists', async () => {
    env.ec2.model.pageLimit = 2;
    try {
      const { results, calls } = await readPagedInstances();
      expect(results.map((r) => r.status)).toEqual(PAGED_IDS.map(() => 'found'));
      expect(calls).toBe(3);
      const listed = await collect(env.provider().list(['aws_instance'], context()));
      expect(listed.map((l) => l.id).sort()).toEqual(PAGED_IDS);
    } finally {
      delete env.ec2.model.pageLimit;
    }
  });
});

describe('runaway pagination', () => {
  it('a repeated NextToken stops the read with an error, never not-found', async () => {
    env.ec2.model.pageLimit = 2;
    env.ec2.model.repeatNextToken = true;
    try {
      const { results, calls } = await readPagedInstances();
      expect(results).toHaveLength(PAGED_IDS.length);
      for (const r of results) {
        expect(r).toMatchObject({
          status: 'error',
          error: { message: expect.stringMatching(/ec2:DescribeInstances .*pagination token/) },
        });
      }
      // The first page, then the one that handed its token back: no third call, no loop.
      expect(calls).toBe(2);
    } finally {
      delete env.ec2.model.pageLimit;
      delete env.ec2.model.repeatNextToken;
    }
  });

  it('more pages than the bound is an error too', async () => {
    let calls = 0;
    const pages = paginate(
      'x:List',
      (token) => Promise.resolve({ next: `t${(calls++, Number(token?.slice(1) ?? 0) + 1)}` }),
      (page) => page.next,
      5,
    );
    await expect(collect(pages)).rejects.toThrow(/x:List answered with more than 5 pages/);
    expect(calls).toBe(5);
  });
});

describe('a broken SDK installation', () => {
  it('a module that fails to load for another reason is a configuration error', async () => {
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      importModule: () => Promise.reject(new SyntaxError('Unexpected token')),
    });
    await expect(
      provider.read([instance('aws_vpc', 'v', { id: 'vpc-1' })], context()),
    ).rejects.toThrow(/Could not load @aws-sdk\/client-ec2/);
  });

  it('a command missing from the installed SDK is a configuration error', async () => {
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: env.ec2.url },
      importModule: async (name) => ({
        ...((await defaultImporter(name)) as object),
        DescribeVpcsCommand: undefined,
      }),
    });
    await expect(
      provider.read([instance('aws_vpc', 'v', { id: 'vpc-1' })], context()),
    ).rejects.toBeInstanceOf(ProviderConfigError);
  });
});

describe('shared calls and missing ids', () => {
  it('a throttled ListAttachedRolePolicies makes every attachment of that role unknown', async () => {
    env.iam.fail('ListAttachedRolePolicies', queryError(400, 'Throttling', 'Rate exceeded'), 1);
    const results = await env.provider().read(
      [
        instance('aws_iam_role_policy_attachment', 'a', {
          role: 'app',
          policy_arn: 'arn:aws:iam::aws:policy/A',
        }),
        instance('aws_iam_role_policy_attachment', 'b', {
          role: 'app',
          policy_arn: 'arn:aws:iam::aws:policy/B',
        }),
        instance('aws_iam_role_policy_attachment', 'c', {
          policy_arn: 'arn:aws:iam::aws:policy/B',
        }),
      ],
      context(),
    );
    expect(results.map(outcome)).toEqual(['Throttling', 'Throttling', 'MISSING_ID']);
  });

  it('a throttled ListBuckets makes the buckets unknown, not missing', async () => {
    env.s3.fail('ListBuckets', s3Error(503, 'SlowDown', 'Please reduce your request rate.'), 1);
    const results = await env.provider().read(
      [0, 1, 2, 3, 4].map((i) => instance('aws_s3_bucket', `b${i}`, { id: `b-${i}` })),
      context(),
    );
    expect(results.map(outcome)).toEqual([
      'SlowDown',
      'SlowDown',
      'SlowDown',
      'SlowDown',
      'SlowDown',
    ]);
  });

  it('per-resource types without a name or id are MISSING_ID errors', async () => {
    const results = await env
      .provider()
      .read(
        [
          instance('aws_iam_role', 'r', {}),
          instance('aws_iam_policy', 'p', {}),
          instance('aws_lambda_function', 'f', {}),
          instance('aws_dynamodb_table', 't', {}),
          instance('aws_s3_bucket_policy', 'b', {}),
          instance('aws_db_instance', 'd', { id: 'db-ONLYRESOURCEID' }),
        ],
        context(),
      );
    expect(results.map(outcome)).toEqual([
      'MISSING_ID',
      'MISSING_ID',
      'MISSING_ID',
      'MISSING_ID',
      'MISSING_ID',
      'MISSING_ID',
    ]);
  });
});

describe('regions', () => {
  it('lists every configured region, each signed for its own region', async () => {
    const provider = env.provider({ regions: ['us-east-1', 'eu-west-1'] });
    const before = env.ec2.requests.length;
    const listed = await collect(provider.list(['aws_vpc'], context()));
    expect(listed.map((l) => `${l.id}@${l.location}`)).toEqual([
      'vpc-1@us-east-1',
      'vpc-1@eu-west-1',
    ]);
    const scopes = env.ec2.requests
      .slice(before)
      .map((r) => /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(r.headers.authorization))?.[1]);
    expect(scopes).toEqual(['us-east-1', 'eu-west-1']);
  });
});

describe('credentials and cancellation', () => {
  it('a failed AssumeRole (expired source credentials) is an error on every instance, never not-found', async () => {
    const { startStsServer } = await import('./servers/sts-server.js');
    const sts = await startStsServer();
    try {
      sts.fail(
        'AssumeRole',
        queryError(403, 'ExpiredToken', 'The security token included in the request is expired'),
      );
      const provider = env.provider({
        assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/reader' },
        endpoints: { ec2: env.ec2.url, sts: sts.url },
      });
      const results = await provider.read(
        [
          instance('aws_vpc', 'v', { id: 'vpc-1' }),
          instance('aws_vpc', 'gone', { id: 'vpc-gone' }),
        ],
        context(),
      );
      expect(results.map((r) => r.status)).toEqual(['error', 'error']);
      expect(results[0]).toMatchObject({ error: { code: 'ExpiredToken', retryable: false } });
    } finally {
      await sts.close();
    }
  });

  it('aborting mid-call gives ABORTED errors, never not-found', async () => {
    const { emptyEc2Model, startEc2Server } = await import('./servers/ec2-server.js');
    const slow = await startEc2Server(emptyEc2Model(), 2_000);
    try {
      const controller = new AbortController();
      const provider = awsProvider({
        credentials: DUMMY_CREDENTIALS,
        endpoints: { ec2: slow.url },
        maxAttempts: 1,
      });
      const pending = provider.read(
        [instance('aws_vpc', 'gone', { id: 'vpc-gone' })],
        context(controller.signal),
      );
      setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 50);
      const [result] = await pending;
      expect(result).toMatchObject({
        status: 'error',
        error: { code: 'ABORTED', retryable: false },
      });
    } finally {
      await slow.close();
    }
  });
});
