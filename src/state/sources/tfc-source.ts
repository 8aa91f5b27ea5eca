/**
 * Terraform Cloud / Enterprise, read-only: workspace name → workspace id → current state
 * version → download of the raw state. Three GETs, never a lock.
 */
import { StateSourceError } from '../../errors.js';
import { fetchWithRetry, type FetchOptions, type HttpResponse } from './fetch-with-retry.js';
import { tokenEnvName, tokenFromCredentialsFile, tokenFromEnv } from './tfc-token.js';

/** Options of `tfc://` sources. @public */
export interface TfcSourceOptions {
  /**
   * API token. Default: the `token` option, then `TF_TOKEN_<host>` as Terraform spells it, then
   * the token `terraform login` saved in `~/.terraform.d/credentials.tfrc.json`.
   */
  token?: string;
  /** The workspace name, when the URL stops at the organization (`tfc://org`). */
  workspace?: string;
  /**
   * Where the API lives, instead of `https://<host>` (a proxy, or a local test server). The
   * host in the URL still picks the `TF_TOKEN_<host>` variable.
   */
  baseUrl?: string;
}

const DEFAULT_HOST = 'app.terraform.io';

/** What a `tfc://` source names. @internal */
interface TfcLocation {
  host: string;
  organization: string;
  workspace: string;
}

/**
 * Parses `tfc://[host/]org/workspace`. The first part is a host when it contains a dot or a
 * port or is `localhost` (organization names can hold neither).
 * @internal
 */
export function resolveTfcLocation(url: URL, workspaceOption?: string): TfcLocation {
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  const first = url.host;
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const [organization, workspace] = isHost
    ? [segments[0], segments[1] ?? workspaceOption]
    : [first, segments[0] ?? workspaceOption];
  const rest = segments.length - (isHost ? 2 : 1);
  if (!organization || !workspace || rest > 0) {
    throw new StateSourceError(
      `Invalid Terraform Cloud source ${url.protocol}//${url.host}${url.pathname}: expected tfc://[host/]organization/workspace`,
      { source: `${url.protocol}//${url.host}${url.pathname}` },
    );
  }
  return { host: isHost ? first : DEFAULT_HOST, organization, workspace };
}

/**
 * Reads the current state of a workspace.
 * @internal
 */
export async function readTfcSource(
  url: URL,
  options: TfcSourceOptions & { fallbackToken?: string },
  retry: FetchOptions,
  env: Record<string, string | undefined>,
): Promise<{ bytes: Uint8Array; source: string }> {
  const { host, organization, workspace } = resolveTfcLocation(url, options.workspace);
  const source = `tfc://${host}/${organization}/${workspace}`;
  const token =
    options.token ??
    options.fallbackToken ??
    tokenFromEnv(host, env) ??
    (await tokenFromCredentialsFile(host, env));
  if (!token) {
    throw new StateSourceError(
      `Cannot read ${source}: no API token (pass the tfc.token option, set ${tokenEnvName(host)}, or run \`terraform login ${host}\`)`,
      { source },
    );
  }
  const base = new URL(options.baseUrl ?? `https://${host}`);
  const api = (path: string) => new URL(`/api/v2/${path}`, base);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' };
  const call = (
    target: URL,
    what: string,
    extra: Partial<Parameters<typeof fetchWithRetry>[0]> = {},
  ) =>
    fetchWithRetry(
      {
        url: target,
        source,
        headers,
        secrets: [token],
        describeError: describeJsonApiError,
        what,
        ...extra,
      },
      retry,
    );

  const ws = await explain404(
    call(
      api(
        `organizations/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(workspace)}`,
      ),
      'the workspace of',
    ),
    `Cannot read ${source}: the workspace does not exist, or the token cannot see it (HTTP 404)`,
  );
  const workspaceId = jsonApiData(ws, source).id;
  if (typeof workspaceId !== 'string' || workspaceId === '') {
    throw new StateSourceError(`Cannot read ${source}: the workspace answer has no id`, { source });
  }

  const sv = await explain404(
    call(
      api(`workspaces/${encodeURIComponent(workspaceId)}/current-state-version`),
      'the current state version of',
    ),
    `Cannot read ${source}: the workspace has no state yet, or the token cannot read state versions (HTTP 404)`,
  );
  const download = jsonApiData(sv, source).attributes?.['hosted-state-download-url'];
  if (typeof download !== 'string' || download === '') {
    throw new StateSourceError(
      `Cannot read ${source}: the current state version has no hosted-state-download-url (the token may lack permission to read state)`,
      { source },
    );
  }
  const target = new URL(download, base);
  // The archivist URL is a capability of its own: send our token only back to the API host.
  const sameHost = target.origin === base.origin;
  const response = await call(target, 'state', {
    headers: sameHost ? { ...headers, accept: 'application/json' } : { accept: 'application/json' },
    describeError: undefined,
  });
  return { bytes: response.body, source };
}

interface JsonApiDocument {
  data?: { id?: unknown; type?: unknown; attributes?: Record<string, unknown> };
}

function jsonApiData(response: HttpResponse, source: string): NonNullable<JsonApiDocument['data']> {
  try {
    const doc = JSON.parse(new TextDecoder().decode(response.body)) as JsonApiDocument;
    if (doc && typeof doc.data === 'object' && doc.data !== null) return doc.data;
  } catch {
    // Reported below.
  }
  throw new StateSourceError(
    `Cannot read ${source}: the API answered with an unexpected document`,
    { source },
  );
}

async function explain404(pending: Promise<HttpResponse>, message: string): Promise<HttpResponse> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof StateSourceError && error.status === 404) {
      throw new StateSourceError(message, { source: error.source, status: 404, retryable: false });
    }
    throw error;
  }
}

/** JSON:API errors: `{ "errors": [{ "status": "404", "title": "not found", "detail": "..." }] }`. */
function describeJsonApiError(body: string): string | undefined {
  const first = (JSON.parse(body) as { errors?: { title?: unknown; detail?: unknown }[] })
    .errors?.[0];
  if (!first) return undefined;
  const parts = [first.title, first.detail].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return parts.length > 0 ? parts.join(': ') : undefined;
}
