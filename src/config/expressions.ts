/**
 * Telling literals from expressions. hcl2json writes every expression as a `${...}` template
 * string, the way Terraform's JSON syntax does, so a value is literal exactly when none of its
 * strings holds an unescaped `${` or `%{`.
 */

/** Whether `text` is a template (holds an interpolation or directive). @internal */
export function isTemplate(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 2; // `$${` and `%%{` are escapes of a literal `${` / `%{`
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      return true;
    }
  }
  return false;
}

/** The literal string a non-template string stands for (escapes resolved). @internal */
export function unescapeLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/**
 * The source of an expression: `${aws.west}` gives `aws.west`; a bare string (Terraform's JSON
 * syntax writes meta-arguments such as `provider` without `${}`) comes back as is.
 * @internal
 */
export function expressionSource(text: string): string {
  const whole = /^\$\{([\s\S]*)\}$/.exec(text.trim());
  return (whole?.[1] ?? text).trim();
}

/** Escapes one RFC 6901 reference token. @internal */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Splits a value into its literal part and the pointers of its expression parts. Object
 * members that are expressions are dropped; a list with any expression in it is dropped
 * whole, since positions after it cannot be known. Returns `undefined` when the whole value
 * is an expression.
 * @internal
 */
export function splitLiterals(value: unknown, pointer: string, expressions: string[]): unknown {
  if (typeof value === 'string') {
    if (isTemplate(value)) {
      expressions.push(pointer);
      return undefined;
    }
    return unescapeLiteral(value);
  }
  if (Array.isArray(value)) {
    const inner: string[] = [];
    const items = value.map((item, index) => splitLiterals(item, `${pointer}/${index}`, inner));
    if (inner.length > 0) {
      expressions.push(pointer);
      return undefined;
    }
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    const before = expressions.length;
    for (const [key, member] of Object.entries(value)) {
      if (isTemplate(key)) {
        // A computed key: nothing about this object can be known.
        expressions.push(pointer);
        return undefined;
      }
      const literal = splitLiterals(member, `${pointer}/${escapePointerToken(key)}`, expressions);
      if (literal !== undefined) out[unescapeLiteral(key)] = literal;
    }
    // `{ Name = var.name }` has no literal part; an empty object would claim it is empty.
    if (Object.keys(out).length === 0 && expressions.length > before) return undefined;
    return out;
  }
  return value;
}

/**
 * Turns a static traversal (`tags`, `tags["Name"]`, `root_block_device[0].volume_size`) into a
 * JSON Pointer, or `undefined` when it is not one.
 * @internal
 */
export function traversalToPointer(traversal: string): string | undefined {
  const tokens: string[] = [];
  let rest = traversal.trim();
  const head = /^[A-Za-z_][\w-]*/.exec(rest);
  if (head === null) return undefined;
  tokens.push(head[0]);
  rest = rest.slice(head[0].length);
  while (rest.length > 0) {
    const attribute = /^\.([A-Za-z_][\w-]*)/.exec(rest);
    const index = /^\[\s*(\d+)\s*\]/.exec(rest);
    const key = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest);
    const step = attribute ?? index ?? key;
    if (step?.[1] === undefined) return undefined;
    tokens.push(step === key ? unquote(step[1]) : step[1]);
    rest = rest.slice(step[0].length);
  }
  return tokens.map((token) => `/${escapePointerToken(token)}`).join('');
}

function unquote(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}
