/**
 * The parts of Terraform's own files that say where provider binaries are: the CLI
 * configuration (`TF_CLI_CONFIG_FILE` or `~/.terraformrc`: `plugin_cache_dir` and
 * `provider_installation { filesystem_mirror { path } }`) and the dependency lock file
 * (`.terraform.lock.hcl`: the selected version of each provider).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigParseError } from '../errors.js';
import type { HclBody, HclValue } from './hcl-subset.js';
import { parseHclSubset } from './hcl-subset.js';

/** What the CLI configuration says about provider installation. @internal */
export interface CliConfig {
  /** The file it was read from. */
  file: string;
  /** `plugin_cache_dir`, when set. */
  pluginCacheDir?: string;
  /** `filesystem_mirror` paths, in file order. */
  filesystemMirrors: string[];
  /** Whether a `provider_installation` block exists (then the implied mirrors are not searched, as in Terraform). */
  explicitInstallation: boolean;
}

const asRecord = (v: unknown): Record<string, HclValue> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, HclValue>)
    : undefined;

function cliConfigFromJson(value: unknown, file: string): CliConfig {
  const root = asRecord(value) ?? {};
  const out: CliConfig = { file, filesystemMirrors: [], explicitInstallation: false };
  if (typeof root.plugin_cache_dir === 'string') out.pluginCacheDir = root.plugin_cache_dir;
  const installs = root.provider_installation;
  for (const install of Array.isArray(installs) ? installs : installs ? [installs] : []) {
    out.explicitInstallation = true;
    const mirrors = asRecord(install)?.filesystem_mirror;
    for (const m of Array.isArray(mirrors) ? mirrors : mirrors ? [mirrors] : []) {
      const path = asRecord(m)?.path;
      if (typeof path === 'string') out.filesystemMirrors.push(path);
    }
  }
  return out;
}

function cliConfigFromHcl(body: HclBody, file: string): CliConfig {
  const out: CliConfig = { file, filesystemMirrors: [], explicitInstallation: false };
  const cache = body.attributes.plugin_cache_dir;
  if (typeof cache === 'string') out.pluginCacheDir = cache;
  for (const install of body.blocks.filter((b) => b.type === 'provider_installation')) {
    out.explicitInstallation = true;
    for (const mirror of install.body.blocks.filter((b) => b.type === 'filesystem_mirror')) {
      const path = mirror.body.attributes.path;
      if (typeof path === 'string') out.filesystemMirrors.push(path);
    }
  }
  return out;
}

/** Parses a CLI configuration file's text (HCL, or JSON when it starts with `{`). @internal */
export function parseCliConfig(text: string, file: string): CliConfig {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return cliConfigFromJson(JSON.parse(trimmed), file);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new ConfigParseError(`${file}: not valid JSON`, { file, cause: error });
    }
  }
  return cliConfigFromHcl(parseHclSubset(text, file), file);
}

/** Where the CLI configuration lives: `TF_CLI_CONFIG_FILE`, else `~/.terraformrc`. @internal */
export function cliConfigPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const explicit = env.TF_CLI_CONFIG_FILE;
  return explicit !== undefined && explicit !== '' ? explicit : join(home, '.terraformrc');
}

/** Reads the CLI configuration; `undefined` when there is none. @internal */
export async function readCliConfig(file: string): Promise<CliConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ConfigParseError(`Cannot read the Terraform CLI configuration ${file}`, {
      file,
      cause: error,
    });
  }
  return parseCliConfig(text, file);
}

/** Parses a dependency lock file: provider source address → locked version. @internal */
export function parseLockFile(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of parseHclSubset(text, file).blocks) {
    const version = block.body.attributes.version;
    if (block.type === 'provider' && block.labels[0] && typeof version === 'string') {
      out.set(block.labels[0].toLowerCase(), version);
    }
  }
  return out;
}

/** Reads `<cwd>/.terraform.lock.hcl`; an empty map when there is none. @internal */
export async function readLockFile(cwd: string): Promise<Map<string, string>> {
  const file = join(cwd, '.terraform.lock.hcl');
  try {
    return parseLockFile(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return new Map();
    throw error;
  }
}
