/**
 * `text` cut to at most `max` characters (plus `…`), at a whitespace when there is one. Cut
 * only text already scrubbed of secrets: a secret cut in half no longer matches, and its
 * first half would stay in the output.
 * @internal
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'), head.lastIndexOf('\t'));
  return `${text.slice(0, space > 0 ? space : max).trimEnd()}…`;
}
