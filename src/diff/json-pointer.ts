/**
 * RFC 6901 JSON Pointer helpers. Tokens are kept escaped while the differ walks, so a
 * pointer string is built only when an operation is actually emitted.
 */

/**
 * Escapes one reference token (`~` → `~0` first, then `/` → `~1`).
 * @internal
 */
export function escapeToken(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Unescapes one reference token (`~1` before `~0`, so `~01` decodes to `~1`).
 * @internal
 */
export function unescapeToken(token: string): string {
  if (token.indexOf('~') === -1) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Splits a pointer into its escaped tokens (`''` → `[]`, `'/a~1b/0'` → `['a~1b', '0']`).
 * @internal
 */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/');
}

/**
 * Joins escaped tokens into a pointer.
 * @internal
 */
export function joinTokens(tokens: readonly string[]): string {
  return tokens.length === 0 ? '' : '/' + tokens.join('/');
}

/**
 * Whether `pointer` is a syntactically valid RFC 6901 pointer (`~` only as `~0`/`~1`).
 * @internal
 */
export function isValidPointer(pointer: string): boolean {
  return pointer === '' || (pointer.startsWith('/') && !/~(?![01])/.test(pointer));
}
