/**
 * Control characters made visible. Resource ids, map keys, provider messages and unmanaged
 * names come from live systems that tfdrift does not control; printed raw, an ESC starts a
 * terminal escape sequence (`OSC 52` writes the clipboard, `OSC 0` the window title, `CSI 2J`
 * clears the screen), a lone CR overwrites the line already printed, C1 `0x9b` is a one-byte
 * CSI on some terminals, and bidirectional overrides reorder what a reader sees (the "Trojan
 * Source" trick). Every line tfdrift writes for a person passes its values through here.
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and every bidirectional
 * formatting character (marks, embeddings, overrides and isolates).
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** {@link CONTROL} without the line feed. */
const CONTROL_BUT_LF =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The short escapes JSON and JavaScript also use. */
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One control character as an escape: `\n`, `\r`, `\t`, else `\uXXXX`. */
function escapeOne(char: string): string {
  return SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control and bidirectional formatting character replaced by a visible
 * escape (`\n`, `\r`, `\t`, `\u001b`, `\u202e`...), so that it prints as one inert line.
 * The escapes are also valid inside a JSON string, so applying this to each line of JSON text
 * keeps it valid JSON with the same meaning. Every format and the CLI use it; use it too for
 * your own lines that quote report values (addresses, ids, messages).
 *
 * @example
 * ```ts
 * import { escapeControls } from 'tfdrift';
 *
 * escapeControls('bucket\u001b]52;c;cm0gLXJmIH4=\u0007'); // 'bucket\\u001b]52;c;cm0gLXJmIH4=\\u0007'
 * ```
 * @public
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * {@link escapeControls} for multi-line text whose line breaks are its layout: pretty JSON,
 * XML, an HCL block. Only the line feed is kept. JSON text stays valid JSON with the same
 * meaning (JSON escapes its own C0 controls but not C1, separators or bidi characters), and
 * HCL strings accept the same escapes. @internal
 */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(CONTROL_BUT_LF, escapeOne);
}
