/**
 * Module sources: which ones tfdrift can read. Local paths are read directly; anything
 * `terraform init` downloaded is read from where `.terraform/modules/modules.json` says it is;
 * nothing is ever fetched.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModuleSourceKind } from './types.js';

/** Classifies a module `source` the way Terraform's installer does. @internal */
export function moduleSourceKind(source: string): ModuleSourceKind {
  if (/^\.\.?([/\\]|$)/.test(source)) return 'local';
  if (/^git::|^git@|^(github\.com|bitbucket\.org)\/|\.git(\/\/|\?|$)/.test(source)) return 'git';
  // [<hostname>/]<namespace>/<name>/<provider>, optionally //<subdirectory>
  if (/^([a-z0-9.-]+\.[a-z]{2,}(:\d+)?\/)?[\w-]+\/[\w-]+\/[\w-]+(\/\/[^?]*)?$/i.test(source)) {
    return 'registry';
  }
  return 'remote';
}

/**
 * Directories of installed modules, keyed by module path (`vpc`, `vpc.subnets`, as
 * `modules.json` spells it), relative to the configuration directory. Empty when
 * `terraform init` has not run or the manifest is unreadable: installed modules are a bonus.
 * `dataDir` is Terraform's data directory (`.terraform` unless `TF_DATA_DIR` says otherwise).
 * @internal
 */
export async function installedModules(dir: string, dataDir: string): Promise<Map<string, string>> {
  const installed = new Map<string, string>();
  let text: string;
  try {
    text = await readFile(join(dataDir, 'modules', 'modules.json'), 'utf8');
  } catch {
    return installed;
  }
  try {
    const manifest = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    for (const entry of manifest.Modules ?? []) {
      if (typeof entry.Key === 'string' && entry.Key !== '' && typeof entry.Dir === 'string') {
        installed.set(entry.Key, entry.Dir.replace(/\\/g, '/'));
      }
    }
  } catch {
    // A corrupt manifest only means remote modules are not read, as without init.
  }
  return installed;
}

/** The `modules.json` key of an unkeyed module path: `module.a.module.b` → `a.b`. @internal */
export function manifestKey(modulePath: string): string {
  return modulePath
    .split('.')
    .filter((_, index) => index % 2 === 1)
    .join('.');
}
