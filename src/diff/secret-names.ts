/**
 * Attribute names that hold secrets in the common providers even when a state does not mark
 * them sensitive (older states, providers that forget `Sensitive: true`).
 */

const SECRET_NAMES = new Set([
  'password',
  'passwd',
  'secret',
  'secret_string',
  'secret_binary',
  'secret_key',
  'secret_access_key',
  'private_key',
  'private_key_pem',
  'private_key_openssh',
  'client_secret',
  'token',
  'auth_token',
  'api_key',
  'sas_token',
  'connection_string',
  'master_password',
  'admin_password',
  'primary_access_key',
  'secondary_access_key',
  'primary_connection_string',
  'secondary_connection_string',
  'primary_blob_connection_string',
  'secondary_blob_connection_string',
  'ses_smtp_password_v4',
  'kube_config_raw',
  'kube_admin_config_raw',
  'password_wo',
]);

const SECRET_SUFFIXES = ['_password', '_secret', '_private_key', '_connection_string', '_api_key'];

// Every member of every changed value is asked about, and attribute names repeat across
// resources: a bounded memo of this pure function (cleared when full, so it never grows).
const MEMO_LIMIT = 4096;
const memo = new Map<string, boolean>();

function judgeName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_NAMES.has(lower)) return true;
  for (const suffix of SECRET_SUFFIXES) if (lower.endsWith(suffix)) return true;
  return false;
}

/**
 * Whether an attribute (or map key) with this name holds a secret.
 * @internal
 */
export function isSecretName(name: string): boolean {
  let verdict = memo.get(name);
  if (verdict === undefined) {
    verdict = judgeName(name);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, verdict);
  }
  return verdict;
}
