/**
 * HCL parsing through `@cdktf/hcl2json` (HashiCorp's parser compiled to WebAssembly). The
 * package is an optional peer dependency and several megabytes of WebAssembly, so it is
 * imported only when a configuration is actually read.
 */
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { ConfigParseError } from '../errors.js';
import { hclTooDeep, jsonTooDeep, MAX_CONFIG_NESTING } from './nesting-depth.js';
import type { TooDeep } from './nesting-depth.js';
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

/**
 * One parser per specifier for the life of the process (the module instantiates its
 * WebAssembly on load, which takes about a second), replaced when it crashes.
 */
const loaded = new Map<string, Promise<Hcl2Json>>();

/**
 * Loads the HCL parser. `specifier` exists so tests can name a package that is not
 * installed.
 *
 * The parser returned outlives a crash of the WebAssembly inside it: a call that fails with
 * anything but a diagnostic (a stack overflow, a trap, a Go runtime that has exited) leaves
 * the Go runtime in an unknown state, in which the next call can abort the whole process
 * (`fatal error: malloc deadlock`) or never answer. So the failed call and every call still in
 * flight on that instance reject, and the next call runs on a new instance.
 * @throws {@link ConfigParseError} naming the package when it is not installed.
 * @internal
 */
export function loadHclParser(specifier: string = HCL2JSON_PACKAGE): Promise<Hcl2Json> {
  let promise = loaded.get(specifier);
  if (promise === undefined) {
    promise = Promise.resolve().then(() => resilientParser(specifier, requireParser(specifier)));
    loaded.set(specifier, promise);
    // A failed import is not cached, so installing the package fixes a long-lived process.
    promise.catch(() => loaded.delete(specifier));
  }
  return promise;
}

/** A failure of the parser itself rather than of the text it was given. @internal */
class HclParserCrash extends Error {
  override readonly name = 'HclParserCrash';
}

/** One WebAssembly instance and the calls it has not answered yet. */
interface Instance {
  parse: Hcl2Json['parse'];
  pending: Set<(error: HclParserCrash) => void>;
  crashed: boolean;
}

function newInstance(parse: Hcl2Json['parse']): Instance {
  return { parse, pending: new Set(), crashed: false };
}

function resilientParser(specifier: string, first: Hcl2Json['parse']): Hcl2Json {
  let current: Promise<Instance> = Promise.resolve(newInstance(first));
  const reload = (): Promise<Instance> => {
    current = Promise.resolve().then(() => newInstance(requireParser(specifier, { fresh: true })));
    return current;
  };
  return {
    async parse(filename, contents) {
      // A reload that failed is tried again.
      const instance = await current.catch(reload);
      return new Promise((resolveBody, reject) => {
        instance.pending.add(reject);
        instance.parse(filename, contents).then(
          (body) => {
            if (instance.pending.delete(reject)) resolveBody(body);
          },
          (error: unknown) => {
            if (!instance.pending.delete(reject)) return;
            if (isDiagnostic(error)) {
              reject(error);
              return;
            }
            const crash = new HclParserCrash(
              `the HCL parser failed (${error instanceof Error ? error.message : String(error)}); ` +
                'later files are parsed by a new instance',
              { cause: error },
            );
            reject(crash);
            // Calls queued on the crashed instance may never be answered.
            for (const other of instance.pending) other(crash);
            instance.pending.clear();
            if (!instance.crashed) {
              instance.crashed = true;
              reload().catch(() => undefined);
            }
          },
        );
      });
    },
  };
}

/**
 * Whether a rejection is hcl2json reporting on the text: its bridge rejects with a plain
 * `Error` holding the Go error string. A `RangeError` (stack overflow), a
 * `WebAssembly.RuntimeError` (trap) or a Go runtime that has exited is the parser failing.
 */
function isDiagnostic(error: unknown): error is Error {
  return (
    error instanceof Error &&
    error.constructor === Error &&
    !error.message.includes('Go program has already exited')
  );
}

const requireFromHere = createRequire(import.meta.url);

function requireParser(
  specifier: string,
  { fresh = false }: { fresh?: boolean } = {},
): Hcl2Json['parse'] {
  let mod: { parse?: unknown; default?: { parse?: unknown } };
  try {
    // A fresh copy of the package's modules is a fresh WebAssembly instance.
    if (fresh) forgetPackage(requireFromHere.resolve(specifier));
    mod = requireFromHere(specifier) as typeof mod;
  } catch (error) {
    throw new ConfigParseError(
      `Reading Terraform configuration needs the optional peer dependency ${specifier}; ` +
        `install it with: npm install ${specifier}`,
      { cause: error },
    );
  }
  const parse = typeof mod.parse === 'function' ? mod.parse : mod.default?.parse;
  if (typeof parse !== 'function') {
    throw new ConfigParseError(`${specifier} does not export parse(); is it a supported version?`);
  }
  return parse as Hcl2Json['parse'];
}

/** Drops every module of the package holding `entry` from the require cache. */
function forgetPackage(entry: string): void {
  const marker = `${sep}node_modules${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) return;
  const rest = entry.slice(at + marker.length).split(sep);
  const depth = rest[0]?.startsWith('@') === true ? 2 : 1;
  const root = entry.slice(0, at + marker.length) + rest.slice(0, depth).join(sep) + sep;
  for (const key of Object.keys(requireFromHere.cache)) {
    if (key.startsWith(root)) Reflect.deleteProperty(requireFromHere.cache, key);
  }
}

/**
 * Parses one `.tf` file. `name` is how the file is named in errors.
 * @throws {@link ConfigParseError} with `file`, `line` and `column` for a syntax error, and
 * for a file nested deeper than {@link MAX_CONFIG_NESTING} levels, which is refused before it
 * reaches the parser.
 * @internal
 */
export async function parseHclFile(
  parser: Hcl2Json,
  name: string,
  text: string,
): Promise<ConfigBody> {
  const deep = hclTooDeep(text);
  if (deep !== undefined) throw tooDeepError(name, deep);
  try {
    return await parser.parse(name, text);
  } catch (error) {
    if (error instanceof HclParserCrash) {
      throw new ConfigParseError(`${name}:1:1: ${error.message}`, {
        file: name,
        line: 1,
        column: 1,
        cause: error,
      });
    }
    throw hclSyntaxError(name, error);
  }
}

function tooDeepError(name: string, deep: TooDeep): ConfigParseError {
  return new ConfigParseError(
    `${name}:${deep.line}:${deep.column}: nested more than ${MAX_CONFIG_NESTING} levels deep`,
    { file: name, line: deep.line, column: deep.column },
  );
}

/**
 * Parses one `.tf.json` file (Terraform's JSON syntax).
 * @throws {@link ConfigParseError} with `file` and `line` when it is not a JSON object.
 * @internal
 */
export function parseJsonFile(name: string, text: string): ConfigBody {
  const body = text.replace(/^\uFEFF/, '');
  const deep = jsonTooDeep(body);
  if (deep !== undefined) throw tooDeepError(name, deep);
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
