/**
 * Where Terraform finds a host's API token: `TF_TOKEN_<host>` in the environment (the host may
 * spell `.` as `_` and `-` as `__`, and may be Unicode or Punycode), then the file that
 * `terraform login` writes.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';

/**
 * The token that Terraform would use for `host`, from `TF_TOKEN_*` variables in `env`.
 * Follows `collectCredentialsFromEnv` in Terraform's cliconfig: `__` becomes `-` first, then
 * `_` becomes `.`, then both sides are compared in Punycode, case-insensitively.
 * @internal
 */
export function tokenFromEnv(
  host: string,
  env: Record<string, string | undefined>,
): string | undefined {
  const wanted = comparable(host);
  if (wanted === '') return undefined;
  let found: string | undefined;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('TF_TOKEN_') || value === undefined) continue;
    const raw = name.slice('TF_TOKEN_'.length).replaceAll('__', '-').replaceAll('_', '.');
    if (comparable(raw) === wanted) found = value;
  }
  return found;
}

/** The environment variable name Terraform documents for `host`. @internal */
export function tokenEnvName(host: string): string {
  return `TF_TOKEN_${comparable(host).replaceAll('-', '__').replaceAll('.', '_')}`;
}

/**
 * The token `terraform login` stored for `host` in `credentials.tfrc.json`
 * (`~/.terraform.d/`, or `%APPDATA%\\terraform.d\\` on Windows). Missing or unreadable files
 * simply yield no token.
 * @internal
 */
export async function tokenFromCredentialsFile(
  host: string,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  const dir =
    process.platform === 'win32' && env.APPDATA
      ? join(env.APPDATA, 'terraform.d')
      : join(env.HOME ?? homedir(), '.terraform.d');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, 'credentials.tfrc.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const credentials = (parsed as { credentials?: unknown } | null)?.credentials;
  if (!credentials || typeof credentials !== 'object') return undefined;
  const wanted = comparable(host);
  for (const [name, entry] of Object.entries(credentials)) {
    const token = (entry as { token?: unknown } | null)?.token;
    if (comparable(name) === wanted && typeof token === 'string' && token !== '') return token;
  }
  return undefined;
}

function comparable(host: string): string {
  return domainToASCII(host.toLowerCase());
}
