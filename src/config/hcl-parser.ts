/**
 * HCL parsing through `@cdktf/hcl2json` (HashiCorp's parser compiled to WebAssembly). The
 * package is an optional peer dependency and several megabytes of WebAssembly, so it is
 * imported only when a configuration is actually read.
 */
import { ConfigParseError } from '../errors.js';
import { jsonErrorWithoutExcerpt } from '../shared/json-error-message.js';

/** The part of `@cdktf/hcl2json` tfdrift uses. @internal */
export interface Hcl2Json {
  /** Parses native-syntax HCL into hcl2json's JSON shape; `filename` appears in diagnostics. */
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
}

/** A parsed file body: hcl2json's JSON shape, or Terraform's JSON syntax as written. @internal */
export type ConfigBody = Record<string, unknown>;

/** The optional peer dependency that parses HCL. @internal */
export const HCL2JSON_PACKAGE = '@cdktf/hcl2json';

// One import per specifier for the life of the process: the module instantiates its
// WebAssembly once on import, so caching the promise only avoids re-awaiting it.
const loaded = new Map<string, Promise<Hcl2Json>>();

/**
 * Imports the HCL parser. `specifier` exists so tests can name a package that is not
 * installed.
 * @throws {@link ConfigParseError} naming the package when it is not installed.
 * @internal
 */
export function loadHclParser(specifier: string = HCL2JSON_PACKAGE): Promise<Hcl2Json> {
  let promise = loaded.get(specifier);
  if (promise === undefined) {
    promise = importParser(specifier);
    loaded.set(specifier, promise);
    // A failed import is not cached, so installing the package fixes a long-lived process.
    promise.catch(() => loaded.delete(specifier));
  }
  return promise;
}

async function importParser(specifier: string): Promise<Hcl2Json> {
  let mod: { parse?: unknown; default?: { parse?: unknown } };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    throw new ConfigParseError(
      `Reading Terraform configuration needs the optional peer dependency ${specifier}; ` +
        `install it with: npm install ${specifier}`,
      { cause: error },
    );
  }
  // A CommonJS package: Node exposes its exports both as named and as `default`.
  const parse = typeof mod.parse === 'function' ? mod.parse : mod.default?.parse;
  if (typeof parse !== 'function') {
    throw new ConfigParseError(`${specifier} does not export parse(); is it a supported version?`);
  }
  return { parse: parse as Hcl2Json['parse'] };
}

/**
 * Parses one `.tf` file. `name` is how the file is named in errors.
 * @throws {@link ConfigParseError} with `file`, `line` and `column` for a syntax error.
 * @internal
 */
export async function parseHclFile(
  parser: Hcl2Json,
  name: string,
  text: string,
): Promise<ConfigBody> {
  try {
    return await parser.parse(name, text);
  } catch (error) {
    throw hclSyntaxError(name, error);
  }
}

/**
 * Parses one `.tf.json` file (Terraform's JSON syntax).
 * @throws {@link ConfigParseError} with `file` and `line` when it is not a JSON object.
 * @internal
 */
export function parseJsonFile(name: string, text: string): ConfigBody {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(message, body);
    const where: { line?: number; column?: number } =
      offset === undefined ? {} : lineAndColumn(body, offset);
    const at = where.line === undefined ? '' : `:${where.line}:${where.column}`;
    // No `cause`, and no excerpt: V8 quotes the text around the error, which may be a secret.
    throw new ConfigParseError(`${name}${at}: invalid JSON: ${jsonErrorWithoutExcerpt(message)}`, {
      file: name,
      ...where,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigParseError(`${name}:1:1: a Terraform JSON file must hold an object`, {
      file: name,
      line: 1,
      column: 1,
    });
  }
  return value as ConfigBody;
}

/**
 * hcl2json rejects with `parse config: [<file>:<line>,<col>-<end>: <summary>; <detail> ...]`,
 * several diagnostics in a row; the first one is the one to show.
 */
function hclSyntaxError(name: string, error: unknown): ConfigParseError {
  const raw = error instanceof Error ? error.message : String(error);
  const marker = new RegExp(`${escapeRegExp(name)}:(\\d+),(\\d+)(?:-[\\d,]+)?: `, 'g');
  const first = marker.exec(raw);
  if (first === null) {
    return new ConfigParseError(`${name}: ${raw.replace(/^parse config: /, '')}`, {
      file: name,
      cause: error,
    });
  }
  const line = Number(first[1]);
  const column = Number(first[2]);
  const rest = raw.slice(marker.lastIndex);
  const next = marker.exec(raw);
  const diagnostic = (next === null ? rest : raw.slice(first.index + first[0].length, next.index))
    .replace(/\]\s*$/, '')
    .trim();
  return new ConfigParseError(`${name}:${line}:${column}: ${diagnostic}`, {
    file: name,
    line,
    column,
    cause: error,
  });
}

/**
 * Where JSON.parse failed. V8 says `at position N` for most errors, but for an unexpected
 * token only quotes the text around it, which is then looked up in the input.
 */
function jsonErrorOffset(message: string, text: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return Number(position[1]);
  const excerpt =
    /^Unexpected token '([\s\S])', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(
      message,
    );
  if (excerpt?.[1] !== undefined && excerpt[2] !== undefined) {
    const start = text.indexOf(excerpt[2]);
    if (start >= 0) return start + Math.max(0, excerpt[2].indexOf(excerpt[1]));
  }
  if (message.includes('end of JSON input')) return text.length;
  return undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
