/**
 * What one module's files declare: resources, module calls, providers, required providers,
 * and the backend or cloud block. Works on hcl2json output and on Terraform's JSON syntax
 * alike, which differ only in where arrays of blocks may appear.
 */
import { ConfigParseError } from '../errors.js';
import type { ConfigBody } from './hcl-parser.js';
import {
  expressionSource,
  isTemplate,
  splitLiterals,
  traversalToPointer,
  unescapeLiteral,
} from './expressions.js';
import type {
  BackendBlock,
  CloudBlock,
  DeclaredResource,
  Expansion,
  MovedBlock,
  ProviderBlock,
  RequiredProvider,
} from './types.js';

/** One parsed file of a module. @internal */
export interface ModuleFile {
  /** The file's name relative to the configuration directory (`/` separators). */
  name: string;
  /** The file's path as errors name it (the configuration directory as given, joined). */
  path: string;
  /** Its text, used to find block lines. */
  text: string;
  /** Its parsed body. */
  body: ConfigBody;
  /** Whether it is written in Terraform's JSON syntax. */
  json: boolean;
  /** How many times each block header was already looked up (see `findLine`). */
  headersSeen?: Map<string, number>;
}

/** A `module` block before its source is resolved. @internal */
export interface RawModuleCall {
  name: string;
  /** `undefined` when the source is an expression (Terraform rejects that). */
  source: string | undefined;
  version?: string;
  expansion?: Expansion;
  providers: Record<string, string>;
  file: string;
  line?: number;
}

/** Everything one module declares. @internal */
interface ModuleContents {
  resources: DeclaredResource[];
  calls: RawModuleCall[];
  providers: ProviderBlock[];
  requiredProviders: RequiredProvider[];
  moved: MovedBlock[];
  backend?: BackendBlock;
  cloud?: CloudBlock;
}

/** Meta-arguments and blocks that are not attributes of the resource. */
const RESOURCE_META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
  'dynamic',
  '//',
]);

/**
 * Collects what `files` (one module's files) declare. `module` is the unkeyed module path
 * (absent for the root module).
 * @throws {@link ConfigParseError} for a malformed `lifecycle.ignore_changes`.
 * @internal
 */
export function moduleContents(files: ModuleFile[], module?: string): ModuleContents {
  const contents: ModuleContents = {
    resources: [],
    calls: [],
    providers: [],
    requiredProviders: [],
    moved: [],
  };
  for (const file of files) {
    for (const mode of ['managed', 'data'] as const) {
      const key = mode === 'managed' ? 'resource' : 'data';
      eachLabelled(file.body[key], (type, typeBody) =>
        eachLabelled(typeBody, (name, blocks) => {
          for (const body of asBlocks(blocks)) {
            contents.resources.push(declaredResource(file, mode, type, name, body, module));
          }
        }),
      );
    }
    eachLabelled(file.body.module, (name, blocks) => {
      for (const body of asBlocks(blocks)) contents.calls.push(moduleCall(file, name, body));
    });
    eachLabelled(file.body.provider, (name, blocks) => {
      for (const body of asBlocks(blocks)) {
        contents.providers.push(providerConfig(file, name, body, module));
      }
    });
    for (const terraform of asBlocks(file.body.terraform)) {
      readTerraformBlock(file, terraform, module, contents);
    }
    for (const moved of asBlocks(file.body.moved)) {
      const { from, to } = moved;
      if (typeof from !== 'string' || typeof to !== 'string') continue;
      const prefix = module === undefined ? '' : `${module}.`;
      contents.moved.push({
        from: `${prefix}${expressionSource(from)}`,
        to: `${prefix}${expressionSource(to)}`,
        file: file.name,
      });
    }
  }
  return contents;
}

function declaredResource(
  file: ModuleFile,
  mode: 'managed' | 'data',
  type: string,
  name: string,
  body: ConfigBody,
  module: string | undefined,
): DeclaredResource {
  const line = findLine(file, mode === 'managed' ? 'resource' : 'data', [type, name]);
  const expressions: string[] = [];
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (RESOURCE_META.has(key)) continue;
    const literal = splitLiterals(
      value,
      `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      expressions,
    );
    if (literal !== undefined) attributes[key] = literal;
  }
  const dynamicBlocks: string[] = [];
  eachLabelled(body.dynamic, (blockName) => {
    if (dynamicBlocks.includes(blockName)) return;
    dynamicBlocks.push(blockName);
    // Static blocks of the same type may sit beside the dynamic ones: the list as a whole
    // is only known once Terraform expands it.
    delete attributes[blockName];
    expressions.push(`/${blockName}`);
  });
  const { provider, alias } = providerReference(body.provider, type);
  const address = [module, mode === 'data' ? 'data' : undefined, type, name]
    .filter((part) => part !== undefined)
    .join('.');
  const resource: DeclaredResource = {
    address,
    mode,
    type,
    name,
    provider,
    attributes,
    expressions,
    dynamicBlocks,
    ignoreChanges: ignoreChanges(body.lifecycle, file, address, line),
    file: file.name,
  };
  if (module !== undefined) resource.module = module;
  const expansion = expansionOf(body);
  if (expansion !== undefined) resource.expansion = expansion;
  if (alias !== undefined) resource.providerAlias = alias;
  if (line !== undefined) resource.line = line;
  return resource;
}

/** `provider = aws.west`, or the default: the type's prefix (`aws_instance` → `aws`). */
function providerReference(value: unknown, type: string): { provider: string; alias?: string } {
  if (typeof value === 'string') {
    const [name, alias] = expressionSource(value).split('.', 2);
    if (name !== undefined && name !== '') {
      return alias === undefined ? { provider: name } : { provider: name, alias };
    }
  }
  return { provider: type.split('_', 1)[0] ?? type };
}

function ignoreChanges(
  lifecycle: unknown,
  file: ModuleFile,
  address: string,
  line: number | undefined,
): string[] | 'all' {
  const pointers: string[] = [];
  for (const block of asBlocks(lifecycle)) {
    const value = block.ignore_changes;
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      const source = expressionSource(value);
      if (source === 'all' || source === '*') return 'all';
      throw badIgnoreChanges(file, address, line, `expected a list or all, found ${source}`);
    }
    if (!Array.isArray(value)) {
      throw badIgnoreChanges(file, address, line, 'expected a list of attribute references');
    }
    for (const item of value) {
      const source = typeof item === 'string' ? expressionSource(item) : undefined;
      // Terraform 0.11 wrote `ignore_changes = ["*"]` for what is now `all`.
      if (source === '*') return 'all';
      const pointer = source === undefined ? undefined : traversalToPointer(source);
      if (pointer === undefined) {
        throw badIgnoreChanges(
          file,
          address,
          line,
          `${JSON.stringify(source ?? item)} is not an attribute reference`,
        );
      }
      if (!pointers.includes(pointer)) pointers.push(pointer);
    }
  }
  return pointers;
}

function badIgnoreChanges(
  file: ModuleFile,
  address: string,
  line: number | undefined,
  why: string,
): ConfigParseError {
  const at = line === undefined ? '' : `:${line}`;
  return new ConfigParseError(
    `${file.path}${at}: invalid lifecycle.ignore_changes in ${address}: ${why}`,
    line === undefined ? { file: file.path } : { file: file.path, line },
  );
}

/** `count` and `for_each`, with their keys when they are literals. @internal */
function expansionOf(body: ConfigBody): Expansion | undefined {
  if (body.count !== undefined && body.count !== null) {
    const count = literalNumber(body.count);
    return count === undefined
      ? { kind: 'count', expression: expressionText(body.count) }
      : { kind: 'count', keys: Array.from({ length: count }, (_, index) => index) };
  }
  if (body.for_each !== undefined && body.for_each !== null) {
    const keys = forEachKeys(body.for_each);
    return keys === undefined
      ? { kind: 'for_each', expression: expressionText(body.for_each) }
      : { kind: 'for_each', keys };
  }
  return undefined;
}

function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && !isTemplate(value) && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** A literal map gives its keys; a literal list or `toset([...])` of strings gives the strings. */
function forEachKeys(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return stringList(value);
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return keys.some(isTemplate) ? undefined : keys.map(unescapeLiteral);
  }
  if (typeof value === 'string') {
    const call = /^(?:toset|tolist)\(\s*(\[[\s\S]*\])\s*\)$/.exec(expressionSource(value));
    if (call?.[1] === undefined) return undefined;
    try {
      const list: unknown = JSON.parse(call[1].replace(/,\s*\]$/, ']'));
      return Array.isArray(list) ? stringList(list) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function stringList(values: unknown[]): string[] | undefined {
  if (!values.every((item) => typeof item === 'string' && !isTemplate(item))) return undefined;
  return [...new Set((values as string[]).map(unescapeLiteral))];
}

function expressionText(value: unknown): string {
  return typeof value === 'string' ? expressionSource(value) : JSON.stringify(value);
}

function moduleCall(file: ModuleFile, name: string, body: ConfigBody): RawModuleCall {
  const source =
    typeof body.source === 'string' && !isTemplate(body.source) ? body.source : undefined;
  const providers: Record<string, string> = {};
  if (typeof body.providers === 'object' && body.providers !== null) {
    for (const [child, parent] of Object.entries(body.providers)) {
      if (typeof parent === 'string') providers[child] = expressionSource(parent);
    }
  }
  const call: RawModuleCall = { name, source, providers, file: file.name };
  if (typeof body.version === 'string') call.version = body.version;
  const expansion = expansionOf(body);
  if (expansion !== undefined) call.expansion = expansion;
  const line = findLine(file, 'module', [name]);
  if (line !== undefined) call.line = line;
  return call;
}

function providerConfig(
  file: ModuleFile,
  name: string,
  body: ConfigBody,
  module: string | undefined,
): ProviderBlock {
  const expressions: string[] = [];
  const attributes = (splitLiterals(body, '', expressions) ?? {}) as Record<string, unknown>;
  const config: ProviderBlock = { name, attributes, expressions, file: file.name };
  if (typeof attributes.alias === 'string') config.alias = attributes.alias;
  if (module !== undefined) config.module = module;
  const defaultTags = asBlocks(body.default_tags)[0];
  if (defaultTags !== undefined) {
    const inner: string[] = [];
    const tags = splitLiterals(defaultTags.tags ?? {}, '', inner);
    if (inner.length === 0 && isStringMap(tags)) config.defaultTags = tags;
  }
  const ignoreTags = asBlocks(body.ignore_tags)[0];
  if (ignoreTags !== undefined) {
    const inner: string[] = [];
    const keys = splitLiterals(ignoreTags.keys ?? [], '', inner);
    const prefixes = splitLiterals(ignoreTags.key_prefixes ?? [], '', inner);
    if (inner.length === 0 && isStringList(keys) && isStringList(prefixes)) {
      config.ignoreTags = { keys, keyPrefixes: prefixes };
    }
  }
  const line = findLine(file, 'provider', [name]);
  if (line !== undefined) config.line = line;
  return config;
}

function readTerraformBlock(
  file: ModuleFile,
  terraform: ConfigBody,
  module: string | undefined,
  contents: ModuleContents,
): void {
  for (const required of asBlocks(terraform.required_providers)) {
    for (const [name, spec] of Object.entries(required)) {
      const entry: RequiredProvider = { name };
      if (module !== undefined) entry.module = module;
      if (typeof spec === 'string') {
        entry.version = spec; // the pre-0.13 shorthand `aws = "~> 2.0"`
      } else if (typeof spec === 'object' && spec !== null) {
        const { source, version } = spec as { source?: unknown; version?: unknown };
        if (typeof source === 'string') entry.source = source;
        if (typeof version === 'string') entry.version = version;
      }
      contents.requiredProviders.push(entry);
    }
  }
  // Terraform reads backend and cloud only in the root module.
  if (module !== undefined) return;
  eachLabelled(terraform.backend, (type, blocks) => {
    const body = asBlocks(blocks)[0] ?? {};
    const expressions: string[] = [];
    const settings = (splitLiterals(body, '', expressions) ?? {}) as Record<string, unknown>;
    const backend: BackendBlock = { type, settings, expressions, file: file.name };
    const line = findLine(file, 'backend', [type]);
    if (line !== undefined) backend.line = line;
    contents.backend = backend;
  });
  for (const body of asBlocks(terraform.cloud)) {
    contents.cloud = cloudBlock(file, body);
  }
}

function cloudBlock(file: ModuleFile, body: ConfigBody): CloudBlock {
  const settings = (splitLiterals(body, '', []) ?? {}) as Record<string, unknown>;
  const cloud: CloudBlock = { settings, file: file.name };
  if (typeof settings.organization === 'string') cloud.organization = settings.organization;
  if (typeof settings.hostname === 'string') cloud.hostname = settings.hostname;
  const workspaces = asBlocks(settings.workspaces)[0];
  if (workspaces !== undefined) {
    const selection: NonNullable<CloudBlock['workspaces']> = {};
    if (typeof workspaces.name === 'string') selection.name = workspaces.name;
    if (typeof workspaces.project === 'string') selection.project = workspaces.project;
    if (isStringList(workspaces.tags) || isStringMap(workspaces.tags)) {
      selection.tags = workspaces.tags;
    }
    cloud.workspaces = selection;
  }
  const line = findLine(file, 'cloud', []);
  if (line !== undefined) cloud.line = line;
  return cloud;
}

/** Blocks of one type: hcl2json always writes an array, JSON syntax may write one object. @internal */
export function asBlocks(value: unknown): ConfigBody[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is ConfigBody => typeof item === 'object' && item !== null);
  }
  return typeof value === 'object' && value !== null ? [value as ConfigBody] : [];
}

/** Calls `visit` for each label of a labelled block map (an object, or an array of them). */
function eachLabelled(value: unknown, visit: (label: string, inner: unknown) => void): void {
  for (const map of asBlocks(value)) {
    for (const [label, inner] of Object.entries(map)) {
      if (label !== '//') visit(label, inner);
    }
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The 1-based line where a block starts. hcl2json keeps no positions, so the native-syntax
 * text is searched for the block header; two blocks with the same header (two `provider
 * "aws"` blocks) are told apart by order. JSON files are not searched.
 */
function findLine(file: ModuleFile, keyword: string, labels: string[]): number | undefined {
  if (file.json) return undefined;
  const label = (text: string) => `\\s+(?:"${escapeRegExp(text)}"|${escapeRegExp(text)})`;
  const source = `^[ \\t]*${keyword}${labels.map(label).join('')}\\s*\\{`;
  const seen = (file.headersSeen ??= new Map<string, number>());
  const occurrence = seen.get(source) ?? 0;
  seen.set(source, occurrence + 1);
  const header = new RegExp(source, 'gm');
  let match: RegExpExecArray | null = null;
  for (let i = 0; i <= occurrence; i++) {
    match = header.exec(file.text);
    if (match === null) return undefined;
  }
  if (match === null) return undefined;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (file.text.charCodeAt(i) === 10) line++;
  return line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
