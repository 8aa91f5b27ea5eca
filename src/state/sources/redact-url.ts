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

/**
 * Removes credentials from a URL-like source: userinfo is dropped and the values of secret
 * query parameters are replaced. Inputs that are not URLs (local paths, `-`) come back as is.
 * @internal
 */
export function redactSource(source: string | URL): string {
  const text = typeof source === 'string' ? source : source.href;
  if (!/^[a-z][a-z0-9+.-]+:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Unparseable but URL-shaped: strip anything that looks like userinfo by hand.
    return text.replace(/^([a-z][a-z0-9+.-]+:\/\/)[^/@]*@/i, '$1');
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) url.searchParams.set(name, REDACTED);
  }
  return url.href;
}
