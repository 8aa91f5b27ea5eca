import { scrubCredentialPatterns } from '../../shared/credential-patterns.js';
import { isSecretName } from '../../shared/secret-names.js';

/**
 * Source names end up in error messages, reports and logs, so they must never carry a
 * credential: no URL userinfo, no signed-URL signatures, no tokens in query strings.
 */

/** Query parameters whose value is a credential (compared case-insensitively). */
const SECRET_QUERY_PARAMS = new Set([
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'signature',
  'sig',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'client_secret',
  'auth',
  'authorization',
  'code',
]);

/** The placeholder written where a credential was. */
export const REDACTED = 'REDACTED';

function secretParam(name: string): boolean {
  return SECRET_QUERY_PARAMS.has(name.toLowerCase()) || isSecretName(name);
}

/** `name=value` pairs of a query or fragment, with secret values replaced (by hand, so the
 * text is not re-encoded). */
function redactPairs(text: string): string {
  return text.replace(/([?&#;]|^)([^=&#;?]+)=([^&#;]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // Malformed escapes: judge the name as written.
    }
    return secretParam(decoded) ? `${sep}${name}=${REDACTED}` : whole;
  });
}

/**
 * Removes credentials from a source name: URL userinfo is dropped (also from URLs the WHATWG
 * parser rejects, such as `file://user:pass@host/...`), the values of secret query and
 * fragment parameters (`token`, `private_token`, `pwd`, `#access_token=`...) are replaced, and
 * credentials recognisable by their shape anywhere in the name are scrubbed. Local paths
 * and `-` come back as they are unless they carry such a credential.
 * @internal
 */
export function redactSource(source: string | URL): string {
  const text = typeof source === 'string' ? source : source.href;
  if (!/^[a-z][a-z0-9+.-]+:/i.test(text)) return scrubCredentialPatterns(text, REDACTED);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  let out: string;
  if (url === undefined) {
    // Unparseable but URL-shaped: strip anything that looks like userinfo by hand.
    out = text.replace(/^([a-z][a-z0-9+.-]+:\/\/)[^/?#]*@/i, '$1');
  } else {
    url.username = '';
    url.password = '';
    out = url.href;
  }
  const query = out.search(/[?#]/);
  if (query !== -1) out = out.slice(0, query) + redactPairs(out.slice(query));
  return scrubCredentialPatterns(out, REDACTED);
}
