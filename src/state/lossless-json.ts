/**
 * A small JSON parser for the rare inputs `JSON.parse` cannot read faithfully, and for
 * explaining the inputs it cannot read at all.
 *
 * - Integers outside the IEEE-754 safe range become `bigint`, so a uint64 such as a backend
 *   hash or a serial keeps its exact value.
 * - It is iterative (an explicit stack), so deep nesting cannot overflow the call stack, and it
 *   stops at `maxDepth` with a `TOO_DEEP` error.
 * - On malformed text it reports the JSON Pointer of the spot and whether the text was merely
 *   cut short (`TRUNCATED`), without quoting any of the text (it may hold secrets).
 * - Keys such as `__proto__` become own data properties, exactly as with `JSON.parse`.
 */
import { StateParseError } from '../errors.js';
import { pointerFromTokens } from './json-pointer.js';
import { setOwn } from '../shared/set-own.js';

/** Options of {@link parseJsonLossless}. @internal */
interface LosslessJsonOptions {
  /** The source name used in errors. */
  source?: string;
  /** The deepest nesting accepted; deeper input throws `TOO_DEEP`. */
  maxDepth: number;
}

// A JSON number literal; groups 1 and 2 (fraction, exponent) are unset for an integer.
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * The longest integer literal kept exactly. A state never needs more (Terraform's numbers
 * carry 512 bits, about 155 digits), and `BigInt` of a literal takes time quadratic in its
 * length: 20 million digits took 20 seconds.
 */
export const MAX_INTEGER_DIGITS = 1024;

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** The key awaiting its value, for objects. */
  key: string | undefined;
}

/** A line/column for messages: never the text around it. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Parses JSON text, keeping unsafe integers as `bigint`. Throws {@link StateParseError} with
 * reason `NOT_JSON`, `TRUNCATED`, `TRAILING_DATA` or `TOO_DEEP` and the JSON Pointer of the
 * bad spot.
 * @internal
 */
export function parseJsonLossless(text: string, options: LosslessJsonOptions): unknown {
  const stack: Frame[] = [];
  let position = 0;

  const tokens = (): string[] => {
    const out: string[] = [];
    for (const frame of stack) {
      if (Array.isArray(frame.container)) out.push(String(frame.container.length));
      else if (frame.key !== undefined) out.push(frame.key);
    }
    return out;
  };
  const fail = (reason: string, what: string): never => {
    const truncated = reason === 'NOT_JSON' && position >= text.length;
    const finalReason = truncated ? 'TRUNCATED' : reason;
    const pointer = pointerFromTokens(tokens());
    const message = truncated
      ? 'The JSON text ends early (truncated?)'
      : `${what} at ${lineColumn(text, position)}`;
    throw new StateParseError(`Invalid state: ${message}`, {
      source: options.source,
      reason: finalReason,
      issues: [{ path: pointer, message }],
    });
  };
  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = position;
    WHITESPACE.exec(text);
    position = WHITESPACE.lastIndex;
  };
  // A loop rather than a regular expression: V8 runs out of stack matching a regular
  // expression over a string of several megabytes.
  const readString = (): string => {
    const start = position;
    let escaped = false;
    let at = start + 1;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code === 0x5c) {
        escaped = true;
        at++;
      } else if (code < 0x20) {
        // JSON forbids raw control characters inside strings.
        position = at;
        return fail('NOT_JSON', 'Invalid string');
      }
    }
    if (at >= text.length) {
      position = text.length;
      return fail('NOT_JSON', 'Invalid string');
    }
    position = at + 1;
    if (!escaped) return text.slice(start + 1, at);
    try {
      // JSON.parse checks and decodes the escapes, without recursion or regular expressions.
      return JSON.parse(text.slice(start, at + 1)) as string;
    } catch {
      position = start;
      return fail('NOT_JSON', 'Invalid escape in string');
    }
  };
  const readScalar = (): unknown => {
    const char = text[position];
    if (char === '"') return readString();
    if (char === 't' && text.startsWith('true', position)) {
      position += 4;
      return true;
    }
    if (char === 'f' && text.startsWith('false', position)) {
      position += 5;
      return false;
    }
    if (char === 'n' && text.startsWith('null', position)) {
      position += 4;
      return null;
    }
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(text);
    if (match === null) return fail('NOT_JSON', 'Unexpected character');
    position = NUMBER.lastIndex;
    const literal = match[0];
    const value = Number(literal);
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(value)) {
      if (literal.length > MAX_INTEGER_DIGITS + 1) {
        position -= literal.length;
        return fail('NUMBER_TOO_LONG', `An integer of more than ${MAX_INTEGER_DIGITS} digits`);
      }
      return BigInt(literal);
    }
    return value;
  };

  let result: unknown;
  let haveResult = false;
  skipWhitespace();
  for (;;) {
    // Read one value (opening a container counts as reading its start).
    const char = text[position];
    let value: unknown;
    let opened = false;
    if (char === '{' || char === '[') {
      if (stack.length >= options.maxDepth) {
        fail('TOO_DEEP', `Nesting deeper than ${options.maxDepth} levels`);
      }
      position++;
      const container: Frame['container'] = char === '{' ? {} : [];
      stack.push({ container, key: undefined });
      opened = true;
      skipWhitespace();
      const close = char === '{' ? '}' : ']';
      if (text[position] === close) {
        position++;
        stack.pop();
        value = container;
        opened = false;
      } else if (char === '{') {
        if (text[position] !== '"') fail('NOT_JSON', 'Expected a property name');
        const frame = stack[stack.length - 1] as Frame;
        frame.key = readString();
        skipWhitespace();
        if (text[position] !== ':') fail('NOT_JSON', 'Expected ":"');
        position++;
        skipWhitespace();
        continue;
      } else {
        continue;
      }
    } else {
      if (position >= text.length) fail('NOT_JSON', 'Unexpected end');
      value = readScalar();
    }
    if (opened) continue;

    // Attach the value, then close every container that ends here.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        result = value;
        haveResult = true;
        break;
      }
      if (Array.isArray(frame.container)) frame.container.push(value);
      else setOwn(frame.container, frame.key as string, value);
      skipWhitespace();
      const next = text[position];
      if (next === ',') {
        position++;
        skipWhitespace();
        frame.key = undefined;
        if (!Array.isArray(frame.container)) {
          if (text[position] !== '"') fail('NOT_JSON', 'Expected a property name');
          frame.key = readString();
          skipWhitespace();
          if (text[position] !== ':') fail('NOT_JSON', 'Expected ":"');
          position++;
          skipWhitespace();
        }
        break;
      }
      const close = Array.isArray(frame.container) ? ']' : '}';
      if (next !== close) fail('NOT_JSON', `Expected "," or "${close}"`);
      position++;
      frame.key = undefined;
      stack.pop();
      value = frame.container;
    }
    if (haveResult) break;
  }
  skipWhitespace();
  if (position < text.length) fail('TRAILING_DATA', 'Unexpected data after the JSON document');
  return result;
}

/**
 * `JSON.stringify` that writes `bigint` values as plain integer literals, for output of
 * states parsed with unsafe integers.
 * @internal
 */
export function stringifyLossless(value: unknown, indent?: number): string {
  const marker = '\u0000bigint:';
  const json = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v),
    indent,
  );
  return json.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
