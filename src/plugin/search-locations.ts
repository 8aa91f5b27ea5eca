/**
 * Where to look for provider binaries, in the order a match wins: the caller's directories,
 * the working directory's installed providers, the plugin cache, the CLI configuration's
 * mirrors and cache, then the local mirror directories Terraform searches implicitly.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliConfig } from './cli-config.js';

/** One directory searched, and why. @internal */
export interface SearchLocation {
  /** An absolute directory path. */
  dir: string;
  /** Why it is searched (named in the error when nothing is found). */
  origin: string;
}

/** Inputs of {@link searchLocations}. @internal */
export interface SearchInputs {
  /** Directories the caller named, searched first. */
  pluginDirs?: readonly string[];
  /** The Terraform working directory. */
  cwd?: string;
  /** The environment (`TF_PLUGIN_CACHE_DIR`, `XDG_DATA_HOME`, `XDG_DATA_DIRS`). */
  env: NodeJS.ProcessEnv;
  /** The CLI configuration, when there is one. */
  cliConfig?: CliConfig;
  /** The home directory. */
  home?: string;
  /** The process's working directory, for relative paths. */
  processCwd?: string;
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

/** The implied local mirror directories of Terraform on Unix-like systems. @internal */
function impliedMirrors(env: NodeJS.ProcessEnv, home: string, cwd?: string): string[] {
  const dataHome =
    env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== ''
      ? env.XDG_DATA_HOME
      : join(home, '.local', 'share');
  const dataDirs = (
    env.XDG_DATA_DIRS !== undefined && env.XDG_DATA_DIRS !== ''
      ? env.XDG_DATA_DIRS
      : '/usr/local/share:/usr/share'
  )
    .split(':')
    .filter((d) => d !== '');
  return [
    ...(cwd === undefined ? [] : [join(cwd, 'terraform.d', 'plugins')]),
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((d) => join(d, 'terraform', 'plugins')),
  ];
}

/**
 * The ordered, de-duplicated list of directories to search.
 * @internal
 */
export function searchLocations(inputs: SearchInputs): SearchLocation[] {
  const home = inputs.home ?? homedir();
  const base = inputs.processCwd ?? process.cwd();
  const abs = (p: string) => resolve(base, expandHome(p, home));
  const out: SearchLocation[] = [];
  const add = (dir: string | undefined, origin: string) => {
    if (dir === undefined || dir === '') return;
    const full = abs(dir);
    if (!out.some((l) => l.dir === full)) out.push({ dir: full, origin });
  };
  for (const dir of inputs.pluginDirs ?? []) add(dir, 'pluginDirs');
  const cwd = inputs.cwd === undefined ? undefined : abs(inputs.cwd);
  if (cwd !== undefined) add(join(cwd, '.terraform', 'providers'), 'the working directory');
  add(inputs.env.TF_PLUGIN_CACHE_DIR, 'TF_PLUGIN_CACHE_DIR');
  const cli = inputs.cliConfig;
  if (cli !== undefined) {
    for (const mirror of cli.filesystemMirrors) add(mirror, `filesystem_mirror in ${cli.file}`);
    add(cli.pluginCacheDir, `plugin_cache_dir in ${cli.file}`);
  }
  if (cli?.explicitInstallation !== true) {
    for (const dir of impliedMirrors(inputs.env, home, cwd)) add(dir, 'implied local mirror');
  }
  return out;
}
