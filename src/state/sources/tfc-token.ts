/**
 * Terraform's own rule for host tokens in the environment: `TF_TOKEN_<host>`, where the host
 * may spell `.` as `_` and `-` as `__`, and may be Unicode or Punycode.
 */
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

function comparable(host: string): string {
  return domainToASCII(host.toLowerCase());
}
