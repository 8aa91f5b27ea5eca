/**
 * Where the state of a configuration lives, worked out from its `backend` or `cloud` block
 * the way Terraform lays states out per workspace. The answer is a `loadState` source plus
 * the `loadState` options it needs; nothing is fetched here.
 */
import { join, resolve } from 'node:path';
import type { Alert } from '../model/report.js';
import type { LoadStateOptions } from '../state/load-state.js';
import type { TerraformConfig } from './types.js';
import { currentWorkspace, initializedBackend } from './workspace.js';

/** A state location: a `loadState` source and its options, or alerts saying why there is none. @internal */
interface StateLocation {
  stateSource?: string;
  loadOptions?: Partial<LoadStateOptions>;
  /** The workspace the location is for. */
  workspace: string;
  alerts: Alert[];
}

/** Options of {@link stateLocation}. @internal */
interface StateLocationOptions {
  env?: Record<string, string | undefined>;
  /** What a relative `config.dir` is relative to (default: the process's working directory). */
  cwd?: string;
}

type Settings = Record<string, unknown>;

/**
 * Finds the state of `config` for the current workspace (`TF_WORKSPACE`, else
 * `.terraform/environment`). Settings the block leaves out (a partial configuration) are taken
 * from what `terraform init` recorded in `.terraform/terraform.tfstate`.
 * @internal
 */
export async function stateLocation(
  config: TerraformConfig,
  options: StateLocationOptions = {},
): Promise<StateLocation> {
  const env = options.env ?? process.env;
  const dir = options.cwd === undefined ? config.dir : resolve(options.cwd, config.dir);
  const workspace = await currentWorkspace(dir, env);
  const initialized = await initializedBackend(dir, env);
  if (config.cloud !== undefined) {
    const settings = {
      ...(initialized?.type === 'cloud' ? initialized.settings : {}),
      ...config.cloud.settings,
    };
    return cloudLocation(settings, workspace, env);
  }
  const type = config.backend?.type ?? 'local';
  const settings: Settings = {
    ...(initialized?.type === type ? initialized.settings : {}),
    ...config.backend?.settings,
  };
  switch (type) {
    case 'local':
      return { stateSource: localStatePath(dir, settings, workspace), workspace, alerts: [] };
    case 's3':
      return s3Location(settings, workspace);
    case 'gcs':
      return gcsLocation(settings, workspace);
    case 'http':
      return httpLocation(settings, workspace, env);
    case 'remote':
      return remoteLocation(settings, workspace);
    default:
      return unresolved(
        workspace,
        'config-backend-unsupported',
        `The "${type}" backend is not a state source tfdrift can read; pass the state explicitly`,
      );
  }
}

/** The local backend: `path` for the default workspace, `terraform.tfstate.d/<ws>/terraform.tfstate` for the others. */
function localStatePath(dir: string, settings: Settings, workspace: string): string {
  if (workspace === 'default') return join(dir, text(settings.path) ?? 'terraform.tfstate');
  const workspaceDir = text(settings.workspace_dir) ?? 'terraform.tfstate.d';
  return join(dir, workspaceDir, workspace, 'terraform.tfstate');
}

function s3Location(settings: Settings, workspace: string): StateLocation {
  const bucket = text(settings.bucket);
  const key = text(settings.key);
  if (bucket === undefined || key === undefined) {
    return incomplete(workspace, 's3', ['bucket', 'key']);
  }
  const s3: NonNullable<LoadStateOptions['s3']> = { workspace };
  const region = text(settings.region);
  if (region !== undefined) s3.region = region;
  // `endpoints { s3 = ... }` since Terraform 1.6; `endpoint` before it.
  const endpoint = text(firstBlock(settings.endpoints)?.s3) ?? text(settings.endpoint);
  if (endpoint !== undefined) s3.endpoint = endpoint;
  const pathStyle = settings.use_path_style ?? settings.force_path_style;
  if (typeof pathStyle === 'boolean') s3.forcePathStyle = pathStyle;
  const prefix = text(settings.workspace_key_prefix);
  if (prefix !== undefined) s3.workspaceKeyPrefix = prefix;
  const accessKeyId = text(settings.access_key);
  const secretAccessKey = text(settings.secret_key);
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const token = text(settings.token);
    s3.credentials =
      token === undefined
        ? { accessKeyId, secretAccessKey }
        : { accessKeyId, secretAccessKey, sessionToken: token };
  }
  return { stateSource: `s3://${bucket}/${key}`, loadOptions: { s3 }, workspace, alerts: [] };
}

/** The gcs backend keeps `<prefix>/<workspace>.tfstate`. */
function gcsLocation(settings: Settings, workspace: string): StateLocation {
  const bucket = text(settings.bucket);
  if (bucket === undefined) return incomplete(workspace, 'gcs', ['bucket']);
  const prefix = (text(settings.prefix) ?? '').replace(/^\/+|\/+$/g, '');
  const gcs: NonNullable<LoadStateOptions['gcs']> = { workspace };
  const token = text(settings.access_token);
  if (token !== undefined) gcs.token = token;
  const credentials = text(settings.credentials);
  // `credentials` is a file path or the key file's JSON itself; only a path can be passed on.
  if (credentials !== undefined && !credentials.trimStart().startsWith('{')) {
    gcs.credentialsFile = credentials;
  }
  const stateSource = prefix === '' ? `gs://${bucket}/` : `gs://${bucket}/${prefix}`;
  return { stateSource, loadOptions: { gcs }, workspace, alerts: [] };
}

/** The http backend has no workspaces: one address, credentials from the block or `TF_HTTP_*`. */
function httpLocation(
  settings: Settings,
  workspace: string,
  env: Record<string, string | undefined>,
): StateLocation {
  const address = text(settings.address) ?? env.TF_HTTP_ADDRESS;
  if (address === undefined) return incomplete(workspace, 'http', ['address']);
  const loadOptions: Partial<LoadStateOptions> = {};
  const username = text(settings.username) ?? env.TF_HTTP_USERNAME;
  const password = text(settings.password) ?? env.TF_HTTP_PASSWORD;
  if (username !== undefined) loadOptions.username = username;
  if (password !== undefined) loadOptions.password = password;
  return { stateSource: address, loadOptions, workspace, alerts: [] };
}

/** The remote backend: `workspaces { name }`, or `workspaces { prefix }` plus the selected workspace. */
function remoteLocation(settings: Settings, workspace: string): StateLocation {
  const organization = text(settings.organization);
  const workspaces = firstBlock(settings.workspaces) ?? {};
  const prefix = text(workspaces.prefix);
  const name =
    text(workspaces.name) ??
    (prefix !== undefined && workspace !== 'default' ? `${prefix}${workspace}` : undefined);
  if (organization === undefined) return incomplete(workspace, 'remote', ['organization']);
  if (name === undefined) {
    return unresolved(
      workspace,
      'config-backend-unresolved',
      'The remote backend selects workspaces by prefix: set TF_WORKSPACE (or run `terraform workspace select`) to pick one',
    );
  }
  return tfcLocation(text(settings.hostname), organization, name, text(settings.token), workspace);
}

/** The cloud block: name, hostname and organization may also come from `TF_WORKSPACE`, `TF_CLOUD_*`. */
function cloudLocation(
  settings: Settings,
  workspace: string,
  env: Record<string, string | undefined>,
): StateLocation {
  const organization = text(settings.organization) ?? env.TF_CLOUD_ORGANIZATION;
  if (organization === undefined) return incomplete(workspace, 'cloud', ['organization']);
  const workspaces = firstBlock(settings.workspaces) ?? {};
  // With tags or a project, the workspace is the selected one (`TF_WORKSPACE` comes first).
  const name = text(workspaces.name) ?? (workspace === 'default' ? undefined : workspace);
  if (name === undefined) {
    return unresolved(
      workspace,
      'config-backend-unresolved',
      'The cloud block selects workspaces by tags or project: set TF_WORKSPACE (or run `terraform workspace select`) to pick one',
    );
  }
  const hostname = text(settings.hostname) ?? text(env.TF_CLOUD_HOSTNAME);
  return tfcLocation(hostname, organization, name, text(settings.token), name);
}

function tfcLocation(
  hostname: string | undefined,
  organization: string,
  name: string,
  token: string | undefined,
  workspace: string,
): StateLocation {
  const host = hostname ?? 'app.terraform.io';
  const stateSource = `tfc://${host}/${encodeURIComponent(organization)}/${encodeURIComponent(name)}`;
  const location: StateLocation = { stateSource, workspace, alerts: [] };
  if (token !== undefined) location.loadOptions = { tfc: { token } };
  return location;
}

function incomplete(workspace: string, type: string, required: string[]): StateLocation {
  return unresolved(
    workspace,
    'config-backend-incomplete',
    `The "${type}" backend needs ${required.join(' and ')}: set ${required.length > 1 ? 'them' : 'it'} in the block, with backendConfig, or run \`terraform init\``,
  );
}

function unresolved(workspace: string, code: string, message: string): StateLocation {
  return { workspace, alerts: [{ code, message }] };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested block (hcl2json: an array of objects) or an object argument. */
function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null
    ? (first as Record<string, unknown>)
    : undefined;
}
