/**
 * A `compare` rule record for several pointer globs that use one comparator: what pack rule
 * files write instead of repeating the comparator's name.
 */

/**
 * `{ glob: name }` for every glob: `compare: compare('cidr', ['/cidr_block'])`.
 * @public
 */
export function compare(name: string, globs: readonly string[]): Record<string, string> {
  return Object.fromEntries(globs.map((glob) => [glob, name]));
}
