/**
 * Wildcard matching in time linear in pattern × subject, with no recursion and no regular
 * expression. Globs come from users' `.driftignore` files and rule sets: a backtracking
 * matcher (a `.*`-per-star regex, or a recursive `**`) takes exponential time on patterns
 * such as `a*a*a*…b`, and recursion overflows the stack on thousands of `**`.
 */

/**
 * Whether a pattern of `patternLength` elements matches a subject of `subjectLength`
 * elements, where pattern element `p` either is a star (matches any run of subject elements,
 * the empty run included) or matches exactly one subject element when `matchesAt(p, s)`.
 *
 * The greedy two-pointer algorithm: a star first matches nothing, and on a later mismatch
 * the most recent star takes one more element. Earlier stars never need to be revisited
 * (the leftmost placement of the part between two stars is always the best one), so the
 * work is at most `patternLength × subjectLength` calls of `matchesAt`.
 * @internal
 */
export function wildcardMatch(
  patternLength: number,
  subjectLength: number,
  isStar: (p: number) => boolean,
  matchesAt: (p: number, s: number) => boolean,
): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subjectLength) {
    if (p < patternLength && isStar(p)) {
      starP = p++;
      starS = s;
    } else if (p < patternLength && matchesAt(p, s)) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < patternLength && isStar(p)) p++;
  return p === patternLength;
}

/**
 * A compiled string glob: `*` matches any run of characters (none included); every other
 * character matches itself.
 * @internal
 */
export function compileStringGlob(glob: string): (subject: string) => boolean {
  if (!glob.includes('*')) return (subject) => subject === glob;
  if (/^\*+$/.test(glob)) return () => true;
  // Consecutive stars are one star: fewer pattern elements, same language.
  const pattern = glob.replace(/\*{2,}/g, '*');
  return (subject) =>
    wildcardMatch(
      pattern.length,
      subject.length,
      (p) => pattern.charCodeAt(p) === 42,
      (p, s) => pattern.charCodeAt(p) === subject.charCodeAt(s),
    );
}
