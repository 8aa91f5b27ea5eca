/**
 * A fake of the S3 REST API for the bucket configuration s3rver does not implement
 * (versioning changes, encryption, public access block, policy, tagging, CORS), answering with the
 * documented XML shapes and error envelopes. Path-style requests only.
 */
import { startFakeServer, xml, xmlEscape } from './fake-http.js';
import type { FakeRequest, FakeResponse, FakeServer } from './fake-http.js';

export interface FakeBucket {
  versioning?: 'Enabled' | 'Suspended';
  encryption?: { algorithm: string; kmsKeyId?: string; bucketKeyEnabled?: boolean };
  publicAccessBlock?: {
    blockPublicAcls: boolean;
    blockPublicPolicy: boolean;
    ignorePublicAcls: boolean;
    restrictPublicBuckets: boolean;
  };
  policy?: string;
  tags?: Record<string, string>;
  cors?: {
    allowedMethods: string[];
    allowedOrigins: string[];
    allowedHeaders?: string[];
    exposeHeaders?: string[];
    maxAgeSeconds?: number;
    id?: string;
  }[];
  /** The bucket's region (default us-east-1). */
  region?: string;
  /** Owned by another account: readable, but not in this account's ListBuckets. */
  foreign?: boolean;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function s3Error(
  status: number,
  code: string,
  message: string,
  bucket?: string,
): FakeResponse {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${bucket === undefined ? '' : `<BucketName>${bucket}</BucketName>`}<RequestId>REQ1</RequestId><HostId>host</HostId></Error>`,
  };
}

const okXml = (root: string, inner: string): FakeResponse => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`,
});

/** The GET operation of each bucket subresource. */
const SUBRESOURCES: Record<string, string> = {
  versioning: 'GetBucketVersioning',
  encryption: 'GetBucketEncryption',
  publicAccessBlock: 'GetPublicAccessBlock',
  policy: 'GetBucketPolicy',
  tagging: 'GetBucketTagging',
  cors: 'GetBucketCors',
};

function operationOf(request: FakeRequest): string {
  const bucket = request.path.split('/')[1] ?? '';
  if (bucket === '') return 'ListBuckets';
  if (request.method === 'HEAD') return 'HeadBucket';
  const sub = Object.keys(SUBRESOURCES).find((s) => request.query.has(s));
  return sub === undefined ? `${request.method} bucket` : (SUBRESOURCES[sub] ?? sub);
}

function answer(
  buckets: Map<string, FakeBucket>,
  request: FakeRequest,
  operation: string,
): FakeResponse {
  if (operation === 'ListBuckets') {
    const list = [...buckets]
      .filter(([, b]) => b.foreign !== true)
      .map(([Name, b]) => ({
        Name,
        CreationDate: '2024-01-01T00:00:00.000Z',
        BucketRegion: b.region ?? 'us-east-1',
      }));
    return okXml(
      'ListAllMyBucketsResult',
      `<Owner><ID>owner</ID></Owner><Buckets>${xml(list, 'Bucket')}</Buckets>`,
    );
  }
  const name = request.path.split('/')[1] ?? '';
  const bucket = buckets.get(name);
  if (bucket === undefined) {
    return operation === 'HeadBucket'
      ? { status: 404, body: '' }
      : s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', name);
  }
  switch (operation) {
    case 'HeadBucket':
      return {
        status: 200,
        headers: { 'x-amz-bucket-region': bucket.region ?? 'us-east-1' },
        body: '',
      };
    case 'GetBucketVersioning':
      return okXml(
        'VersioningConfiguration',
        bucket.versioning === undefined ? '' : `<Status>${bucket.versioning}</Status>`,
      );
    case 'GetBucketEncryption': {
      const e = bucket.encryption;
      if (e === undefined)
        return s3Error(
          404,
          'ServerSideEncryptionConfigurationNotFoundError',
          'The server side encryption configuration was not found',
          name,
        );
      return okXml(
        'ServerSideEncryptionConfiguration',
        `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${e.algorithm}</SSEAlgorithm>${e.kmsKeyId === undefined ? '' : `<KMSMasterKeyID>${e.kmsKeyId}</KMSMasterKeyID>`}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${e.bucketKeyEnabled ?? false}</BucketKeyEnabled></Rule>`,
      );
    }
    case 'GetPublicAccessBlock': {
      const p = bucket.publicAccessBlock;
      if (p === undefined)
        return s3Error(
          404,
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          name,
        );
      return okXml(
        'PublicAccessBlockConfiguration',
        `<BlockPublicAcls>${p.blockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${p.ignorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${p.blockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${p.restrictPublicBuckets}</RestrictPublicBuckets>`,
      );
    }
    case 'GetBucketPolicy':
      if (bucket.policy === undefined)
        return s3Error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: bucket.policy };
    case 'GetBucketTagging': {
      const tags = Object.entries(bucket.tags ?? {});
      if (tags.length === 0) return s3Error(404, 'NoSuchTagSet', 'The TagSet does not exist', name);
      return okXml(
        'Tagging',
        `<TagSet>${xml(
          tags.map(([Key, Value]) => ({ Key, Value })),
          'Tag',
        )}</TagSet>`,
      );
    }
    case 'GetBucketCors': {
      if (bucket.cors === undefined)
        return s3Error(
          404,
          'NoSuchCORSConfiguration',
          'The CORS configuration does not exist',
          name,
        );
      const rules = bucket.cors.map(
        (r) =>
          `<CORSRule>${r.id === undefined ? '' : `<ID>${xmlEscape(r.id)}</ID>`}${(r.allowedHeaders ?? []).map((h) => `<AllowedHeader>${xmlEscape(h)}</AllowedHeader>`).join('')}${r.allowedMethods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('')}${r.allowedOrigins.map((o) => `<AllowedOrigin>${xmlEscape(o)}</AllowedOrigin>`).join('')}${(r.exposeHeaders ?? []).map((h) => `<ExposeHeader>${xmlEscape(h)}</ExposeHeader>`).join('')}${r.maxAgeSeconds === undefined ? '' : `<MaxAgeSeconds>${r.maxAgeSeconds}</MaxAgeSeconds>`}</CORSRule>`,
      );
      return okXml('CORSConfiguration', rules.join(''));
    }
    default:
      return s3Error(
        501,
        'NotImplemented',
        'A header you provided implies functionality that is not implemented',
      );
  }
}

export interface FakeS3 extends FakeServer {
  buckets: Map<string, FakeBucket>;
}

export async function startS3ConfigServer(
  buckets = new Map<string, FakeBucket>(),
  latencyMs = 0,
): Promise<FakeS3> {
  const server = await startFakeServer(
    (request, operation) => answer(buckets, request, operation),
    { operationOf, latencyMs },
  );
  return Object.assign(server, { buckets });
}
