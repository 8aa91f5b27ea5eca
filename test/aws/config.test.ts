import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { isTfdriftError, ProviderConfigError } from '../../src/errors.js';
import { defaultImporter } from '../../src/providers/aws/clients.js';
import { partitionOf, resolveLocation } from '../../src/providers/aws/location.js';
import { fakeVpc } from './fixtures.js';
import { context, DUMMY_CREDENTIALS, instance } from './helpers.js';
import { ec2Error, emptyEc2Model, startEc2Server } from './servers/ec2-server.js';
import type { FakeEc2 } from './servers/ec2-server.js';
import type { FakeServer } from './servers/fake-http.js';
import { ASSUMED_ACCESS_KEY, startStsServer } from './servers/sts-server.js';

let ec2: FakeEc2;
let sts: FakeServer;

beforeAll(async () => {
  ec2 = await startEc2Server(emptyEc2Model());
  ec2.model.vpcs.set('vpc-1', fakeVpc('vpc-1'));
  sts = await startStsServer();
});
afterAll(async () => {
  await ec2.close();
  await sts.close();
});

const vpc = (extra = {}) => instance('aws_vpc', 'main', { id: 'vpc-1' }, extra);
const lastAuthorization = (): string => String(ec2.requests.at(-1)?.headers.authorization ?? '');

describe('lazy SDK loading', () => {
  it('names the package to install when an SDK client is missing', async () => {
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      // A real failed import of a package that does not exist.
      importModule: (name) => import(`${name}-not-installed-for-this-test`),
    });
    const error: unknown = await provider.read([vpc()], context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect(isTfdriftError(error) && error.code).toBe('PROVIDER_CONFIG');
    expect((error as Error).message).toContain('@aws-sdk/client-ec2');
    expect((error as Error).message).toContain('npm install @aws-sdk/client-ec2');
  });

  it('loads nothing at construction, and only the services a read needs', async () => {
    const loaded: string[] = [];
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
      importModule: (name) => {
        loaded.push(name);
        return defaultImporter(name);
      },
    });
    expect(loaded).toEqual([]);
    const [result] = await provider.read([vpc()], context());
    expect(result?.status).toBe('found');
    expect(loaded).toEqual(['@aws-sdk/client-ec2']);
  });
});

describe('options', () => {
  it('rejects invalid options with every issue listed', () => {
    let error: unknown;
    try {
      awsProvider({
        regions: ['eu-west-1', 'Europe'],
        assumeRole: { roleArn: 'reader' },
        rateLimits: { ec2: 0 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as ProviderConfigError).issues.map((i) => i.path)).toEqual([
      'regions/1',
      'assumeRole/roleArn',
      'rateLimits/ec2',
    ]);
  });

  it('assumes a role through STS and signs reads with the temporary credentials', async () => {
    const provider = awsProvider({
      region: 'us-east-1',
      credentials: DUMMY_CREDENTIALS,
      assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/reader', externalId: 'ext-1' },
      endpoints: { ec2: ec2.url, sts: sts.url },
      maxAttempts: 1,
    });
    const [result] = await provider.read([vpc()], context());
    expect(result?.status).toBe('found');
    const assume = sts.requests.find((r) => r.body.includes('Action=AssumeRole'));
    expect(assume?.body).toContain(
      `RoleArn=${encodeURIComponent('arn:aws:iam::123456789012:role/reader')}`,
    );
    expect(assume?.body).toContain('ExternalId=ext-1');
    expect(String(assume?.headers.authorization)).toContain(
      `Credential=${DUMMY_CREDENTIALS.accessKeyId}/`,
    );
    expect(lastAuthorization()).toContain(`Credential=${ASSUMED_ACCESS_KEY}/`);
    expect(ec2.requests.at(-1)?.headers['x-amz-security-token']).toBe('assumed-session-token');
  });

  it('takes credentials from a shared-config profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdrift-aws-profile-'));
    const saved = {
      creds: process.env.AWS_SHARED_CREDENTIALS_FILE,
      config: process.env.AWS_CONFIG_FILE,
    };
    try {
      await writeFile(
        join(dir, 'credentials'),
        '[drift-reader]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n',
      );
      await writeFile(join(dir, 'config'), '');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      const provider = awsProvider({
        region: 'us-east-1',
        profile: 'drift-reader',
        endpoints: { ec2: ec2.url },
        maxAttempts: 1,
      });
      const [result] = await provider.read([vpc()], context());
      expect(result?.status).toBe('found');
      expect(lastAuthorization()).toContain('Credential=AKIDFROMPROFILE/');
    } finally {
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses an injected client and never closes it', async () => {
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: ec2.url,
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 1,
    });
    const before = ec2.calls.get('DescribeVpcs') ?? 0;
    const provider = awsProvider({ clients: { ec2: client } });
    const [first] = await provider.read([vpc()], context());
    await provider.close?.();
    expect(first?.status).toBe('found');
    const again = awsProvider({ clients: { ec2: () => client } });
    const [second] = await again.read([vpc()], context());
    expect(second?.status).toBe('found');
    expect(ec2.calls.get('DescribeVpcs')! - before).toBe(2);
    client.destroy();
  });
});

describe('regions and accounts', () => {
  it('routes an aliased instance to the alias region (signing scope and rate-limit key)', async () => {
    const provider = awsProvider({
      region: 'us-east-1',
      aliasRegions: { west: 'us-west-2' },
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
    });
    const ctx = context();
    await provider.read([vpc({ providerAlias: 'west' })], ctx);
    expect(lastAuthorization()).toContain('/us-west-2/ec2/aws4_request');
    // DescribeVpcs, then the two DNS attributes.
    expect(ctx.limits.map((l) => l.key)).toEqual(Array(3).fill('aws:default:us-west-2:ec2'));
  });

  it('resolves alias, then ARN, then region attribute, then availability zone, then the default', () => {
    const defaults = {
      region: 'us-east-1',
      aliasRegions: { west: 'us-west-2', 'eu-west-1': 'eu-west-1' },
      accountId: '999999999999',
    };
    const arn = 'arn:aws:ec2:eu-central-1:111111111111:vpc/vpc-1';
    expect(
      resolveLocation(instance('aws_vpc', 'a', { arn }, { providerAlias: 'west' }), defaults),
    ).toEqual({ region: 'us-west-2', account: '111111111111' });
    expect(resolveLocation(instance('aws_vpc', 'a', { arn }), defaults)).toEqual({
      region: 'eu-central-1',
      account: '111111111111',
    });
    expect(resolveLocation(instance('aws_vpc', 'a', { region: 'ap-south-1' }), defaults)).toEqual({
      region: 'ap-south-1',
      account: '999999999999',
    });
    expect(
      resolveLocation(instance('aws_instance', 'a', { availability_zone: 'sa-east-1b' }), defaults)
        .region,
    ).toBe('sa-east-1');
    expect(resolveLocation(instance('aws_vpc', 'a', {}), defaults).region).toBe('us-east-1');
    expect(
      resolveLocation(
        instance('aws_vpc', 'a', {}, { providerAlias: 'by_region["eu-west-1"]' }),
        defaults,
      ).region,
    ).toBe('eu-west-1');
  });
});

describe('partitions', () => {
  it('builds ARNs in the partition of the region (GovCloud, China)', async () => {
    expect(
      ['us-east-1', 'us-gov-west-1', 'cn-north-1', 'us-iso-east-1', 'us-isob-east-1'].map(
        partitionOf,
      ),
    ).toEqual(['aws', 'aws-us-gov', 'aws-cn', 'aws-iso', 'aws-iso-b']);
    const provider = awsProvider({
      region: 'us-gov-west-1',
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
    });
    const [result] = await provider.read([vpc()], context());
    expect(result).toMatchObject({
      status: 'found',
      attributes: { arn: 'arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-1' },
    });
  });
});

describe('read contract', () => {
  it('an aborted scan gives errors, never not-found', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('stop', 'AbortError'));
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
    });
    const results = await provider.read(
      [vpc(), instance('aws_vpc', 'gone', { id: 'vpc-nope' })],
      context(controller.signal),
    );
    expect(results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(results[0]).toMatchObject({ error: { code: 'ABORTED' } });
  });

  it('an unsupported type or an instance without id is an error, not not-found', async () => {
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
    });
    const results = await provider.read(
      [instance('aws_kinesis_stream', 's', { id: 's' }), instance('aws_vpc', 'noid', {})],
      context(),
    );
    expect(results.map((r) => (r.status === 'error' ? r.error : r.status))).toMatchObject([
      { code: 'UNSUPPORTED_TYPE' },
      { code: 'MISSING_ID' },
    ]);
  });
});

describe('routing', () => {
  it('reads only instances of the hashicorp/aws provider (any registry) unless told otherwise', async () => {
    const { detectDrift } = await import('../../src/index.js');
    const { state } = await import('./helpers.js');
    const provider = () =>
      awsProvider({ credentials: DUMMY_CREDENTIALS, endpoints: { ec2: ec2.url }, maxAttempts: 1 });
    const attributes = { id: 'vpc-1', cidr_block: '10.0.0.0/16' };
    const report = await detectDrift({
      state: state([
        instance('aws_vpc', 'tofu', attributes, {
          provider: 'registry.opentofu.org/hashicorp/aws',
        }),
        instance('aws_vpc', 'fork', attributes, { provider: 'registry.terraform.io/mycorp/aws' }),
      ]),
      providers: [provider()],
    });
    expect(
      report.resources.map((r) => [r.address, r.status === 'unsupported' ? 'unsupported' : 'read']),
    ).toEqual([
      ['aws_vpc.fork', 'unsupported'],
      ['aws_vpc.tofu', 'read'],
    ]);
    const forked = awsProvider({
      sources: ['mycorp/aws'],
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
    });
    expect(forked.sources).toEqual(['mycorp/aws']);
  });
});

describe('logging', () => {
  it('logs failed calls at debug level with the action and code, and nothing secret', async () => {
    const lines: { message: string; data?: Record<string, unknown> }[] = [];
    const ctx = context();
    ctx.logger = {
      ...ctx.logger,
      debug: (message, data) => lines.push({ message, ...(data === undefined ? {} : { data }) }),
    };
    const provider = awsProvider({
      credentials: DUMMY_CREDENTIALS,
      endpoints: { ec2: ec2.url },
      maxAttempts: 1,
    });
    await provider.read([instance('aws_vpc', 'v', { id: 'vpc-1' })], ctx);
    expect(lines).toEqual([]);
    ec2.fail(
      'DescribeVpcs',
      ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      1,
    );
    await provider.read([instance('aws_vpc', 'v', { id: 'vpc-1' })], ctx);
    expect(lines).toEqual([
      {
        message: 'AWS call failed',
        data: {
          action: 'ec2:DescribeVpcs',
          region: 'us-east-1',
          code: 'UnauthorizedOperation',
          retryable: false,
        },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain(DUMMY_CREDENTIALS.secretAccessKey);
  });
});
