/**
 * The selected Terraform workspace and the backend settings `terraform init` recorded: both
 * live in the configuration's `.terraform/` directory, and `TF_WORKSPACE` overrides the first.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Terraform's data directory: `.terraform`, or `TF_DATA_DIR` (relative to the configuration).
 * @internal
 */
export function dataDir(dir: string, env: Record<string, string | undefined>): string {
  return resolve(dir, env.TF_DATA_DIR || '.terraform');
}

/**
 * The current workspace: `TF_WORKSPACE`, then `<data dir>/environment`, then `default`.
 * @internal
 */
export async function currentWorkspace(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const fromEnv = env.TF_WORKSPACE?.trim();
  if (fromEnv) return fromEnv;
  try {
    const selected = (await readFile(join(dataDir(dir, env), 'environment'), 'utf8')).trim();
    if (selected !== '') return selected;
  } catch {
    // No `terraform workspace select` yet: the default workspace.
  }
  return 'default';
}

/** The backend `terraform init` configured (`.terraform/terraform.tfstate`). @internal */
interface InitializedBackend {
  type: string;
  /** Its settings, with the unset (null) ones left out. */
  settings: Record<string, unknown>;
}

/**
 * The backend recorded by `terraform init`, which includes any `-backend-config` values it was
 * given. `undefined` when the directory was not initialized or the file is not readable.
 * @internal
 */
export async function initializedBackend(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<InitializedBackend | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dataDir(dir, env), 'terraform.tfstate'), 'utf8'));
  } catch {
    return undefined;
  }
  const backend = (parsed as { backend?: { type?: unknown; config?: unknown } } | null)?.backend;
  if (typeof backend?.type !== 'string') return undefined;
  const settings: Record<string, unknown> = {};
  if (typeof backend.config === 'object' && backend.config !== null) {
    for (const [key, value] of Object.entries(backend.config)) {
      if (value !== null) settings[key] = value;
    }
  }
  return { type: backend.type, settings };
}
