/**
 * ANSI colour for the text format, and the decision whether to use it. The decision takes the
 * environment as arguments so it stays pure and testable.
 */

/** Styles used by the text format. @internal */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Palette = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

const identity = (text: string): string => text;

const PLAIN: Palette = {
  bold: identity,
  dim: identity,
  red: identity,
  green: identity,
  yellow: identity,
  cyan: identity,
};

/** The palette for `enabled`. @internal */
export function palette(enabled: boolean): Palette {
  return enabled ? COLOURED : PLAIN;
}

/**
 * Whether to colour output: `FORCE_COLOR` wins (`0`/`false` turn colour off), then a non-empty
 * `NO_COLOR` turns it off (no-color.org), else colour only on a TTY. Node's own precedence.
 * @internal
 */
export function shouldColor(
  env: Record<string, string | undefined>,
  isTTY: boolean | undefined,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true;
}
