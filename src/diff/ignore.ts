/** One ignore rule: an address glob and an optional JSON Pointer glob. @public */
export interface IgnoreRule {
  /** Address glob: `*` within one segment, `**` any number of segments. */
  address: string;
  /** JSON Pointer glob (starts with `/`); absent ignores the whole resource. */
  path?: string;
  /** `true` re-includes what earlier rules ignored (`!` in `.driftignore`). */
  negate?: boolean;
}

/** Parses `.driftignore` text into rules. @public */
export function parseDriftignore(text: string): IgnoreRule[] {
  void text;
  throw new Error('not implemented');
}
