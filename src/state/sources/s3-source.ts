/**
 * State in S3, laid out like Terraform's s3 backend: the default workspace at `key`, any other
 * workspace at `<workspace_key_prefix>/<workspace>/<key>` (prefix `env:` by default). Only
 * GetObject is sent: no lock table, no lock file, no write.
 */
import type * as S3Sdk from '@aws-sdk/client-s3';
import { StateSourceError } from '../../errors.js';
import type { AwsCredentials } from '../../shared/aws-credentials.js';
import { DEFAULT_MAX_STATE_BYTES, readAtMost, stateTooLarge } from '../size-limit.js';
import { anySignal, type FetchOptions } from './fetch-with-retry.js';
import { importOptional } from './import-optional.js';
import { scrubSecrets } from '../../shared/scrub-secrets.js';
import { truncateAtWord } from '../../shared/truncate-at-word.js';
import { REDACTED, redactSource } from './redact-url.js';

/**
 * Anything with the AWS SDK v3 client's `send`, typically an `S3Client` you configured
 * yourself. Typed structurally so tfdrift's types do not require the SDK.
 * @internal
 */
interface S3ClientLike {
  /** Sends a command, as `S3Client.send` does. */
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** Options of `s3://` sources. @public */
export interface S3SourceOptions {
  /** AWS region. Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`. */
  region?: string;
  /** A custom endpoint (MinIO, LocalStack, an S3-compatible store). */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), needed by most S3-compatible stores. */
  forcePathStyle?: boolean;
  /** Terraform workspace; `default` (the default) reads `key` itself. */
  workspace?: string;
  /** Like the s3 backend's `workspace_key_prefix`. Default `env:`. */
  workspaceKeyPrefix?: string;
  /** Credentials; default: the AWS SDK's default credential chain. */
  credentials?: AwsCredentials;
  /** A ready client; when given, `region`, `endpoint`, `forcePathStyle` and `credentials` are ignored. */
  client?: {
    /** Sends a command, as `S3Client.send` does. */
    send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  };
}

/** Where an `s3://` source points. @internal */
interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Splits `s3://bucket/key` and applies the workspace layout of Terraform's s3 backend.
 * @internal
 */
export function resolveS3Location(
  url: URL,
  options: Pick<S3SourceOptions, 'workspace' | 'workspaceKeyPrefix'>,
): S3Location {
  const bucket = url.hostname;
  const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (bucket === '' || key === '') {
    throw new StateSourceError(`Invalid S3 source ${redactSource(url)}: expected s3://bucket/key`, {
      source: `s3://${bucket}/${key}`,
    });
  }
  const workspace = options.workspace ?? 'default';
  if (workspace === 'default') return { bucket, key };
  const prefix = options.workspaceKeyPrefix ?? 'env:';
  return { bucket, key: `${prefix}/${workspace}/${key}` };
}

/**
 * The S3 SDK (loaded lazily) and a client: the caller's, or one of our own (`ownClient`,
 * to destroy after use).
 * @internal
 */
export async function openS3Client(
  options: S3SourceOptions,
  env: Record<string, string | undefined>,
  maxAttempts: number,
  source: string,
): Promise<{
  sdk: typeof S3Sdk;
  client: S3ClientLike;
  ownClient: { destroy(): void } | undefined;
}> {
  const sdk = await importOptional(
    () => import('@aws-sdk/client-s3'),
    '@aws-sdk/client-s3',
    source,
  );
  const ownClient = options.client
    ? undefined
    : new sdk.S3Client({
        region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
        ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
        ...(options.forcePathStyle !== undefined && { forcePathStyle: options.forcePathStyle }),
        ...(options.credentials !== undefined && { credentials: options.credentials }),
        maxAttempts,
      });
  return { sdk, client: options.client ?? (ownClient as S3ClientLike), ownClient };
}

/**
 * Reads the object with `GetObject`, loading `@aws-sdk/client-s3` lazily.
 * @internal
 */
export async function readS3Source(
  url: URL,
  options: S3SourceOptions,
  retry: FetchOptions,
  env: Record<string, string | undefined>,
): Promise<{ bytes: Uint8Array; source: string }> {
  const { bucket, key } = resolveS3Location(url, options);
  const source = `s3://${bucket}/${key}`;
  const attempts = Math.max(0, Math.floor(retry.retries ?? 3)) + 1;
  const { sdk, client, ownClient } = await openS3Client(options, env, attempts, source);
  // The SDK retries inside one `send`, so the limit covers every attempt it may make.
  const timeout = AbortSignal.timeout((retry.timeoutMs ?? 30_000) * attempts);
  const abortSignal = retry.signal ? anySignal(retry.signal, timeout) : timeout;
  try {
    const output = (await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal,
    })) as { Body?: S3Body; ContentLength?: number };
    if (!output.Body)
      throw new StateSourceError(`No state in ${source}: the object has no body`, { source });
    return { bytes: await readS3Body(output.Body, output.ContentLength, source, retry), source };
  } catch (error) {
    if (error instanceof StateSourceError) throw error;
    if (retry.signal?.aborted) {
      throw new StateSourceError(`Fetching state from ${source} was aborted`, { source });
    }
    if (timeout.aborted) {
      throw new StateSourceError(`Could not fetch state from ${source}: timed out`, {
        source,
        retryable: true,
      });
    }
    throw s3Error(error, source, await secretsOf(options.credentials, env, client));
  } finally {
    ownClient?.destroy();
  }
}

/** A GetObject body: a Node stream in Node, with the SDK's helpers mixed in. */
type S3Body = Partial<AsyncIterable<Uint8Array>> & { transformToByteArray(): Promise<Uint8Array> };

/**
 * Reads at most `maxBytes` of the object: an object whose size says more fails before its
 * body is read, and the stream is stopped once more has arrived.
 */
async function readS3Body(
  body: S3Body,
  contentLength: number | undefined,
  source: string,
  { maxBytes = DEFAULT_MAX_STATE_BYTES }: FetchOptions,
): Promise<Uint8Array> {
  const tooLarge = () => stateTooLarge(source, maxBytes);
  const destroy = () => (body as { destroy?: () => void }).destroy?.();
  if (contentLength !== undefined && contentLength > maxBytes) {
    destroy();
    throw tooLarge();
  }
  if (typeof body[Symbol.asyncIterator] !== 'function') {
    const bytes = await body.transformToByteArray();
    if (bytes.byteLength > maxBytes) throw tooLarge();
    return bytes;
  }
  return readAtMost(body as AsyncIterable<Uint8Array>, maxBytes, tooLarge);
}

const S3_HINTS: Record<string, string> = {
  NoSuchKey: 'the object does not exist',
  NoSuchBucket: 'the bucket does not exist',
  AccessDenied: 'the credentials are not allowed to read it',
  InvalidAccessKeyId: 'the access key was rejected',
  SignatureDoesNotMatch: 'the secret key was rejected',
  ExpiredToken: 'the session token has expired',
  CredentialsProviderError: 'no AWS credentials were found by the default credential chain',
};

function s3Error(error: unknown, source: string, secrets: string[]): StateSourceError {
  const e = error as {
    name?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = e.$metadata?.httpStatusCode;
  // Scrubbed before the cut: a secret straddling the cut would keep its start.
  const hint =
    S3_HINTS[name] ??
    (typeof e.message === 'string'
      ? truncateAtWord(scrubSecrets(e.message, secrets, REDACTED), 200)
      : '');
  const retryable =
    e.$retryable !== undefined || (status !== undefined && (status === 429 || status >= 500));
  const message = scrubSecrets(
    `Could not fetch state from ${source}: ${name}${status !== undefined ? ` (HTTP ${status})` : ''}${hint ? `: ${hint}` : ''}`,
    secrets,
    REDACTED,
  );
  // The SDK error is not kept as `cause`: it can carry request metadata we do not control.
  return new StateSourceError(message, {
    source,
    ...(status !== undefined && { status }),
    retryable,
  });
}

/** Environment variables of the AWS SDK's credential chain that hold secrets. */
const SECRET_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'];

/**
 * Every credential the request may have carried: the given ones, the credential chain's
 * environment variables, and whatever the client resolved (a profile, SSO, a container role).
 */
async function secretsOf(
  credentials: AwsCredentials | undefined,
  env: Record<string, string | undefined>,
  client: unknown,
): Promise<string[]> {
  const secrets: (string | undefined)[] = [];
  for (const name of SECRET_ENV) secrets.push(env[name], process.env[name]);
  const given = typeof credentials === 'function' ? undefined : credentials;
  secrets.push(given?.secretAccessKey, given?.sessionToken);
  const resolve = (client as { config?: { credentials?: unknown } } | undefined)?.config
    ?.credentials;
  if (typeof resolve === 'function') {
    try {
      const resolved = (await (resolve as () => Promise<unknown>)()) as {
        secretAccessKey?: string;
        sessionToken?: string;
      };
      secrets.push(resolved.secretAccessKey, resolved.sessionToken);
    } catch {
      // No credentials resolved: none can be echoed.
    }
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s !== '');
}
