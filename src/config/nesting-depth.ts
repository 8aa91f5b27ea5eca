/**
 * How deeply a configuration file nests, measured before it is parsed.
 *
 * HCL's parser is recursive descent, compiled to WebAssembly: every nested block, bracket,
 * parenthesis, template interpolation, unary operator or conditional costs stack frames, and
 * a file nesting 2,000 levels deep overflows the stack inside the WebAssembly. The Go runtime
 * in it is then left in an unknown state, and the next parse in the process aborts Node. A
 * `.tf.json` file nested that deep parses, but the values are walked recursively afterwards.
 * So both syntaxes are measured first, with a scan that follows the lexer far enough to know
 * which characters are code (comments, quoted strings and heredocs are not, except for their
 * `${ }` and `%{ }` interpolations).
 */

/**
 * The deepest nesting tfdrift hands to a parser. The WebAssembly parser overflows between
 * 1,000 and 2,000 levels on Node's default stack; real configurations stay under 20.
 */
export const MAX_CONFIG_NESTING = 256;

/** Where a file first nests deeper than the limit (1-based line and column). */
export interface TooDeep {
  depth: number;
  line: number;
  column: number;
}

/** One open construct: its closing character, or a string/heredoc the scan is inside. */
type Frame =
  | { kind: 'bracket'; close: string; pending: number }
  | { kind: 'string' }
  | { kind: 'heredoc'; marker: string; lineStart: boolean };

const OPENERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Characters after which `-` and `!` are unary (an operand cannot end with them). */
const BEFORE_UNARY = new Set([
  '',
  '=',
  ':',
  ',',
  '?',
  '(',
  '[',
  '{',
  '!',
  '-',
  '+',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '|',
]);

/**
 * Measures native HCL (`.tf`). Counts open blocks, brackets, parentheses, quoted strings,
 * heredocs and interpolations, plus runs of unary operators and chained conditionals within
 * one expression, which the parser also handles by recursion.
 * @returns where the nesting first exceeds `limit`, or `undefined` when it never does.
 */
export function hclTooDeep(text: string, limit = MAX_CONFIG_NESTING): TooDeep | undefined {
  const stack: Frame[] = [];
  const top: { pending: number; close: string } = { pending: 0, close: '' };
  let line = 1;
  let lineStart = 0;
  let previous = '';
  let index = 0;
  const frame = (): { pending: number; close: string } => {
    const last = stack.at(-1);
    return last?.kind === 'bracket' ? last : top;
  };
  // `at` is just past the character that went too deep.
  const check = (at: number): TooDeep | undefined => {
    const depth = stack.length + frame().pending;
    return depth > limit ? { depth, line, column: at - lineStart } : undefined;
  };
  while (index < text.length) {
    const char = text[index] ?? '';
    const last = stack.at(-1);
    if (char === '\n') {
      line += 1;
      lineStart = index + 1;
    }
    if (last?.kind === 'string') {
      if (char === '\\') index += 1;
      else if (char === '"' || char === '\n') stack.pop();
      else if (isInterpolation(text, index)) {
        stack.push({ kind: 'bracket', close: '}', pending: 0 });
        index += 1;
      } else if (isEscapedInterpolation(text, index)) index += 2;
      previous = '"';
      index += 1;
      const deep = check(index);
      if (deep !== undefined) return deep;
      continue;
    }
    if (last?.kind === 'heredoc') {
      if (last.lineStart && text.slice(index, lineEnd(text, index)).trim() === last.marker) {
        stack.pop();
        index = lineEnd(text, index);
        previous = '"';
        continue;
      }
      last.lineStart = char === '\n';
      if (isInterpolation(text, index)) {
        stack.push({ kind: 'bracket', close: '}', pending: 0 });
        index += 1;
      } else if (isEscapedInterpolation(text, index)) index += 2;
      index += 1;
      const deep = check(index);
      if (deep !== undefined) return deep;
      continue;
    }
    // Code.
    if (char === '#' || (char === '/' && text[index + 1] === '/')) {
      index = lineEnd(text, index);
      continue;
    }
    if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let at = index; at < stop; at += 1) {
        if (text[at] === '\n') {
          line += 1;
          lineStart = at + 1;
        }
      }
      index = stop;
      continue;
    }
    const heredoc =
      char === '<'
        ? /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(index, index + 260))
        : null;
    if (heredoc?.[1] !== undefined) {
      stack.push({ kind: 'heredoc', marker: heredoc[1], lineStart: true });
      index += heredoc[0].length;
      line += 1;
      lineStart = index;
    } else if (char === '"') {
      stack.push({ kind: 'string' });
      index += 1;
    } else if (OPENERS[char] !== undefined) {
      stack.push({ kind: 'bracket', close: OPENERS[char], pending: 0 });
      index += 1;
    } else if (last?.kind === 'bracket' && char === last.close) {
      stack.pop();
      index += 1;
    } else {
      const current = frame();
      if (char === ',' || (char === '\n' && (current === top || current.close === '}'))) {
        current.pending = 0;
      } else if (char === '?' || ((char === '!' || char === '-') && BEFORE_UNARY.has(previous))) {
        current.pending += 1;
      }
      index += 1;
    }
    if (!/\s/.test(char)) previous = char;
    const deep = check(index);
    if (deep !== undefined) return deep;
  }
  return undefined;
}

/**
 * Measures Terraform's JSON syntax (`.tf.json`): objects and arrays outside strings.
 * @returns where the nesting first exceeds `limit`, or `undefined` when it never does.
 */
export function jsonTooDeep(text: string, limit = MAX_CONFIG_NESTING): TooDeep | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\n') {
      line += 1;
      lineStart = index + 1;
    } else if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      depth += 1;
      if (depth > limit) return { depth, line, column: index - lineStart + 1 };
    } else if (char === '}' || char === ']') depth -= 1;
  }
  return undefined;
}

/** `${` or `%{` not preceded by its escape (`$${`, `%%{`). */
function isInterpolation(text: string, index: number): boolean {
  const char = text[index];
  return (char === '$' || char === '%') && text[index + 1] === '{';
}

function isEscapedInterpolation(text: string, index: number): boolean {
  const char = text[index];
  return (char === '$' || char === '%') && text[index + 1] === char && text[index + 2] === '{';
}

function lineEnd(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end < 0 ? text.length : end;
}
