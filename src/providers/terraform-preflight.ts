/**
 * What `terraformProvider` checks before a scan reads anything: the working directory exists,
 * the binary can be found, and the directory was initialised. Each failure is one clear
 * `ProviderConfigError` instead of the same error on every resource of the state.
 */
import { stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ProviderConfigError } from '../errors.js';
import { isExecutableFile } from '../shared/is-executable-file.js';

/** What {@link checkTerraformSetup} looks at. @internal */
interface TerraformSetup {
  /** The provider's name, for the error. */
  provider: string;
  /** The working directory. */
  cwd: string;
  /** `terraform`, `tofu`, or a path to either. */
  binary: string;
  /** The environment the binary runs with (its `PATH` and `TF_DATA_DIR` count). */
  env: NodeJS.ProcessEnv;
  /** Whether the scan reads resources (which needs an initialised directory). */
  reads: boolean;
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
}

/** The file the binary name resolves to, as the spawn would find it, or undefined. */
async function findBinary(
  binary: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const suffixes =
    process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  const candidates =
    binary.includes('/') || binary.includes('\\')
      ? [isAbsolute(binary) ? binary : resolve(cwd, binary)]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter((dir) => dir !== '')
          .map((dir) => join(dir, binary));
  for (const candidate of candidates) {
    for (const suffix of suffixes) {
      if (await isExecutableFile(candidate + suffix)) return candidate + suffix;
    }
  }
  return undefined;
}

/**
 * Throws a {@link ProviderConfigError} when the working directory is missing or not a
 * directory, the binary is not found, or (when resources are read) the directory has no
 * `.terraform` data directory (`TF_DATA_DIR` when set): `terraform init` has not run there.
 * @internal
 */
export async function checkTerraformSetup(setup: TerraformSetup): Promise<void> {
  const fail = (message: string, path: string, why: string): never => {
    throw new ProviderConfigError(message, {
      provider: setup.provider,
      issues: [{ path, message: why }],
    });
  };
  const dir = await isDirectory(setup.cwd);
  if (dir === undefined)
    fail(
      `The Terraform working directory ${setup.cwd} does not exist`,
      '/cwd',
      'no such directory',
    );
  if (dir === false)
    fail(
      `The Terraform working directory ${setup.cwd} is not a directory`,
      '/cwd',
      'not a directory',
    );
  if ((await findBinary(setup.binary, setup.cwd, setup.env)) === undefined) {
    fail(
      `${setup.binary} was not found${setup.binary.includes('/') ? '' : ' on PATH'}: install Terraform (or OpenTofu) or pass the path to it`,
      '/binary',
      'not found or not executable',
    );
  }
  if (!setup.reads) return;
  const dataDir = resolve(setup.cwd, setup.env.TF_DATA_DIR ?? '.terraform');
  if ((await isDirectory(dataDir)) !== true) {
    fail(
      `The Terraform working directory ${setup.cwd} is not initialised (no ${setup.env.TF_DATA_DIR ?? '.terraform'} directory): run \`${setup.binary} init\` there first`,
      '/cwd',
      'not initialised',
    );
  }
}
