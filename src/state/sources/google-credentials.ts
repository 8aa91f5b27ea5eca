/**
 * Google access tokens without the Google SDK: an explicit token, `GOOGLE_OAUTH_ACCESS_TOKEN`
 * (the variable Terraform's gcs backend reads), or application default credentials (a user's
 * refresh token or a service-account key, exchanged at the OAuth token endpoint).
 */
import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StateSourceError } from '../../errors.js';
import { fetchWithRetry, type FetchOptions } from './fetch-with-retry.js';

/** Where a Google token comes from. @internal */
interface GoogleTokenOptions {
  token?: string;
  /** An ADC JSON file; default `GOOGLE_APPLICATION_CREDENTIALS`, then gcloud's well-known file. */
  credentialsFile?: string;
  /** Overrides the OAuth token endpoint (tests, private Google endpoints). */
  tokenEndpoint?: string;
}

const DEFAULT_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';
/** Reading state needs nothing more than read-only storage access. */
const READ_ONLY_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_only';

/**
 * Finds a bearer token for Google Cloud Storage.
 * @throws {@link StateSourceError} when no credential is found or the exchange fails.
 * @internal
 */
export async function resolveGoogleToken(
  options: GoogleTokenOptions,
  env: Record<string, string | undefined>,
  retry: FetchOptions,
  source: string,
): Promise<string> {
  if (options.token) return options.token;
  if (env.GOOGLE_OAUTH_ACCESS_TOKEN) return env.GOOGLE_OAUTH_ACCESS_TOKEN;
  const { text, file } = await findCredentials(options, env, source);
  const adc = parseCredentials(text, file, source);
  const endpoint = options.tokenEndpoint ?? adc.token_uri ?? DEFAULT_TOKEN_ENDPOINT;
  if (adc.type === 'authorized_user') {
    return exchange(
      endpoint,
      {
        grant_type: 'refresh_token',
        client_id: str(adc.client_id),
        client_secret: str(adc.client_secret),
        refresh_token: str(adc.refresh_token),
      },
      [str(adc.client_secret), str(adc.refresh_token)],
      retry,
      source,
    );
  }
  if (adc.type === 'service_account') {
    const assertion = signServiceAccountJwt(adc, endpoint, source);
    return exchange(
      endpoint,
      { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      [assertion],
      retry,
      source,
    );
  }
  throw new StateSourceError(
    `Cannot read ${source}: credentials of type ${JSON.stringify(adc.type)} in ${file} are not supported (use authorized_user or service_account, or pass a token)`,
    { source },
  );
}

/**
 * The credentials JSON, looked up like Terraform's gcs backend does: the `credentialsFile`
 * option, then `GOOGLE_BACKEND_CREDENTIALS` and `GOOGLE_CREDENTIALS` (each a path or the JSON
 * itself), then application default credentials. `file` names the origin for messages; it is
 * never the content.
 */
async function findCredentials(
  options: GoogleTokenOptions,
  env: Record<string, string | undefined>,
  source: string,
): Promise<{ text: string; file: string }> {
  const backendVar = env.GOOGLE_BACKEND_CREDENTIALS
    ? 'GOOGLE_BACKEND_CREDENTIALS'
    : env.GOOGLE_CREDENTIALS
      ? 'GOOGLE_CREDENTIALS'
      : undefined;
  const backendValue = backendVar ? env[backendVar] : undefined;
  if (options.credentialsFile === undefined && backendVar && backendValue) {
    if (backendValue.trimStart().startsWith('{')) return { text: backendValue, file: backendVar };
    return { text: await readCredentialsFile(backendValue, source), file: backendValue };
  }
  const explicit = options.credentialsFile ?? env.GOOGLE_APPLICATION_CREDENTIALS;
  if (explicit !== undefined)
    return { text: await readCredentialsFile(explicit, source), file: explicit };
  const wellKnown = wellKnownCredentialsFile(env);
  try {
    return { text: await readFile(wellKnown, 'utf8'), file: wellKnown };
  } catch {
    throw new StateSourceError(
      `Cannot read ${source}: no token option, no GOOGLE_OAUTH_ACCESS_TOKEN, no GOOGLE_CREDENTIALS, and no application default credentials (run \`gcloud auth application-default login\` or set GOOGLE_APPLICATION_CREDENTIALS)`,
      { source },
    );
  }
}

async function readCredentialsFile(file: string, source: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new StateSourceError(
      `Cannot read ${source}: the credentials file ${file} cannot be read`,
      {
        source,
      },
    );
  }
}

interface AdcFile {
  type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  refresh_token?: unknown;
  client_email?: unknown;
  private_key?: unknown;
  private_key_id?: unknown;
  token_uri?: string;
}

function wellKnownCredentialsFile(env: Record<string, string | undefined>): string {
  const configDir =
    env.CLOUDSDK_CONFIG ??
    (process.platform === 'win32' && env.APPDATA
      ? join(env.APPDATA, 'gcloud')
      : join(env.HOME ?? homedir(), '.config', 'gcloud'));
  return join(configDir, 'application_default_credentials.json');
}

function parseCredentials(text: string, file: string, source: string): AdcFile {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const adc = parsed as AdcFile;
      return { ...adc, token_uri: typeof adc.token_uri === 'string' ? adc.token_uri : undefined };
    }
  } catch {
    // Fall through: the message must not quote the file, which holds secrets.
  }
  throw new StateSourceError(
    `Cannot read ${source}: the credentials in ${file} are not valid JSON`,
    { source },
  );
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Builds the RS256-signed JWT of the OAuth 2.0 JWT bearer grant (RFC 7523) for a service
 * account key.
 * @internal
 */
function signServiceAccountJwt(
  adc: AdcFile,
  audience: string,
  source: string,
  now = Date.now(),
): string {
  const email = str(adc.client_email);
  const key = str(adc.private_key);
  if (!email || !key) {
    throw new StateSourceError(
      `Cannot read ${source}: the service account key lacks client_email or private_key`,
      {
        source,
      },
    );
  }
  const iat = Math.floor(now / 1000);
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    ...(adc.private_key_id ? { kid: str(adc.private_key_id) } : {}),
  };
  const claims = { iss: email, scope: READ_ONLY_SCOPE, aud: audience, iat, exp: iat + 3600 };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  let signature: string;
  try {
    signature = createSign('RSA-SHA256').update(signingInput).sign(key, 'base64url');
  } catch {
    throw new StateSourceError(
      `Cannot read ${source}: the service account private key is not a valid PEM key`,
      {
        source,
      },
    );
  }
  return `${signingInput}.${signature}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

async function exchange(
  endpoint: string,
  form: Record<string, string>,
  secrets: string[],
  retry: FetchOptions,
  source: string,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new StateSourceError(`Cannot read ${source}: invalid token endpoint`, { source });
  }
  const response = await fetchWithRetry(
    {
      url,
      source,
      method: 'POST',
      what: 'a Google access token for',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      secrets,
      describeError: describeOAuthError,
    },
    retry,
  );
  let token: unknown;
  try {
    token = (JSON.parse(new TextDecoder().decode(response.body)) as { access_token?: unknown })
      .access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw new StateSourceError(
      `Cannot read ${source}: the token endpoint answered without an access_token`,
      {
        source,
      },
    );
  }
  return token;
}

function describeOAuthError(body: string): string | undefined {
  const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
  const parts = [parsed.error, parsed.error_description].filter(
    (p): p is string => typeof p === 'string',
  );
  return parts.length > 0 ? parts.join(': ') : undefined;
}
