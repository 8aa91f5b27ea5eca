/**
 * State in Google Cloud Storage, through the JSON API (`?alt=media` download). Terraform's
 * gcs backend keeps each workspace at `<prefix>/<workspace>.tfstate`.
 */
import { StateSourceError } from '../../errors.js';
import { fetchWithRetry, type FetchOptions } from './fetch-with-retry.js';
import { resolveGoogleToken } from './google-credentials.js';
import { redactSource } from './redact-url.js';

/** Options of `gs://` sources. @public */
export interface GcsSourceOptions {
  /**
   * An OAuth access token. Default: `GOOGLE_OAUTH_ACCESS_TOKEN`, then a credentials JSON from
   * `credentialsFile`, `GOOGLE_BACKEND_CREDENTIALS` or `GOOGLE_CREDENTIALS` (a path or the JSON
   * itself, as Terraform's gcs backend reads them), then application default credentials.
   */
  token?: string;
  /** The JSON API endpoint. Default `https://storage.googleapis.com`. */
  endpoint?: string;
  /**
   * Reads `<prefix>/<workspace>.tfstate`, treating the URL path as the backend's `prefix`.
   * Without it, a path ending in `.tfstate` is the object itself and any other path is a prefix
   * holding `default.tfstate`.
   */
  workspace?: string;
  /** A credentials JSON file (service account key or `authorized_user`), used before any environment variable. */
  credentialsFile?: string;
  /** Overrides the OAuth token endpoint used for application default credentials. */
  tokenEndpoint?: string;
}

/** Where a `gs://` source points. @internal */
interface GcsLocation {
  bucket: string;
  object: string;
}

/**
 * Applies the gcs backend's layout to `gs://bucket/path`.
 * @internal
 */
export function resolveGcsLocation(url: URL, workspace: string | undefined): GcsLocation {
  const bucket = url.hostname;
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  if (bucket === '') {
    const name = redactSource(url);
    throw new StateSourceError(`Invalid GCS source ${name}: expected gs://bucket/path`, {
      source: name,
    });
  }
  if (workspace === undefined && path.endsWith('.tfstate')) return { bucket, object: path };
  const name = `${workspace ?? 'default'}.tfstate`;
  return { bucket, object: path === '' ? name : `${path}/${name}` };
}

/**
 * Downloads the object with a bearer token.
 * @internal
 */
export async function readGcsSource(
  url: URL,
  options: GcsSourceOptions,
  retry: FetchOptions,
  env: Record<string, string | undefined>,
): Promise<{ bytes: Uint8Array; source: string }> {
  const { bucket, object } = resolveGcsLocation(url, options.workspace);
  const source = `gs://${bucket}/${object}`;
  const token = await resolveGoogleToken(options, env, retry, source);
  const endpoint = (options.endpoint ?? 'https://storage.googleapis.com').replace(/\/+$/, '');
  const target = new URL(
    `${endpoint}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}?alt=media`,
  );
  const response = await fetchWithRetry(
    {
      url: target,
      source,
      headers: { authorization: `Bearer ${token}` },
      secrets: [token],
      describeError: describeGcsError,
    },
    retry,
  );
  return { bytes: response.body, source };
}

/** GCS errors look like `{ "error": { "code": 404, "message": "No such object: b/o" } }`. */
function describeGcsError(body: string): string | undefined {
  const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
  return typeof message === 'string' ? message : undefined;
}
