/**
 * `text` cut to at most `max` characters (plus `…`), at a whitespace when there is one. A
 * provider shortens messages before the core scrubs them of the state's secrets, and a
 * secret cut in half would no longer match: its first half would stay in the report.
 * @internal
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'), head.lastIndexOf('\t'));
  return `${text.slice(0, space > 0 ? space : max).trimEnd()}…`;
}
