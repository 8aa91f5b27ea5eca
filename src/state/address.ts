/**
 * Terraform resource instance addresses, read and written exactly as Terraform does
 * (`internal/addrs`): `module.a["k"].module.b[0].data.aws_ami.x["y"]`.
 *
 * String keys use HCL quoting, so a key may hold dots, brackets, quotes and any unicode; the
 * parser therefore walks the text as a token stream instead of splitting on `.`.
 */
import { StateParseError } from '../errors.js';

/** The parts of a resource instance address. @public */
export interface AddressParts {
  /** Module steps from the root, each with an optional key. */
  modules: { name: string; key?: string | number }[];
  /** `managed` or `data`. */
  mode: 'managed' | 'data';
  /** Resource type. */
  type: string;
  /** Resource name. */
  name: string;
  /** Instance key. */
  key?: string | number;
}

/**
 * Resource types that would read as another address form. Terraform prints managed
 * resources without a prefix, and no provider has such a type, but `formatAddress` must
 * still round-trip, so these (and only these) get the `resource.` prefix Terraform accepts.
 */
const AMBIGUOUS_TYPES = new Set(['module', 'data', 'resource', 'ephemeral', 'list']);

// HCL identifiers: a letter or underscore, then letters, digits, `_` and `-`.
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_-]*/uy;
// Keys that print as themselves inside quotes: no escapes, no template introducers.
const PLAIN_KEY = /^[\x20\x21\x23\x26-\x5b\x5d-\x7e]*$/;
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * Quotes a `for_each` key the way Terraform prints it (`addrs.StringKey.String`): HCL string
 * escapes, `${` and `%{` doubled, non-printable characters as `\uXXXX` or `\UXXXXXXXX`.
 * @internal
 */
function quoteKey(key: string): string {
  if (PLAIN_KEY.test(key)) return `"${key}"`;
  let out = '"';
  for (let i = 0; i < key.length; i++) {
    const code = key.codePointAt(i) as number;
    const char = String.fromCodePoint(code);
    if (code > 0xffff) i++;
    switch (char) {
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '$':
      case '%':
        out += key[i + 1] === '{' ? char + char : char;
        break;
      default:
        if (PRINTABLE.test(char)) out += char;
        else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
        else out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/**
 * Formats an instance key with its brackets: `[0]` or `["a.b"]`; empty for no key.
 * @internal
 */
export function formatKey(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${quoteKey(key)}]`;
}

/**
 * Formats address parts as Terraform writes them.
 *
 * @example
 * ```ts
 * formatAddress({ modules: [{ name: 'net', key: 'eu' }], mode: 'managed', type: 'aws_subnet', name: 'private', key: 0 });
 * // 'module.net["eu"].aws_subnet.private[0]'
 * ```
 * @public
 */
export function formatAddress(parts: AddressParts): string {
  let out = '';
  for (const step of parts.modules) out += `module.${step.name}${formatKey(step.key)}.`;
  if (parts.mode === 'data') out += 'data.';
  else if (AMBIGUOUS_TYPES.has(parts.type)) out += 'resource.';
  return `${out}${parts.type}.${parts.name}${formatKey(parts.key)}`;
}

/** A cursor over an address; every read either advances or throws. */
class AddressReader {
  position = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new StateParseError(
      `Invalid resource address: ${what} at character ${this.position + 1}`,
      { reason: 'INVALID_ADDRESS', issues: [{ path: '', message: what }] },
    );
  }

  done(): boolean {
    return this.position >= this.text.length;
  }

  peekWord(word: string): boolean {
    return this.text.startsWith(word, this.position);
  }

  expect(char: string): void {
    if (this.text[this.position] !== char) this.fail(`expected "${char}"`);
    this.position++;
  }

  identifier(what: string): string {
    IDENTIFIER.lastIndex = this.position;
    const match = IDENTIFIER.exec(this.text);
    if (match === null) this.fail(`expected ${what}`);
    this.position += match[0].length;
    return match[0];
  }

  /** An optional `[0]` or `["key"]`. */
  key(): string | number | undefined {
    if (this.text[this.position] !== '[') return undefined;
    this.position++;
    let key: string | number;
    if (this.text[this.position] === '"') {
      key = this.quoted();
    } else {
      const start = this.position;
      while (this.position < this.text.length && /[0-9]/.test(this.text[this.position] as string)) {
        this.position++;
      }
      if (this.position === start) this.fail('expected an integer or a quoted string key');
      const digits = this.text.slice(start, this.position);
      if (digits.length > 1 && digits.startsWith('0')) this.fail('leading zero in an index');
      key = Number(digits);
      if (!Number.isSafeInteger(key)) this.fail('index too large');
    }
    this.expect(']');
    return key;
  }

  /** An HCL quoted string: the inverse of {@link quoteKey}. */
  quoted(): string {
    this.expect('"');
    const text = this.text;
    let out = '';
    for (;;) {
      if (this.position >= text.length) this.fail('unterminated string key');
      const char = text[this.position] as string;
      if (char === '"') {
        this.position++;
        return out;
      }
      if (char === '\\') {
        const escape = text[this.position + 1];
        this.position += 2;
        if (escape === 'n') out += '\n';
        else if (escape === 'r') out += '\r';
        else if (escape === 't') out += '\t';
        else if (escape === '"') out += '"';
        else if (escape === '\\') out += '\\';
        else if (escape === 'u' || escape === 'U') {
          const length = escape === 'u' ? 4 : 8;
          const hex = text.slice(this.position, this.position + length);
          if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail('bad unicode escape');
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) this.fail('unicode escape out of range');
          out += String.fromCodePoint(code);
          this.position += length;
        } else {
          this.position -= 2;
          this.fail('unknown escape sequence');
        }
        continue;
      }
      if (
        (char === '$' || char === '%') &&
        text[this.position + 1] === char &&
        text[this.position + 2] === '{'
      ) {
        out += `${char}{`;
        this.position += 3;
        continue;
      }
      if ((char === '$' || char === '%') && text[this.position + 1] === '{') {
        this.fail('template sequence in a key');
      }
      if (char === '\n' || char === '\r') this.fail('newline in a string key');
      out += char;
      this.position++;
    }
  }
}

/**
 * Parses a resource instance address as Terraform writes it.
 * Throws a {@link StateParseError} with reason `INVALID_ADDRESS` when the text is not one.
 *
 * @example
 * ```ts
 * parseAddress('module.net["eu"].aws_subnet.private[0]');
 * // { modules: [{ name: 'net', key: 'eu' }], mode: 'managed', type: 'aws_subnet', name: 'private', key: 0 }
 * ```
 * @public
 */
export function parseAddress(address: string): AddressParts {
  const reader = new AddressReader(address);
  const modules: AddressParts['modules'] = [];
  while (reader.peekWord('module.')) {
    reader.position += 'module.'.length;
    const name = reader.identifier('a module name');
    const key = reader.key();
    modules.push(key === undefined ? { name } : { name, key });
    reader.expect('.');
  }
  let mode: AddressParts['mode'] = 'managed';
  let explicitResource = false;
  if (reader.peekWord('data.')) {
    mode = 'data';
    reader.position += 'data.'.length;
  } else if (reader.peekWord('resource.')) {
    explicitResource = true;
    reader.position += 'resource.'.length;
  } else if (reader.peekWord('ephemeral.') || reader.peekWord('list.')) {
    reader.fail('ephemeral and list resources have no state address');
  }
  const type = reader.identifier('a resource type');
  if (mode === 'managed' && AMBIGUOUS_TYPES.has(type) && !explicitResource) {
    reader.fail(`"${type}" is reserved and needs the resource. prefix`);
  }
  reader.expect('.');
  const name = reader.identifier('a resource name');
  const key = reader.key();
  if (!reader.done()) reader.fail('unexpected text after the address');
  const parts: AddressParts = { modules, mode, type, name };
  if (key !== undefined) parts.key = key;
  return parts;
}
