/**
 * Shell arguments for the commands a remediation suggests. A command is meant to be copied
 * into a terminal, so every value in it (a resource address, an id) is a single POSIX
 * shell word: inside single quotes nothing is special (`$`, backticks, `\`, `!`, `;`, spaces,
 * double quotes), and a single quote is written as `'\''`. Quoting does not make a control
 * character harmless on screen (a terminal acts on ESC before any shell sees it), so a value
 * holding one is refused instead.
 */

/**
 * C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional formatting
 * characters: none of them may appear in a command printed for a person.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Words that need no quotes: letters, digits and `_ - . / : = @ + ,`. */
const BARE_WORD = /^[A-Za-z0-9_\-./:=@+,]+$/;

/** Whether `text` holds a character that must never be printed into a command. @internal */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/**
 * `text` as one POSIX shell word, or `undefined` when it holds a control or bidirectional
 * character (see the module comment).
 * @internal
 */
export function shellWord(text: string): string | undefined {
  if (hasUnprintable(text)) return undefined;
  if (BARE_WORD.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A flag with its value as one shell word: `-replace='aws_instance.web["a b"]'`. The flag
 * stays outside the quotes so the command reads as Terraform documents it.
 * @internal
 */
export function shellFlag(flag: string, value: string): string | undefined {
  if (hasUnprintable(value)) return undefined;
  return `${flag}='${value.replace(/'/g, `'\\''`)}'`;
}
