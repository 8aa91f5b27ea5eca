/**
 * Names that say "this holds a secret", whatever the provider or the state says: attribute
 * names (`master_password`, `access_token`), nested block members (`admin_password`), map keys
 * (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY` in an environment map) and `{ name, value }` pairs
 * (ECS and Kubernetes environment lists). They protect states written without
 * `sensitive_attributes` (Terraform 1.7 and older often record `[]`) and values a provider
 * returns that no schema describes.
 *
 * A name is split into words (`_`, `-`, `.`, spaces, camelCase). Trailing qualifiers
 * (`_value`, `_string`, `_wo`, `_pem`, `_v4`...) are dropped one at a time, and the name is
 * secret when its last word is a secret noun (`password`, `token`, `secret`...), ends with
 * one (`dbpassword`), or its last two words name a key or a connection string
 * (`private_key`, `connection_string`). In upper-case environment-variable names any trailing
 * `KEY` is secret (`STRIPE_KEY`). Names whose last word is something else stay visible:
 * `password_reset_required`, `secret_arn`, `kms_key_id`, `token_expiry`.
 */

/** Last words that always mean a secret. */
const SECRET_NOUNS = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'plaintext',
  'psk',
  'cookie',
  'authorization',
  'bearer',
  'signature',
  'dsn',
  'kubeconfig',
  'sas',
]);

/** Word endings that mean a secret inside one word (`dbpassword`, `clientsecret`). */
const SECRET_ENDINGS = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey'];

/** `<word>_key` is a secret for these words. */
const KEY_KINDS = new Set([
  'private',
  'secret',
  'access',
  'api',
  'signing',
  'shared',
  'preshared',
  'master',
  'account',
  'encryption',
  'client',
  'consumer',
  'license',
  'primary',
  'secondary',
  'hmac',
  'sas',
  'auth',
  'app',
  'application',
  'storage',
  'subscription',
  'webhook',
]);

/** `<word>_string` / `<word>_url` pairs that carry credentials. */
const CREDENTIAL_PAIRS = new Set([
  'connection string',
  'connection url',
  'database url',
  'db url',
  'redis url',
  'mongodb uri',
  'mongo uri',
  'webhook url',
]);

/** Trailing words that qualify the secret before them (`secret_string`, `password_wo`). */
const QUALIFIERS = new Set([
  'value',
  'values',
  'string',
  'str',
  'binary',
  'data',
  'wo',
  'b64',
  'base64',
  'pem',
  'openssh',
  'pkcs8',
  'raw',
  'json',
  'hash',
  'text',
  'content',
  'contents',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function secretEnding(list: readonly string[], envStyle: boolean): boolean {
  const last = list[list.length - 1] as string;
  if (SECRET_NOUNS.has(last)) return true;
  for (const ending of SECRET_ENDINGS) if (last.endsWith(ending)) return true;
  if (list.length < 2) return false;
  const prev = list[list.length - 2] as string;
  if (last === 'key') return envStyle || KEY_KINDS.has(prev);
  return CREDENTIAL_PAIRS.has(`${prev} ${last}`);
}

function judgeName(name: string): boolean {
  if (name.length > 200) return false;
  const list = words(name);
  if (list.length === 0) return false;
  // `GITHUB_TOKEN`, `STRIPE_KEY`: upper-case names with no lower-case letter.
  const envStyle = /[A-Z]/.test(name) && !/[a-z]/.test(name) && list.length > 1;
  while (list.length > 0) {
    if (secretEnding(list, envStyle)) return true;
    const last = list[list.length - 1] as string;
    if (!QUALIFIERS.has(last) && !/^v\d+$/.test(last)) return false;
    list.pop();
  }
  return false;
}

// Every member of every changed value is asked about, and names repeat across resources: a
// bounded memo of this pure function (cleared when full, so it never grows).
const MEMO_LIMIT = 4096;
const memo = new Map<string, boolean>();

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

const PAIR_NAMES = ['name', 'Name', 'key', 'Key'];
const PAIR_VALUES = new Set(['value', 'Value']);

/**
 * Whether `member` of `record` is the value of a `{ name: "DB_PASSWORD", value: "..." }`
 * pair (ECS container definitions, Kubernetes `env`, tag lists).
 * @internal
 */
export function isSecretPairValue(record: Record<string, unknown>, member: string): boolean {
  if (!PAIR_VALUES.has(member)) return false;
  for (const field of PAIR_NAMES) {
    const name = Object.hasOwn(record, field) ? record[field] : undefined;
    if (typeof name === 'string' && isSecretName(name)) return true;
  }
  return false;
}

// Every word a secret name can end with, as a cheap pre-check on text before it is parsed.
const SECRET_HINT =
  /pass|pwd|secret|token|key|cred|plaintext|psk|cookie|authoriz|bearer|signature|dsn|kubeconfig|sas|string|url|uri/i;

/**
 * Whether `text` may mention a secret name at all: JSON text without one is not worth
 * parsing to look for named secrets inside.
 * @internal
 */
export function mayNameSecrets(text: string): boolean {
  return SECRET_HINT.test(text);
}
