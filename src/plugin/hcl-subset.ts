/**
 * A reader for the small, literal subset of HCL that Terraform's CLI configuration
 * (`~/.terraformrc`) and dependency lock file (`.terraform.lock.hcl`) are written in:
 * attributes with string, number, boolean, null, list and object values, and labelled
 * blocks. No expressions, no interpolation: those files have none. Kept separate from the
 * configuration parser, which needs an optional WASM package, because finding a provider
 * binary must work with nothing but Node.
 */
import { ConfigParseError } from '../errors.js';

/** A literal value. @internal */
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

/** A block: its type, its labels, and its body. @internal */
export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
}

/** A body: attributes by name, and blocks in file order. @internal */
export interface HclBody {
  attributes: Record<string, HclValue>;
  blocks: HclBlock[];
}

type Token =
  | { kind: 'ident'; text: string; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'eol'; line: number };

const MAX_DEPTH = 64;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (message: string): never => {
    throw new ConfigParseError(`${file}:${line}: ${message}`, { file, line });
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'eol', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) fail('unterminated comment');
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === '"') {
      let out = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n') fail('unterminated string');
        if (d === '"') break;
        if (d === '\\') {
          const e = text[i + 1] as string;
          if (e === 'u' || e === 'U') {
            const len = e === 'u' ? 4 : 8;
            const hex = text.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail('bad unicode escape');
            out += String.fromCodePoint(parseInt(hex, 16));
            i += 2 + len;
            continue;
          }
          const mapped = ESCAPES[e];
          if (mapped === undefined) fail(`unknown escape \\${e}`);
          out += mapped;
          i += 2;
          continue;
        }
        out += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: out, line });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i, i + 256)) as RegExpExecArray;
      tokens.push({ kind: 'ident', text: m[0], line });
      i += m[0].length;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64));
      if (m === null) fail(`unexpected "${c}"`);
      tokens.push({ kind: 'number', value: Number((m as RegExpExecArray)[0]), line });
      i += (m as RegExpExecArray)[0].length;
    } else if ('{}[]=,:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else fail(`unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'eol', line });
  return tokens;
}

/**
 * Parses the literal HCL subset. Throws {@link ConfigParseError} with the file and line of
 * the first thing it cannot read.
 * @internal
 */
export function parseHclSubset(text: string, file: string): HclBody {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = (): Token => (tokens[pos] ?? tokens[tokens.length - 1]) as Token;
  const fail = (message: string): never => {
    const line = peek().line;
    throw new ConfigParseError(`${file}:${line}: ${message}`, { file, line });
  };
  const skipEol = () => {
    while (peek().kind === 'eol' && pos < tokens.length - 1) pos++;
  };
  const isPunct = (t: Token, p: string) => t.kind === 'punct' && t.text === p;

  const value = (depth: number): HclValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipEol();
    const t = peek();
    if (t.kind === 'eol') return fail('expected a value');
    pos++;
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return t.value;
    if (t.kind === 'ident') {
      if (t.text === 'true') return true;
      if (t.text === 'false') return false;
      if (t.text === 'null') return null;
      return fail(`expected a literal value, found ${t.text}`);
    }
    if (isPunct(t, '[')) {
      const items: HclValue[] = [];
      for (;;) {
        skipEol();
        if (isPunct(peek(), ']')) {
          pos++;
          return items;
        }
        items.push(value(depth + 1));
        skipEol();
        if (isPunct(peek(), ',')) pos++;
        else if (!isPunct(peek(), ']')) fail('expected "," or "]"');
      }
    }
    if (isPunct(t, '{')) {
      const obj: Record<string, HclValue> = Object.create(null) as Record<string, HclValue>;
      for (;;) {
        skipEol();
        const k = peek();
        if (isPunct(k, '}')) {
          pos++;
          return obj;
        }
        if (k.kind !== 'ident' && k.kind !== 'string') fail('expected an object key');
        pos++;
        if (!isPunct(peek(), '=') && !isPunct(peek(), ':')) fail('expected "=" or ":"');
        pos++;
        obj[(k as { text: string }).text] = value(depth + 1);
        if (isPunct(peek(), ',')) pos++;
      }
    }
    return fail('expected a literal value');
  };

  const body = (depth: number, closing: boolean): HclBody => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    const out: HclBody = {
      attributes: Object.create(null) as Record<string, HclValue>,
      blocks: [],
    };
    for (;;) {
      skipEol();
      const t = peek();
      if (closing && isPunct(t, '}')) {
        pos++;
        return out;
      }
      if (t.kind === 'eol') {
        if (closing) fail('missing "}"');
        return out;
      }
      if (t.kind !== 'ident') fail('expected an attribute or block name');
      pos++;
      const name = (t as { text: string }).text;
      if (isPunct(peek(), '=')) {
        pos++;
        out.attributes[name] = value(depth + 1);
        continue;
      }
      const labels: string[] = [];
      while (peek().kind === 'string' || peek().kind === 'ident') {
        labels.push((peek() as { text: string }).text);
        pos++;
      }
      if (!isPunct(peek(), '{')) fail(`expected "{" after ${name}`);
      pos++;
      out.blocks.push({ type: name, labels, body: body(depth + 1, true) });
    }
  };

  return body(0, false);
}
