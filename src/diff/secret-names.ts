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

/**
 * Whether an attribute (or map key) with this name holds a secret.
 * @internal
 */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_NAMES.has(lower)) return true;
  for (const suffix of SECRET_SUFFIXES) if (lower.endsWith(suffix)) return true;
  return false;
}
