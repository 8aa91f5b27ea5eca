/**
 * Terraform's HTTP backend, read-only: one GET of the state address, with custom headers and
 * basic auth. Locking and writing are deliberately absent.
 */
import { StateSourceError } from '../../errors.js';
import { fetchWithRetry, type FetchOptions } from './fetch-with-retry.js';
import { redactSource } from './redact-url.js';

/** Options of an `http(s)://` source. @internal */
interface HttpSourceOptions extends FetchOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Basic-auth user; overrides the URL's userinfo. */
  username?: string;
  /** Basic-auth password; overrides the URL's userinfo. */
  password?: string;
}

/**
 * Fetches a state from Terraform's HTTP backend. Credentials come from `username`/`password`
 * or from the URL's userinfo; either way they travel only in the `Authorization` header.
 * @internal
 */
export async function readHttpSource(
  url: URL,
  options: HttpSourceOptions = {},
): Promise<Uint8Array> {
  const source = redactSource(url);
  const target = new URL(url.href);
  const username = options.username ?? decodeURIComponent(target.username);
  const password = options.password ?? decodeURIComponent(target.password);
  target.username = '';
  target.password = '';

  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (username !== '' || password !== '') {
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const secrets = [password, headers.authorization, ...secretHeaderValues(options.headers)];
  const response = await fetchWithRetry({ url: target, source, headers, secrets }, options);
  // The backend answers 204 (or an empty 200) when no state was ever pushed.
  if (response.status === 204 || response.body.byteLength === 0) {
    throw new StateSourceError(
      `No state stored at ${source} (HTTP ${response.status}, empty body)`,
      {
        source,
        status: response.status,
      },
    );
  }
  return response.body;
}

/** Header values are often tokens; none of them may surface in an error. */
function secretHeaderValues(headers: Record<string, string> | undefined): string[] {
  return Object.values(headers ?? {}).filter((value) => value.length >= 8);
}
