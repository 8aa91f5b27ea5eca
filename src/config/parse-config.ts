/**
 * `parseConfig`: reads a Terraform configuration the way `terraform init` would find it,
 * without evaluating anything: every `.tf` and `.tf.json` file of the root module and of the
 * modules it calls, as far as they are on disk.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigParseError } from '../errors.js';
import { readBackendConfig } from './backend-config.js';
import type { BackendConfigInput } from './backend-config.js';
import { loadHclParser, parseHclFile, parseJsonFile } from './hcl-parser.js';
import type { Hcl2Json } from './hcl-parser.js';
import { moduleContents } from './module-contents.js';
import type { ModuleFile, RawModuleCall } from './module-contents.js';
import { installedModules, manifestKey, moduleSourceKind } from './modules.js';
import { applyOverrides, isOverrideFile } from './overrides.js';
import { dataDir } from './workspace.js';
import type { ModuleCall, ParsedConfig, TerraformConfig } from './types.js';

export type {
  TerraformConfig,
  ParsedConfig,
  DeclaredResource,
  Expansion,
  BackendBlock,
  CloudBlock,
} from './types.js';
export type { BackendConfigInput } from './backend-config.js';

/** Options of {@link parseConfig}. @public */
export interface ParseConfigOptions {
  /** `-backend-config` values merged over the `backend` block: file paths (relative to the configuration directory) or `key=value` strings, or an object. */
  backendConfig?: BackendConfigInput;
  /** Aborts reading. */
  signal?: AbortSignal;
  /** Environment for `TF_DATA_DIR` (where `terraform init` installed modules). Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Files read and parsed at once (bounded so a huge directory cannot exhaust file handles). */
const PARSE_CONCURRENCY = 16;

/** Module calls nested deeper than this are a cycle in all but name. */
const MAX_MODULE_DEPTH = 64;

/**
 * Reads a Terraform configuration: a directory (every `*.tf` and `*.tf.json` in it, not
 * `.terraform/`), or one file or a list of files forming the root module. Local modules are followed
 * recursively; registry and git modules are read only where `terraform init` installed them.
 *
 * Values are not evaluated: literal arguments are returned as values, and the JSON Pointers of
 * arguments that are expressions are listed.
 *
 * @example
 * ```ts
 * import { parseConfig } from 'tfdrift';
 *
 * const config = await parseConfig('./infra', { backendConfig: ['prod.tfbackend'] });
 * for (const resource of config.resources) console.log(resource.address, resource.ignoreChanges);
 * console.log(config.backend?.type, config.backend?.settings.bucket);
 * ```
 * @throws {@link ConfigParseError} naming the file and line for an HCL syntax error, and the
 * calling file for a module that cannot be read; also when `@cdktf/hcl2json` is not installed.
 * @public
 */
export async function parseConfig(
  dirOrFiles: string | string[],
  options: ParseConfigOptions = {},
): Promise<TerraformConfig> {
  return parseConfigModel(dirOrFiles, options);
}

/**
 * {@link parseConfig} with everything it reads, for tfdrift's own use.
 * @internal
 */
export async function parseConfigModel(
  dirOrFiles: string | string[],
  options: ParseConfigOptions = {},
): Promise<ParsedConfig> {
  const root = await rootModule(dirOrFiles);
  const reader: Reader = {
    dir: root.dir,
    absoluteDir: resolve(root.dir),
    parser: await loadHclParser(),
    installed: await installedModules(root.dir, dataDir(root.dir, options.env ?? process.env)),
    signal: options.signal,
    config: {
      dir: root.dir,
      files: [],
      resources: [],
      modules: [],
      providers: [],
      requiredProviders: [],
      moved: [],
    },
  };
  await readModule(reader, root.files, undefined, [resolve(root.dir)]);
  const { backend } = reader.config;
  if (backend !== undefined && options.backendConfig !== undefined) {
    const extra = await readBackendConfig(options.backendConfig, root.dir, loadHclParser);
    backend.settings = { ...backend.settings, ...extra };
  }
  return reader.config;
}

interface Reader {
  /** The root directory as given (errors name files under it). */
  dir: string;
  absoluteDir: string;
  parser: Hcl2Json;
  installed: Map<string, string>;
  signal: AbortSignal | undefined;
  config: ParsedConfig;
}

async function rootModule(
  dirOrFiles: string | string[],
): Promise<{ dir: string; files: string[] }> {
  if (Array.isArray(dirOrFiles)) {
    const first = dirOrFiles[0];
    if (first === undefined) throw new ConfigParseError('parseConfig was given no files');
    return { dir: dirname(first), files: dirOrFiles.map((file) => resolve(file)) };
  }
  if (/\.tf(\.json)?$/.test(dirOrFiles) && (await isRegularFile(dirOrFiles))) {
    return { dir: dirname(dirOrFiles), files: [resolve(dirOrFiles)] };
  }
  const files = await configFiles(dirOrFiles);
  if (files === undefined) {
    throw new ConfigParseError(`Cannot read the configuration directory ${dirOrFiles}`, {
      file: dirOrFiles,
    });
  }
  if (files.length === 0) {
    throw new ConfigParseError(`No .tf or .tf.json files in ${dirOrFiles}`, { file: dirOrFiles });
  }
  return { dir: dirOrFiles, files };
}

/** The configuration files of a directory in Terraform's order (by name), or `undefined` when it cannot be listed. */
async function configFiles(dir: string): Promise<string[] | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!/\.tf(\.json)?$/.test(entry.name) || entry.name.startsWith('.')) continue;
    const path = resolve(dir, entry.name);
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await isRegularFile(path)));
    if (isFile) files.push(path);
  }
  return files.sort();
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readModule(
  reader: Reader,
  paths: string[],
  modulePath: string | undefined,
  ancestors: string[],
): Promise<void> {
  const files = await readConfigFiles(reader, paths);
  const primary = files.filter((file) => !isOverrideFile(file.name));
  applyOverrides(
    primary,
    files.filter((file) => isOverrideFile(file.name)),
  );
  const contents = moduleContents(primary, modulePath);
  const { config } = reader;
  for (const file of files) {
    // A module called twice (two tiers of one module) is one set of files.
    if (!config.files.includes(file.name)) config.files.push(file.name);
  }
  config.resources.push(...contents.resources);
  config.providers.push(...contents.providers);
  config.requiredProviders.push(...contents.requiredProviders);
  config.moved.push(...contents.moved);
  if (contents.backend !== undefined) config.backend = contents.backend;
  if (contents.cloud !== undefined) config.cloud = contents.cloud;
  const moduleDir = paths[0] === undefined ? undefined : dirname(paths[0]);
  for (const raw of contents.calls) {
    await readModuleCall(reader, raw, modulePath, moduleDir, ancestors);
  }
}

/**
 * Reads and parses files a few at a time: the WebAssembly parser answers through the event
 * loop, so overlapping calls hide most of its per-call latency. The first failure in file
 * order is the one reported, whatever finished first.
 */
async function readConfigFiles(reader: Reader, paths: string[]): Promise<ModuleFile[]> {
  const files: ModuleFile[] = [];
  for (let start = 0; start < paths.length; start += PARSE_CONCURRENCY) {
    const chunk = paths.slice(start, start + PARSE_CONCURRENCY);
    const settled = await Promise.allSettled(chunk.map((path) => readConfigFile(reader, path)));
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      files.push(result.value);
    }
  }
  return files;
}

async function readConfigFile(reader: Reader, path: string): Promise<ModuleFile> {
  if (reader.signal?.aborted) {
    throw new ConfigParseError('Reading the configuration was aborted', {
      cause: reader.signal.reason,
    });
  }
  const name = relative(reader.absoluteDir, path).split(sep).join('/');
  const shown = join(reader.dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigParseError(`Cannot read ${shown}`, { file: shown, cause: error });
  }
  const json = path.endsWith('.json');
  const body = json ? parseJsonFile(shown, text) : await parseHclFile(reader.parser, shown, text);
  return { name, path: shown, text, body, json };
}

async function readModuleCall(
  reader: Reader,
  raw: RawModuleCall,
  parent: string | undefined,
  callerDir: string | undefined,
  ancestors: string[],
): Promise<void> {
  const address = `${parent === undefined ? '' : `${parent}.`}module.${raw.name}`;
  const shownFile = join(reader.dir, raw.file);
  const at = raw.line === undefined ? { file: shownFile } : { file: shownFile, line: raw.line };
  const where = `${shownFile}${raw.line === undefined ? '' : `:${raw.line}`}`;
  if (raw.source === undefined) {
    throw new ConfigParseError(`${where}: module "${raw.name}" has no literal source`, at);
  }
  const call: ModuleCall = {
    address,
    name: raw.name,
    source: raw.source,
    sourceKind: moduleSourceKind(raw.source),
    followed: false,
    providers: raw.providers,
    file: raw.file,
  };
  if (parent !== undefined) call.parent = parent;
  if (raw.version !== undefined) call.version = raw.version;
  if (raw.expansion !== undefined) call.expansion = raw.expansion;
  if (raw.line !== undefined) call.line = raw.line;
  reader.config.modules.push(call);

  const installed = reader.installed.get(manifestKey(address));
  const dir =
    call.sourceKind === 'local' && callerDir !== undefined
      ? resolve(callerDir, raw.source)
      : installed === undefined
        ? undefined
        : resolve(reader.absoluteDir, installed);
  if (dir === undefined) return;
  if (ancestors.includes(dir)) {
    throw new ConfigParseError(`${where}: module "${raw.name}" calls itself (${raw.source})`, at);
  }
  if (ancestors.length > MAX_MODULE_DEPTH) {
    throw new ConfigParseError(`${where}: modules nest deeper than ${MAX_MODULE_DEPTH}`, at);
  }
  const files = await configFiles(dir);
  if (files === undefined) {
    throw new ConfigParseError(
      `${where}: cannot read module "${raw.name}" from ${raw.source}: not a readable directory`,
      at,
    );
  }
  call.followed = true;
  call.dir = relative(reader.absoluteDir, dir).split(sep).join('/') || '.';
  await readModule(reader, files, address, [...ancestors, dir]);
}
