import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { detectDrift } from '../../src/index.js';
import { collect, context, DUMMY_CREDENTIALS, instance, state } from './helpers.js';
import { startS3ConfigServer, s3Error } from './servers/s3-config-server.js';
import type { FakeS3 } from './servers/s3-config-server.js';
import { S3RVER_CREDENTIALS, startS3rver } from './servers/s3rver.js';
import type { RunningS3rver } from './servers/s3rver.js';

let s3rver: RunningS3rver;
let fake: FakeS3;

beforeAll(async () => {
  s3rver = await startS3rver(['logs', 'assets']);
  fake = await startS3ConfigServer();
  fake.buckets.set('data', {
    versioning: 'Enabled',
    encryption: {
      algorithm: 'aws:kms',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1',
      bucketKeyEnabled: true,
    },
    publicAccessBlock: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    policy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::data/*"}]}',
    tags: { Env: 'prod', 'aws:createdBy': 'x' },
  });
  fake.buckets.set('bare', {});
});
afterAll(async () => {
  await s3rver.close();
  await fake.close();
});

const onS3rver = () =>
  awsProvider({
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    endpoints: { s3: s3rver.url },
    maxAttempts: 1,
  });
const onFake = () =>
  awsProvider({
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    endpoints: { s3: fake.url },
    maxAttempts: 1,
  });

describe('S3 against s3rver (real emulator)', () => {
  it('finds existing buckets, not-found for a missing one, and treats unimplemented tagging as no tags', async () => {
    const results = await onS3rver().read(
      [
        instance('aws_s3_bucket', 'logs', { id: 'logs', bucket: 'logs' }),
        instance('aws_s3_bucket', 'gone', { id: 'gone', bucket: 'gone' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'not-found']);
    if (results[0]?.status !== 'found') throw new Error();
    expect(results[0].attributes).toMatchObject({
      bucket: 'logs',
      arn: 'arn:aws:s3:::logs',
      tags_all: {},
    });
  });

  it('reads versioning of a bucket that never had it as Disabled', async () => {
    const [r] = await onS3rver().read(
      [instance('aws_s3_bucket_versioning', 'logs', { id: 'logs', bucket: 'logs' })],
      context(),
    );
    expect(r).toMatchObject({
      status: 'found',
      attributes: { versioning_configuration: [{ status: 'Disabled' }] },
    });
  });

  it('lists buckets', async () => {
    const live = await collect(onS3rver().list(['aws_s3_bucket'], context()));
    expect(live.map((l) => l.id).sort()).toEqual(['assets', 'logs']);
  });

  it('never reports a bucket configuration missing because the endpoint does not implement it', async () => {
    const [r] = await onS3rver().read(
      [instance('aws_s3_bucket_public_access_block', 'logs', { id: 'logs', bucket: 'logs' })],
      context(),
    );
    expect(r?.status).toBe('error');
  });
});

describe('S3 bucket configuration against the fake S3 API', () => {
  it('reads every configuration resource in Terraform shape', async () => {
    const results = await onFake().read(
      [
        instance('aws_s3_bucket', 'data', { id: 'data', bucket: 'data' }),
        instance('aws_s3_bucket_versioning', 'data', { id: 'data', bucket: 'data' }),
        instance('aws_s3_bucket_server_side_encryption_configuration', 'data', {
          id: 'data',
          bucket: 'data',
        }),
        instance('aws_s3_bucket_public_access_block', 'data', { id: 'data', bucket: 'data' }),
        instance('aws_s3_bucket_policy', 'data', { id: 'data', bucket: 'data' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'found', 'found', 'found']);
    const attrs = results.map((r) => (r.status === 'found' ? r.attributes : undefined));
    expect(attrs[0]).toMatchObject({ tags_all: { Env: 'prod' }, region: 'us-east-1' });
    expect(attrs[0]?.tags_all).not.toHaveProperty('aws:createdBy');
    expect(attrs[1]).toMatchObject({ versioning_configuration: [{ status: 'Enabled' }] });
    expect(attrs[2]).toEqual({
      bucket: 'data',
      rule: [
        {
          apply_server_side_encryption_by_default: [
            {
              sse_algorithm: 'aws:kms',
              kms_master_key_id: 'arn:aws:kms:us-east-1:123456789012:key/k1',
            },
          ],
          bucket_key_enabled: true,
        },
      ],
    });
    expect(attrs[3]).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(JSON.parse(String(attrs[4]?.policy))).toMatchObject({ Version: '2012-10-17' });
  });

  it('maps typed NoSuch... answers to not-found', async () => {
    const results = await onFake().read(
      [
        instance('aws_s3_bucket_server_side_encryption_configuration', 'bare', {
          id: 'bare',
          bucket: 'bare',
        }),
        instance('aws_s3_bucket_public_access_block', 'bare', { id: 'bare', bucket: 'bare' }),
        instance('aws_s3_bucket_policy', 'bare', { id: 'bare', bucket: 'bare' }),
        instance('aws_s3_bucket_versioning', 'nope', { id: 'nope', bucket: 'nope' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual([
      'not-found',
      'not-found',
      'not-found',
      'not-found',
    ]);
  });

  it('AccessDenied is an error naming the action, SlowDown is retryable', async () => {
    fake.fail('GetBucketPolicy', s3Error(403, 'AccessDenied', 'Access Denied'), 1);
    const [denied] = await onFake().read(
      [instance('aws_s3_bucket_policy', 'data', { id: 'data', bucket: 'data' })],
      context(),
    );
    expect(denied).toMatchObject({
      status: 'error',
      error: { code: 'AccessDenied', retryable: false },
    });
    if (denied?.status !== 'error') throw new Error();
    expect(denied.error.message).toContain('s3:GetBucketPolicy');
    fake.fail(
      'GetBucketVersioning',
      s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
      1,
    );
    const [slow] = await onFake().read(
      [instance('aws_s3_bucket_versioning', 'data', { id: 'data', bucket: 'data' })],
      context(),
    );
    expect(slow).toMatchObject({ status: 'error', error: { code: 'SlowDown', retryable: true } });
  });
});

describe('S3 bucket existence in bulk', () => {
  it('checks many buckets with one ListBuckets, and HeadBucket only for buckets it does not list', async () => {
    for (let i = 0; i < 5; i++) fake.buckets.set(`bulk-${i}`, { tags: { N: String(i) } });
    fake.buckets.set('partner', { foreign: true });
    const before = {
      list: fake.calls.get('ListBuckets') ?? 0,
      head: fake.calls.get('HeadBucket') ?? 0,
    };
    const names = ['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'partner', 'nowhere'];
    const results = await onFake().read(
      names.map((n) => instance('aws_s3_bucket', n.replace('-', '_'), { id: n, bucket: n })),
      context(),
    );
    expect(results.map((r) => r.status)).toEqual([
      'found',
      'found',
      'found',
      'found',
      'found',
      'found',
      'not-found',
    ]);
    expect(results[3]).toMatchObject({ attributes: { tags_all: { N: '3' }, region: 'us-east-1' } });
    expect((fake.calls.get('ListBuckets') ?? 0) - before.list).toBe(1);
    // Only the bucket of another account and the missing one needed a HeadBucket.
    expect((fake.calls.get('HeadBucket') ?? 0) - before.head).toBe(2);
  });

  it('falls back to HeadBucket per bucket when listing is denied', async () => {
    fake.fail('ListBuckets', s3Error(403, 'AccessDenied', 'Access Denied'), 1);
    const before = fake.calls.get('HeadBucket') ?? 0;
    const names = ['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'];
    const results = await onFake().read(
      names.map((n) => instance('aws_s3_bucket', n.replace('-', '_'), { id: n, bucket: n })),
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'found', 'found', 'found']);
    expect((fake.calls.get('HeadBucket') ?? 0) - before).toBe(5);
  });
});

/** An `aws_s3_bucket` state as the Terraform AWS provider v5 writes it, inline blocks included. */
function bucketState(name: string, extra: Record<string, unknown> = {}) {
  return instance('aws_s3_bucket', name.replace(/-/g, '_'), {
    id: name,
    bucket: name,
    arn: `arn:aws:s3:::${name}`,
    region: 'us-east-1',
    tags: null,
    tags_all: {},
    versioning: [{ enabled: true, mfa_delete: false }],
    server_side_encryption_configuration: [
      {
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { kms_master_key_id: '', sse_algorithm: 'AES256' },
            ],
            bucket_key_enabled: false,
          },
        ],
      },
    ],
    cors_rule: [
      {
        allowed_headers: [],
        allowed_methods: ['GET'],
        allowed_origins: ['https://example.com'],
        expose_headers: [],
        max_age_seconds: 0,
      },
    ],
    ...extra,
  });
}

const AS_APPLIED = {
  versioning: 'Enabled' as const,
  encryption: { algorithm: 'AES256' },
  cors: [{ allowedMethods: ['GET'], allowedOrigins: ['https://example.com'] }],
};

describe('aws_s3_bucket inline versioning, encryption and CORS', () => {
  it('is in sync when S3 holds what the state holds', async () => {
    fake.buckets.set('inline-same', { ...AS_APPLIED });
    const report = await detectDrift({
      state: state([bucketState('inline-same')]),
      providers: [onFake()],
    });
    expect(report.resources[0]).toMatchObject({ status: 'in-sync', patch: [] });
    expect(report.resources[0]?.notChecked ?? []).not.toContain('/versioning');
  });

  it('reports versioning, encryption and CORS changed out of band (Terraform does)', async () => {
    fake.buckets.set('inline-changed', {
      versioning: 'Suspended',
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'k1' },
      cors: [{ allowedMethods: ['GET'], allowedOrigins: ['https://evil.example'] }],
    });
    const report = await detectDrift({
      state: state([bucketState('inline-changed')]),
      providers: [onFake()],
    });
    expect(report.resources[0]?.status).toBe('drifted');
    expect(report.resources[0]?.patch).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: '/versioning/0/enabled', value: false },
        {
          op: 'replace',
          path: '/server_side_encryption_configuration/0/rule/0/apply_server_side_encryption_by_default/0/sse_algorithm',
          value: 'aws:kms',
        },
        {
          op: 'replace',
          path: '/server_side_encryption_configuration/0/rule/0/apply_server_side_encryption_by_default/0/kms_master_key_id',
          value: 'k1',
        },
        { op: 'remove', path: '/cors_rule/0/allowed_origins/0' },
        { op: 'add', path: '/cors_rule/0/allowed_origins/-', value: 'https://evil.example' },
      ]),
    );
  });

  it('reports encryption and CORS removed out of band', async () => {
    fake.buckets.set('inline-removed', { versioning: 'Enabled' });
    const report = await detectDrift({
      state: state([bucketState('inline-removed')]),
      providers: [onFake()],
    });
    expect(report.resources[0]?.patch).toEqual(
      expect.arrayContaining([
        { op: 'remove', path: '/server_side_encryption_configuration/0' },
        { op: 'remove', path: '/cors_rule/0' },
      ]),
    );
  });

  it('reads an inline policy: a changed one is drift, none where the state has "" is in sync', async () => {
    const policy = (principal: unknown) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' },
        ],
      });
    fake.buckets.set('policy-changed', {
      ...AS_APPLIED,
      policy: policy({ AWS: 'arn:aws:iam::210987654321:root' }),
    });
    fake.buckets.set('policy-none', { ...AS_APPLIED });
    const report = await detectDrift({
      state: state([
        bucketState('policy-changed', { policy: policy({ AWS: '123456789012' }) }),
        bucketState('policy-none', { policy: '' }),
      ]),
      providers: [onFake()],
    });
    expect(report.resources.map((r) => [r.status, r.patch.map((op) => op.path)])).toEqual([
      ['drifted', ['/policy']],
      ['in-sync', []],
    ]);
  });

  it('leaves a part owned by a separate resource in state to that resource', async () => {
    fake.buckets.set('owned', { ...AS_APPLIED, versioning: 'Suspended' });
    const report = await detectDrift({
      state: state([
        bucketState('owned'),
        instance('aws_s3_bucket_versioning', 'owned', {
          id: 'owned',
          bucket: 'owned',
          versioning_configuration: [{ status: 'Enabled', mfa_delete: '' }],
        }),
      ]),
      providers: [onFake()],
    });
    const byAddress = Object.fromEntries(report.resources.map((r) => [r.address, r]));
    expect(byAddress['aws_s3_bucket.owned']).toMatchObject({ status: 'in-sync' });
    expect(byAddress['aws_s3_bucket_versioning.owned']).toMatchObject({
      status: 'drifted',
      patch: [{ op: 'replace', path: '/versioning_configuration/0/status', value: 'Suspended' }],
    });
  });

  it('reads no inline part the state does not hold', async () => {
    fake.buckets.set('legacy', { ...AS_APPLIED });
    const before = (op: string) => fake.calls.get(op) ?? 0;
    const counts = ['GetBucketVersioning', 'GetBucketEncryption', 'GetBucketCors'].map(before);
    const report = await detectDrift({
      state: state([
        instance('aws_s3_bucket', 'legacy', { id: 'legacy', bucket: 'legacy', tags_all: {} }),
      ]),
      providers: [onFake()],
    });
    expect(report.resources[0]?.status).toBe('in-sync');
    expect(['GetBucketVersioning', 'GetBucketEncryption', 'GetBucketCors'].map(before)).toEqual(
      counts,
    );
  });

  it('a part the endpoint does not serve is not checked, never in sync by default', async () => {
    // s3rver answers NotImplemented for encryption.
    const report = await detectDrift({
      state: state([
        bucketState('logs', { versioning: undefined, cors_rule: undefined, region: undefined }),
      ]),
      providers: [onS3rver()],
    });
    expect(report.resources[0]?.notChecked).toContain('/server_side_encryption_configuration');
  });

  it('a denied part read makes the bucket unknown, not in sync', async () => {
    fake.buckets.set('denied', { ...AS_APPLIED });
    fake.fail('GetBucketEncryption', s3Error(403, 'AccessDenied', 'Access Denied'), 1);
    const report = await detectDrift({
      state: state([bucketState('denied')]),
      providers: [onFake()],
      retry: { attempts: 1 },
    });
    expect(report.resources[0]).toMatchObject({
      status: 'unknown',
      error: { code: 'AccessDenied' },
    });
  });
});

describe('aws_s3_bucket_cors_configuration', () => {
  const corsState = (name: string) =>
    instance('aws_s3_bucket_cors_configuration', name.replace(/-/g, '_'), {
      id: name,
      bucket: name,
      expected_bucket_owner: '',
      cors_rule: [
        {
          allowed_headers: ['*'],
          allowed_methods: ['PUT', 'GET'],
          allowed_origins: ['https://app.example.com'],
          expose_headers: [],
          id: '',
          max_age_seconds: 300,
        },
      ],
    });

  it('reads the rules in Terraform shape: in sync when equal (sets in any order)', async () => {
    fake.buckets.set('cors-same', {
      cors: [
        {
          allowedMethods: ['GET', 'PUT'],
          allowedOrigins: ['https://app.example.com'],
          allowedHeaders: ['*'],
          maxAgeSeconds: 300,
        },
      ],
    });
    const report = await detectDrift({
      state: state([corsState('cors-same')]),
      providers: [onFake()],
    });
    expect(report.resources[0]).toMatchObject({ status: 'in-sync', patch: [] });
  });

  it('is drifted when a rule changed, missing when S3 has no CORS configuration', async () => {
    fake.buckets.set('cors-changed', {
      cors: [
        {
          allowedMethods: ['GET', 'PUT', 'DELETE'],
          allowedOrigins: ['https://app.example.com'],
          allowedHeaders: ['*'],
          maxAgeSeconds: 300,
        },
      ],
    });
    fake.buckets.set('cors-none', {});
    const report = await detectDrift({
      state: state([corsState('cors-changed'), corsState('cors-none')]),
      providers: [onFake()],
    });
    expect(report.resources.map((r) => r.status)).toEqual(['drifted', 'missing']);
  });
});
