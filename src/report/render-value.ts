/**
 * Rendering attribute values for people: compact JSON, cut when long (unless asked for in
 * full), and escaping for the markup formats.
 */

/** Values longer than this are cut in compact renderings. */
const COMPACT_LIMIT = 120;

/** A value as compact JSON (`undefined` as `null`), cut at {@link COMPACT_LIMIT} unless `full`. @internal */
export function renderValue(value: unknown, full = false): string {
  const text = stringify(value, full ? 2 : undefined);
  if (full || text.length <= COMPACT_LIMIT) return text;
  return `${text.slice(0, COMPACT_LIMIT - 1)}…`;
}

const BIGINT_MARK = '\u0000bigint:';
const BIGINT_PLACEHOLDER = /"\\u0000bigint:(-?\d+)"/g;

/**
 * `JSON.stringify` that writes bigints as exact JSON numbers (big integers from state keep their
 * value) and never throws. @internal
 */
export function toJson(value: unknown, indent?: number): string {
  try {
    // Most values hold no bigint: plain JSON.stringify is several times faster than with a
    // replacer, which matters for a report of a million resources. It throws on a bigint.
    const text: string | undefined = JSON.stringify(value, undefined, indent);
    return text ?? 'null';
  } catch {
    return toJsonWithBigints(value, indent);
  }
}

/** {@link toJson} for a value that holds bigints (or cannot be serialized at all). */
function toJsonWithBigints(value: unknown, indent: number | undefined): string {
  try {
    const text = JSON.stringify(
      value,
      (_k, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v.toString()}` : v),
      indent,
    );
    return text === undefined ? 'null' : text.replace(BIGINT_PLACEHOLDER, '$1');
  } catch {
    return JSON.stringify(String(value));
  }
}

/** {@link toJson} with `undefined` as `null`. */
function stringify(value: unknown, indent: number | undefined): string {
  return value === undefined ? 'null' : toJson(value, indent);
}

const MARKUP_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const MARKUP_SPECIAL = /[&<>"']/g;

/** Escapes text for HTML or XML content and attribute values. @internal */
export function escapeMarkup(text: string): string {
  return text.replace(MARKUP_SPECIAL, (c) => MARKUP_ESCAPES[c] ?? c);
}

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Replaces characters XML 1.0 forbids (control characters other than tab, LF, CR) with U+FFFD. @internal */
export function stripInvalidXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '\uFFFD');
}

/** Longest provider message kept on one line; full details belong in `--debug` logs. */
const ONE_LINE_LIMIT = 300;

/** A message folded onto one line (runs of whitespace, newlines included, become one space) and cut. @internal */
export function oneLine(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= ONE_LINE_LIMIT ? folded : `${folded.slice(0, ONE_LINE_LIMIT - 1)}…`;
}
