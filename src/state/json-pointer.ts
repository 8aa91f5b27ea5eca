/**
 * RFC 6901 JSON Pointers, as used for the bad spot of a state error and for
 * `ResourceInstance.sensitivePaths`.
 */

/**
 * Escapes one reference token (`~` → `~0`, `/` → `~1`).
 * @internal
 */
export function escapePointerToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Builds a pointer from reference tokens; no tokens is `""`, the whole document.
 * @internal
 */
export function pointerFromTokens(tokens: readonly (string | number)[]): string {
  let out = '';
  for (const token of tokens) out += `/${escapePointerToken(String(token))}`;
  return out;
}
