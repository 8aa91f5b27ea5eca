/**
 * The AWS provider fails a scan once, before any read, when it cannot work at all: a missing
 * SDK package (resolved for real from a directory that does not have it) or credentials that
 * STS rejects. Problems of single resources (AccessDenied on one call) stay `unknown`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import type { AwsProviderOptions } from '../../src/aws.js';
import { detectDrift, ProviderConfigError } from '../../src/index.js';
import type { Logger } from '../../src/index.js';
import { fakeVpc } from './fixtures.js';
import { DUMMY_CREDENTIALS, instance, state } from './helpers.js';
import { ec2Error, startEc2Server } from './servers/ec2-server.js';
import type { FakeEc2 } from './servers/ec2-server.js';
import type { FakeServer } from './servers/fake-http.js';
import { queryError } from './servers/query-server.js';
import { rejectNextIdentity, startStsServer } from './servers/sts-server.js';

let ec2: FakeEc2;
let sts: FakeServer;
let emptyDir: string;
beforeAll(async () => {
  [ec2, sts] = await Promise.all([startEc2Server(), startStsServer()]);
  ec2.model.vpcs.set('vpc-1', fakeVpc('vpc-1'));
  emptyDir = mkdtempSync(join(tmpdir(), 'tfdrift-no-sdk-'));
  writeFileSync(join(emptyDir, 'package.json'), '{"name":"no-sdk","type":"module"}');
});
afterAll(async () => {
  await Promise.all([ec2.close(), sts.close()]);
  rmSync(emptyDir, { recursive: true, force: true });
});

/** Imports packages as a project rooted at `dir` would: resolution really fails when absent. */
const importFrom = (dir: string) => {
  const require = createRequire(join(dir, 'index.js'));
  return async (name: string): Promise<unknown> =>
    import(pathToFileURL(require.resolve(name)).href);
};

const vpcState = () =>
  state([
    instance('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16' }),
    instance('aws_s3_bucket', 'logs', { id: 'logs', bucket: 'logs' }),
  ]);

const scan = (options: AwsProviderOptions, logger?: Logger) =>
  detectDrift({
    state: vpcState(),
    providers: [
      awsProvider({
        credentials: DUMMY_CREDENTIALS,
        region: 'us-east-1',
        maxAttempts: 1,
        ...options,
        // Every client stays on 127.0.0.1 (S3 calls to the EC2 fake fail: those are unknown).
        endpoints: {
          ec2: ec2.url,
          s3: ec2.url,
          ...(options.verifyCredentials === false ? {} : { sts: sts.url }),
        },
      }),
    ],
    retry: { attempts: 1 },
    ...(logger === undefined ? {} : { logger }),
  });

const count = (server: FakeServer, operation: string) =>
  server.requests.filter((r) => r.body.includes(`Action=${operation}`)).length;

describe('AWS preflight: missing SDK packages', () => {
  it('fails before any read with one ProviderConfigError naming every missing package', async () => {
    const before = ec2.requests.length;
    const error: unknown = await scan({ importModule: importFrom(emptyDir) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderConfigError);
    const message = (error as Error).message;
    expect(message).toContain('@aws-sdk/client-ec2, @aws-sdk/client-s3');
    expect(message).toContain('npm install @aws-sdk/client-ec2 @aws-sdk/client-s3');
    expect((error as ProviderConfigError).issues.map((i) => i.path)).toEqual([
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-s3',
    ]);
    expect(ec2.requests.length).toBe(before);
  });

  it('the same loader rooted where the SDK is installed scans normally', async () => {
    const before = count(ec2, 'DescribeVpcs');
    const report = await scan({ importModule: importFrom(process.cwd()) });
    expect(count(ec2, 'DescribeVpcs')).toBe(before + 1);
    expect(report.resources.find((r) => r.type === 'aws_vpc')?.status).toBe('drifted');
  });
});

describe('AWS preflight: credentials', () => {
  it('rejected credentials fail the scan once, before any read', async () => {
    rejectNextIdentity(sts);
    const before = ec2.requests.length;
    const error: unknown = await scan({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as Error).message).toMatch(
      /^AWS rejected the credentials \(InvalidClientTokenId\)/,
    );
    expect((error as Error).message).not.toContain(DUMMY_CREDENTIALS.secretAccessKey);
    expect(ec2.requests.length).toBe(before);
  });

  it('accepted credentials are checked once per scan, then resources are read', async () => {
    const calls = count(sts, 'GetCallerIdentity');
    const report = await scan({});
    expect(count(sts, 'GetCallerIdentity')).toBe(calls + 1);
    expect(report.resources.find((r) => r.type === 'aws_vpc')?.status).toBe('drifted');
  });

  it('a permission error on one resource stays a per-resource unknown', async () => {
    ec2.fail('DescribeVpcs', ec2Error(403, 'UnauthorizedOperation', 'not authorized'), 1);
    const report = await scan({});
    expect(report.resources.find((r) => r.type === 'aws_vpc')).toMatchObject({
      status: 'unknown',
      error: { code: 'UnauthorizedOperation' },
    });
  });

  it('an STS outage is only a warning: the reads say what they meet', async () => {
    sts.fail(
      'GetCallerIdentity',
      queryError(503, 'ServiceUnavailable', 'try later', 'Receiver'),
      1,
    );
    const warnings: string[] = [];
    const noop = () => undefined;
    const report = await scan(
      {},
      { debug: noop, info: noop, error: noop, warn: (m) => warnings.push(m) },
    );
    expect(warnings).toContain('Could not verify the AWS credentials');
    expect(report.resources.find((r) => r.type === 'aws_vpc')?.status).toBe('drifted');
  });

  it('credentials that cannot be resolved fail the scan before any read', async () => {
    const before = ec2.requests.length;
    const error: unknown = await scan({
      credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as Error).message).toMatch(
      /^No usable AWS credentials: Could not load credentials from any providers/,
    );
    expect(ec2.requests.length).toBe(before);
  });

  it('emulator endpoints without an STS endpoint skip the identity check', async () => {
    const calls = count(sts, 'GetCallerIdentity');
    // No `verifyCredentials` given: the default is off because every client has an endpoint.
    await detectDrift({
      state: vpcState(),
      providers: [
        awsProvider({
          credentials: DUMMY_CREDENTIALS,
          maxAttempts: 1,
          endpoints: { ec2: ec2.url, s3: ec2.url },
        }),
      ],
    });
    expect(count(sts, 'GetCallerIdentity')).toBe(calls);
  });
});
