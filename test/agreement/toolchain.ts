/**
 * Finding the real Terraform CLI and the real `hashicorp/aws` provider binary, and running
 * Terraform offline against them. Nothing is downloaded: the provider comes from a
 * filesystem mirror named in a CLI config file (`TF_CLI_CONFIG_FILE`), and every other
 * installation method is disabled, so a missing binary makes the suite skip, never fetch.
 *
 * Overrides: `TFDRIFT_TERRAFORM` (the binary) and `TFDRIFT_TF_PLUGIN_MIRROR` (a directory in
 * the filesystem-mirror layout `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where Terraform and the AWS provider were found. */
export interface Toolchain {
  terraform: string;
  mirror: string;
  providerVersion: string;
}

const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findTerraform(): string | undefined {
  const override = process.env.TFDRIFT_TERRAFORM;
  if (override !== undefined && override !== '') return isFile(override) ? override : undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  return [...dirs, '/usr/local/bin', '/usr/bin'].map((dir) => join(dir, 'terraform')).find(isFile);
}

/** The newest AWS provider version with a binary for this platform under `mirror`. */
function awsProviderIn(mirror: string): string | undefined {
  const root = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((version) => {
    const dir = join(root, version, PLATFORM);
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('terraform-provider-aws'));
  });
  return versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
}

/** The toolchain, or why there is none (printed when the suite skips). */
export function findToolchain(): Toolchain | { missing: string } {
  const terraform = findTerraform();
  if (terraform === undefined)
    return { missing: 'no terraform binary (set TFDRIFT_TERRAFORM or put terraform on PATH)' };
  const override = process.env.TFDRIFT_TF_PLUGIN_MIRROR;
  const candidates =
    override !== undefined && override !== ''
      ? [override]
      : ['/opt/tf-plugins', join(homedir(), '.terraform.d', 'plugins')];
  for (const mirror of candidates) {
    const providerVersion = awsProviderIn(mirror);
    if (providerVersion !== undefined) return { terraform, mirror, providerVersion };
  }
  return {
    missing: `no hashicorp/aws provider for ${PLATFORM} in ${candidates.join(', ')} (set TFDRIFT_TF_PLUGIN_MIRROR to a filesystem mirror)`,
  };
}

/** Writes a CLI config that installs providers from `mirror` only, and returns its path. */
export async function writeCliConfig(dir: string, mirror: string): Promise<string> {
  const path = join(dir, 'offline.tfrc');
  await writeFile(
    path,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
disable_checkpoint = true
`,
  );
  return path;
}

/** The environment every Terraform run of the harness gets: offline, no prompts, no colour. */
export function terraformEnv(cliConfig: string): Record<string, string> {
  return {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // Nothing of the developer's AWS setup may leak into the runs.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs terraform in `cwd`; rejects with its output when it exits non-zero. */
export function runTerraform(
  toolchain: Toolchain,
  cwd: string,
  env: Record<string, string>,
  args: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      toolchain.terraform,
      [...args, '-no-color'],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`terraform ${args.join(' ')} failed: ${stderr}\n${stdout.slice(-4000)}`),
          );
        else resolve(stdout);
      },
    );
  });
}

/** Terraform's own verdict per address, from `terraform plan -refresh-only -json` lines. */
export function driftFromPlanJson(lines: string): Map<string, 'drifted' | 'missing'> {
  const verdicts = new Map<string, 'drifted' | 'missing'>();
  for (const line of lines.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as {
      type?: string;
      change?: { resource?: { addr?: string }; action?: string };
    };
    if (message.type !== 'resource_drift') continue;
    const address = message.change?.resource?.addr;
    if (address === undefined) continue;
    verdicts.set(address, message.change?.action === 'delete' ? 'missing' : 'drifted');
  }
  return verdicts;
}
