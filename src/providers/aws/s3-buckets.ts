/**
 * S3: `aws_s3_bucket` and its v4+ configuration resources. S3 has no batch read, so each
 * bucket costs a few calls; sub-configurations that do not exist answer with typed
 * `NoSuch...` codes, which are not-found for the standalone resources.
 */
import type {
  CORSRule,
  GetBucketCorsCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketPolicyCommandOutput,
  GetBucketTaggingCommandOutput,
  GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommandOutput,
  HeadBucketCommandOutput,
  ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import type { ResourceInstance } from '../../model/state.js';
import type { ReadResult } from '../types.js';
import { AwsCallError } from './errors.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { failedWith, missingIdResult, readEach } from './resource-handler.js';
import { tagMap } from './tags.js';
import { partitionOf } from './location.js';
import { paginate } from './paginate.js';

/** Codes that mean the bucket itself is gone. */
const NO_BUCKET = ['NoSuchBucket', 'NotFound'];

/**
 * Codes that mean an optional part of a bucket is simply not there (or the endpoint does
 * not implement it, as emulators do): the part is absent, not an error.
 */
const ABSENT_PART = ['NoSuchTagSet', 'NoSuchTagSetError', 'NotImplemented', 'MethodNotAllowed'];

/** The bucket name of an S3 resource: `bucket`, or the id (`name` or `name,owner`). */
function bucketOf(instance: ResourceInstance): string | undefined {
  const bucket = instance.attributes.bucket;
  if (typeof bucket === 'string' && bucket !== '') return bucket;
  const id = instance.id ?? instance.attributes.id;
  return typeof id === 'string' && id !== '' ? (id.split(',')[0] ?? id) : undefined;
}

/** The expected owner, for resources imported with `bucket,owner` ids. */
function ownerInput(instance: ResourceInstance): Record<string, string> {
  const owner = instance.attributes.expected_bucket_owner;
  return typeof owner === 'string' && owner !== '' ? { ExpectedBucketOwner: owner } : {};
}

async function bucketTags(env: AwsEnv, bucket: string): Promise<Record<string, string>> {
  try {
    const out = await env.call<GetBucketTaggingCommandOutput>('s3', 'GetBucketTagging', {
      Bucket: bucket,
    });
    return tagMap(out.TagSet);
  } catch (error) {
    if (failedWith(error, ABSENT_PART)) return {};
    throw error;
  }
}

/** Reads each instance's bucket; an instance without a bucket name is an error. */
function perBucket(
  handler: Pick<ResourceHandler, 'notFoundCodes' | 'reads'>,
  fetch: (
    bucket: string,
    instance: ResourceInstance,
    env: AwsEnv,
  ) => Promise<Record<string, unknown> | undefined>,
): ResourceHandler['read'] {
  return async (instances, env) => {
    const named = instances.filter((i) => bucketOf(i) !== undefined);
    const unnamed = instances.filter((i) => bucketOf(i) === undefined).map(missingIdResult);
    const read = await readEach(named, handler, (instance) =>
      fetch(bucketOf(instance) ?? '', instance, env),
    );
    return [...read, ...unnamed];
  };
}

const BUCKET_READS = ['bucket', 'arn', 'tags_all'];

/** S3's answer to a configuration the endpoint does not serve (emulators, S3-compatible stores). */
const UNSERVED = ['NotImplemented', 'MethodNotAllowed'];

/** Encryption rules in Terraform's `rule` shape (shared by the bucket and the standalone resource). */
function encryptionRules(out: GetBucketEncryptionCommandOutput): Record<string, unknown>[] {
  return (out.ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) => ({
    apply_server_side_encryption_by_default:
      rule.ApplyServerSideEncryptionByDefault === undefined
        ? []
        : [
            {
              sse_algorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
              kms_master_key_id: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID ?? '',
            },
          ],
    bucket_key_enabled: rule.BucketKeyEnabled ?? false,
  }));
}

/** CORS rules in Terraform's `cors_rule` shape; `withId` for the standalone resource. */
function corsRules(rules: CORSRule[] | undefined, withId: boolean): Record<string, unknown>[] {
  return (rules ?? []).map((rule) => ({
    allowed_headers: rule.AllowedHeaders ?? [],
    allowed_methods: rule.AllowedMethods ?? [],
    allowed_origins: rule.AllowedOrigins ?? [],
    expose_headers: rule.ExposeHeaders ?? [],
    max_age_seconds: rule.MaxAgeSeconds ?? 0,
    ...(withId ? { id: rule.ID ?? '' } : {}),
  }));
}

/**
 * One inline (v3-style) part of `aws_s3_bucket`: the attribute, the GET operation that reads
 * it, how its answer maps to the attribute, and the codes (and value) of "none configured".
 */
interface InlinePart<T = never> {
  attribute: string;
  operation: string;
  value(out: T): unknown;
  noneCodes: string[];
  none: unknown;
}

const part = <T>(p: InlinePart<T>): InlinePart<unknown> => p;

/**
 * The inline parts read from S3 when the bucket's state holds them (a block list, or the
 * policy string). The Terraform provider stores their live value even when a separate
 * resource manages them; the scan then lets that resource own the part (see
 * attachment-ownership.ts), so drift shows once, where it belongs.
 */
const INLINE_PARTS: InlinePart<unknown>[] = [
  part<GetBucketVersioningCommandOutput>({
    attribute: 'versioning',
    operation: 'GetBucketVersioning',
    value: (out) => [
      { enabled: out.Status === 'Enabled', mfa_delete: out.MFADelete === 'Enabled' },
    ],
    noneCodes: [],
    none: [],
  }),
  part<GetBucketEncryptionCommandOutput>({
    attribute: 'server_side_encryption_configuration',
    operation: 'GetBucketEncryption',
    value: (out) => [{ rule: encryptionRules(out) }],
    noneCodes: ['ServerSideEncryptionConfigurationNotFoundError'],
    none: [],
  }),
  part<GetBucketPolicyCommandOutput>({
    attribute: 'policy',
    operation: 'GetBucketPolicy',
    value: (out) => out.Policy ?? '',
    noneCodes: ['NoSuchBucketPolicy'],
    none: '',
  }),
  part<GetBucketCorsCommandOutput>({
    attribute: 'cors_rule',
    operation: 'GetBucketCors',
    value: (out) => corsRules(out.CORSRules, false),
    noneCodes: ['NoSuchCORSConfiguration'],
    none: [],
  }),
];

/**
 * The inline parts of a bucket whose attribute the state holds. A part the endpoint does
 * not serve is left out (so it is reported as not checked); any other failure fails the read.
 */
async function inlineParts(
  env: AwsEnv,
  bucket: string,
  instance: ResourceInstance,
): Promise<Record<string, unknown>> {
  const wanted = INLINE_PARTS.filter((p) => {
    const value = instance.attributes[p.attribute];
    return Array.isArray(value) || typeof value === 'string';
  });
  const owner = ownerInput(instance);
  const entries = await Promise.all(
    wanted.map(async (p): Promise<[string, unknown] | undefined> => {
      try {
        return [
          p.attribute,
          p.value(await env.call('s3', p.operation, { Bucket: bucket, ...owner })),
        ];
      } catch (error) {
        if (failedWith(error, p.noneCodes)) return [p.attribute, p.none];
        if (failedWith(error, UNSERVED)) return undefined;
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== undefined));
}

/** The attributes a found bucket was compared on: what it read, and the region when S3 said it. */
function bucketReads(result: ReadResult): ReadResult {
  if (result.status !== 'found') return result;
  const read = [...BUCKET_READS, ...INLINE_PARTS.map((p) => p.attribute)].filter((attribute) =>
    Object.hasOwn(result.attributes, attribute),
  );
  if (typeof result.attributes.region === 'string') read.push('region');
  return { ...result, read };
}

/**
 * From this many buckets in one read, one ListBuckets call replaces a HeadBucket per bucket
 * as the existence check.
 */
const LIST_BUCKETS_FROM = 5;

/**
 * The caller's own buckets and their regions (when S3 says), or `undefined` when listing is
 * not allowed. Absence from this list proves nothing (another account may own the bucket),
 * so unlisted buckets still get a HeadBucket.
 */
async function ownBuckets(env: AwsEnv): Promise<Map<string, string | undefined> | undefined> {
  const buckets = new Map<string, string | undefined>();
  try {
    for await (const page of listBucketPages(env)) {
      for (const bucket of page.Buckets ?? [])
        if (bucket.Name !== undefined) buckets.set(bucket.Name, bucket.BucketRegion);
    }
  } catch (error) {
    if (error instanceof AwsCallError && !error.readError.retryable) return undefined;
    throw error;
  }
  return buckets;
}

async function* listBucketPages(env: AwsEnv): AsyncIterable<ListBucketsCommandOutput> {
  yield* paginate(
    's3:ListBuckets',
    (token) =>
      env.call<ListBucketsCommandOutput>('s3', 'ListBuckets', {
        MaxBuckets: 1000,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    (out) => out.ContinuationToken,
  );
}

/**
 * `aws_s3_bucket`: existence, ARN, region, tags, and the inline versioning, encryption,
 * policy and CORS when the state holds them. @internal
 */
export const s3BucketHandler: ResourceHandler = {
  type: 'aws_s3_bucket',
  service: 's3',
  reads: BUCKET_READS,
  notFoundCodes: NO_BUCKET,
  // Terraform stores `false` where the argument was never set; S3 omits it.
  rules: {
    defaults: {
      '/server_side_encryption_configuration/*/rule/*/bucket_key_enabled': false,
    },
  },
  read: async (instances, env) => {
    const listed = instances.length >= LIST_BUCKETS_FROM ? await ownBuckets(env) : undefined;
    const handler = { notFoundCodes: NO_BUCKET, reads: BUCKET_READS };
    const results = await perBucket(handler, async (bucket, instance) => {
      let region: string | undefined;
      if (listed?.has(bucket) === true) region = listed.get(bucket);
      else {
        const head = await env.call<HeadBucketCommandOutput>('s3', 'HeadBucket', {
          Bucket: bucket,
          ...ownerInput(instance),
        });
        region = head.BucketRegion;
      }
      const [tags, parts] = await Promise.all([
        bucketTags(env, bucket),
        inlineParts(env, bucket, instance),
      ]);
      return {
        id: bucket,
        bucket,
        arn: `arn:${partitionOf(env.region)}:s3:::${bucket}`,
        ...(region === undefined ? {} : { region }),
        tags_all: tags,
        ...parts,
      };
    })(instances, env);
    return results.map(bucketReads);
  },
  async *list(env) {
    for await (const page of listBucketPages(env)) {
      for (const bucket of page.Buckets ?? []) {
        if (bucket.Name === undefined) continue;
        // ListBuckets is account-wide: keep the buckets of this region (when S3 says).
        if (bucket.BucketRegion !== undefined && bucket.BucketRegion !== env.region) continue;
        yield {
          type: 'aws_s3_bucket',
          id: bucket.Name,
          name: bucket.Name,
          location: bucket.BucketRegion ?? env.region,
        };
      }
    }
  },
};

/** `aws_s3_bucket_versioning`. A bucket that never had versioning reads as `Disabled`. @internal */
export const s3VersioningHandler: ResourceHandler = {
  type: 'aws_s3_bucket_versioning',
  service: 's3',
  reads: ['bucket', 'versioning_configuration'],
  notFoundCodes: NO_BUCKET,
  read: (instances, env) =>
    perBucket(s3VersioningHandler, async (bucket, instance) => {
      const out = await env.call<GetBucketVersioningCommandOutput>('s3', 'GetBucketVersioning', {
        Bucket: bucket,
        ...ownerInput(instance),
      });
      return {
        bucket,
        versioning_configuration: [
          {
            status: out.Status ?? 'Disabled',
            ...(out.MFADelete === undefined ? {} : { mfa_delete: out.MFADelete }),
          },
        ],
      };
    })(instances, env),
};

/** `aws_s3_bucket_server_side_encryption_configuration`. @internal */
export const s3EncryptionHandler: ResourceHandler = {
  type: 'aws_s3_bucket_server_side_encryption_configuration',
  service: 's3',
  reads: ['bucket', 'rule'],
  notFoundCodes: [...NO_BUCKET, 'ServerSideEncryptionConfigurationNotFoundError'],
  // Terraform stores `false` when the argument was never set; S3 omits it.
  rules: { defaults: { '/rule/*/bucket_key_enabled': false } },
  read: (instances, env) =>
    perBucket(s3EncryptionHandler, async (bucket, instance) => {
      const out = await env.call<GetBucketEncryptionCommandOutput>('s3', 'GetBucketEncryption', {
        Bucket: bucket,
        ...ownerInput(instance),
      });
      return { bucket, rule: encryptionRules(out) };
    })(instances, env),
};

/** `aws_s3_bucket_public_access_block`. @internal */
export const s3PublicAccessBlockHandler: ResourceHandler = {
  type: 'aws_s3_bucket_public_access_block',
  service: 's3',
  reads: [
    'bucket',
    'block_public_acls',
    'block_public_policy',
    'ignore_public_acls',
    'restrict_public_buckets',
  ],
  notFoundCodes: [...NO_BUCKET, 'NoSuchPublicAccessBlockConfiguration'],
  read: (instances, env) =>
    perBucket(s3PublicAccessBlockHandler, async (bucket) => {
      const out = await env.call<GetPublicAccessBlockCommandOutput>('s3', 'GetPublicAccessBlock', {
        Bucket: bucket,
      });
      const config = out.PublicAccessBlockConfiguration ?? {};
      return {
        bucket,
        block_public_acls: config.BlockPublicAcls ?? false,
        block_public_policy: config.BlockPublicPolicy ?? false,
        ignore_public_acls: config.IgnorePublicAcls ?? false,
        restrict_public_buckets: config.RestrictPublicBuckets ?? false,
      };
    })(instances, env),
};

/** `aws_s3_bucket_policy`: the policy compared semantically, not as a string. @internal */
export const s3PolicyHandler: ResourceHandler = {
  type: 'aws_s3_bucket_policy',
  service: 's3',
  reads: ['bucket', 'policy'],
  notFoundCodes: [...NO_BUCKET, 'NoSuchBucketPolicy'],
  read: (instances, env) =>
    perBucket(s3PolicyHandler, async (bucket) => {
      const out = await env.call<GetBucketPolicyCommandOutput>('s3', 'GetBucketPolicy', {
        Bucket: bucket,
      });
      return { bucket, policy: out.Policy ?? '' };
    })(instances, env),
};

/** `aws_s3_bucket_cors_configuration`: the bucket's CORS rules. @internal */
export const s3CorsHandler: ResourceHandler = {
  type: 'aws_s3_bucket_cors_configuration',
  service: 's3',
  reads: ['bucket', 'cors_rule'],
  notFoundCodes: [...NO_BUCKET, 'NoSuchCORSConfiguration'],
  read: (instances, env) =>
    perBucket(s3CorsHandler, async (bucket, instance) => {
      const out = await env.call<GetBucketCorsCommandOutput>('s3', 'GetBucketCors', {
        Bucket: bucket,
        ...ownerInput(instance),
      });
      return { bucket, cors_rule: corsRules(out.CORSRules, true) };
    })(instances, env),
};
