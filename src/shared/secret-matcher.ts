/**
 * Finds many known secrets in a text at once. A scan can hold tens of thousands of secret
 * values (every password, token and key of every instance), and a message or a changed value
 * must be checked against all of them: secrets are indexed by their first four characters, so
 * a text costs one map look-up per position instead of one search per secret.
 */

/** Shortest secret looked for: shorter values would match ordinary words. @internal */
export const MIN_SECRET_LENGTH = 4;

const PREFIX = MIN_SECRET_LENGTH;

/** One occurrence: `[start, end)`. */
type Span = [number, number];

/**
 * A set of secret strings to look for in texts.
 * @internal
 */
export class SecretMatcher {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly exact = new Set<string>();
  /** How many distinct secrets are looked for. */
  readonly size: number;

  /**
   * @param secrets - The values; those shorter than {@link MIN_SECRET_LENGTH} are ignored.
   * @param minInside - Secrets shorter than this only match a whole text ({@link matchesWhole}),
   *   never a part of a longer one: a 5-character secret inside a sentence is more likely a word.
   */
  constructor(
    secrets: Iterable<string>,
    private readonly minInside = MIN_SECRET_LENGTH,
  ) {
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH || this.exact.has(secret)) continue;
      this.exact.add(secret);
      if (secret.length < minInside) continue;
      const key = secret.slice(0, PREFIX);
      const list = this.byPrefix.get(key);
      if (list === undefined) this.byPrefix.set(key, [secret]);
      else list.push(secret);
    }
    // Longest first, so a secret that contains another is matched whole.
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
    this.size = this.exact.size;
  }

  /** Whether `text` is a secret or (for long enough secrets) contains one. */
  matches(text: string): boolean {
    if (this.exact.has(text)) return true;
    return this.spans(text, true).length > 0;
  }

  /** Whether `text` is exactly one of the secrets. */
  matchesWhole(text: string): boolean {
    return this.exact.has(text);
  }

  /** `text` with every occurrence of a secret replaced by `marker`. */
  replace(text: string, marker: string): string {
    if (this.exact.has(text)) return marker;
    const spans = this.spans(text, false);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [start, end] of spans) {
      out += text.slice(at, start) + marker;
      at = end;
    }
    return out + text.slice(at);
  }

  private spans(text: string, first: boolean): Span[] {
    const spans: Span[] = [];
    if (this.byPrefix.size === 0 || text.length < this.minInside) return spans;
    for (let i = 0; i + PREFIX <= text.length;) {
      const candidates = this.byPrefix.get(text.slice(i, i + PREFIX));
      let end = -1;
      if (candidates !== undefined) {
        for (const secret of candidates) {
          if (text.startsWith(secret, i)) {
            end = i + secret.length;
            break;
          }
        }
      }
      if (end === -1) {
        i++;
        continue;
      }
      spans.push([i, end]);
      if (first) return spans;
      i = end;
    }
    return spans;
  }
}
