/**
 * `loadState`: fetch a state from wherever it is kept, then parse it. Every source is
 * read-only (GET or GetObject only: never a write, never a lock), and every error names the
 * source with its credentials removed.
 */
import { StateSourceError } from '../errors.js';
import { parseStateAsync, type ParseStateOptions } from './parse-state.js';
import {
  checkHttpRetry,
  type FetchOptions,
  type HttpRetryOptions,
} from './sources/fetch-with-retry.js';
import { readFileSource, readStreamSource, type ByteStream } from './sources/file-source.js';
import { readGcsSource, type GcsSourceOptions } from './sources/gcs-source.js';
import { readHttpSource } from './sources/http-source.js';
import { redactSource } from './sources/redact-url.js';
import { maxStateBytes } from './size-limit.js';
import { readS3Source, type S3SourceOptions } from './sources/s3-source.js';
import { readTfcSource, type TfcSourceOptions } from './sources/tfc-source.js';
import type { TerraformState } from '../model/state.js';

/** Options of {@link loadState}. @public */
export interface LoadStateOptions extends ParseStateOptions, HttpRetryOptions {
  /** Extra request headers for `http(s)://` sources (Terraform's HTTP backend). */
  headers?: Record<string, string>;
  /** Basic-auth user for `http(s)://` sources; default: the URL's userinfo. */
  username?: string;
  /** Basic-auth password for `http(s)://` sources; default: the URL's userinfo. */
  password?: string;
  /** A bearer token for `tfc://` and `gs://` sources, when their own `token` is not set. */
  token?: string;
  /** Options of `s3://` sources. */
  s3?: S3SourceOptions;
  /** Options of `gs://` sources. */
  gcs?: GcsSourceOptions;
  /** Options of `tfc://` sources. */
  tfc?: TfcSourceOptions;
  /** What `-` reads. Default `process.stdin`. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Where credentials such as `TF_TOKEN_<host>` are looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** The raw bytes of a state and the name to use for it in messages. @internal */
interface FetchedState {
  bytes: Uint8Array;
  /** The source with every credential removed. */
  source: string;
}

/**
 * Loads and parses a Terraform state.
 *
 * `source` is a local path, a `file:` URL, `-` (standard input), `s3://bucket/key`,
 * `gs://bucket/path`, an `http(s)://` URL of Terraform's HTTP backend, or
 * `tfc://[host/]organization/workspace` (Terraform Cloud / Enterprise).
 *
 * @throws {@link StateSourceError} when the state cannot be fetched (the message names the
 * source, never a credential), {@link InvalidOptionError} for retry settings out of range,
 * and whatever {@link parseState} throws for its content.
 * @example
 * ```ts
 * import { loadState } from 'tfdrift';
 *
 * const local = await loadState('./terraform.tfstate');
 * const dev = await loadState('s3://my-states/network/terraform.tfstate', {
 *   s3: { region: 'eu-west-1', workspace: 'dev' },
 * });
 * const prod = await loadState('tfc://acme/network-prod'); // token from TF_TOKEN_app_terraform_io
 * console.log(dev.resources.length, prod.serial, local.lineage);
 * ```
 * @public
 */
export async function loadState(
  source: string | URL,
  options: LoadStateOptions = {},
): Promise<TerraformState> {
  const fetched = await fetchStateBytes(source, options);
  // Asynchronous for an OpenTofu encrypted state: its key derivation leaves the event loop free.
  return parseStateAsync(fetched.bytes, {
    source: fetched.source,
    passphrase: options.passphrase,
    maxBytes: options.maxBytes,
  });
}

/**
 * Fetches the bytes of a state without parsing them.
 * @throws {@link StateSourceError}
 * @internal
 */
export async function fetchStateBytes(
  source: string | URL,
  options: LoadStateOptions = {},
): Promise<FetchedState> {
  checkHttpRetry(options);
  const maxBytes = maxStateBytes(options.maxBytes, '<options>');
  if (source === '-') {
    const stdin = options.stdin ?? (process.stdin as ByteStream);
    return { bytes: await readStreamSource(stdin, options.signal, maxBytes), source: '-' };
  }
  const scheme = schemeOf(source);
  if (scheme === undefined || scheme === 'file') {
    const name = redactSource(source);
    return { bytes: await readFileSource(source, options.signal, maxBytes), source: name };
  }
  const url = toUrl(source);
  const env = options.env ?? process.env;
  const retry: FetchOptions = {
    maxBytes,
    retries: options.retries,
    timeoutMs: options.timeoutMs,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    signal: options.signal,
  };
  switch (scheme) {
    case 'http':
    case 'https':
      return {
        bytes: await readHttpSource(url, { ...retry, ...httpOptions(options) }),
        source: redactSource(url),
      };
    case 's3':
      return readS3Source(url, options.s3 ?? {}, retry, env);
    case 'gs': {
      const gcs = { ...options.gcs, token: options.gcs?.token ?? options.token };
      return readGcsSource(url, gcs, retry, env);
    }
    case 'tfc': {
      const tfc = { ...options.tfc, fallbackToken: options.token };
      return readTfcSource(url, tfc, retry, env);
    }
    default: {
      const name = redactSource(url);
      throw new StateSourceError(
        `Cannot read state from ${name}: unsupported scheme "${scheme}:" (use a path, file:, s3:, gs:, http(s): or tfc:)`,
        { source: name },
      );
    }
  }
}

function httpOptions(options: LoadStateOptions): {
  headers?: Record<string, string>;
  username?: string;
  password?: string;
} {
  return { headers: options.headers, username: options.username, password: options.password };
}

/** The lower-cased URL scheme, or undefined for a plain path (including `C:\\` drive paths). */
function schemeOf(source: string | URL): string | undefined {
  if (typeof source !== 'string') return source.protocol.slice(0, -1).toLowerCase();
  const match = /^([a-z][a-z0-9+.-]+):/i.exec(source);
  return match?.[1]?.toLowerCase();
}

function toUrl(source: string | URL): URL {
  if (typeof source !== 'string') return source;
  try {
    return new URL(source);
  } catch (error) {
    const name = redactSource(source);
    // No `cause`: Node's URL error keeps the raw input, credentials included.
    void error;
    throw new StateSourceError(`Cannot read state from ${name}: not a valid URL`, { source: name });
  }
}
