/**
 * Running the CLI in tests: in-process through `main` with captured streams (fast), or as a
 * real process from the source with tsx (for exit codes and signals). Fixtures are real files
 * in a temp directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { main } from '../../src/cli/main.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tfdrift argv` in-process in `cwd`. */
export async function run(
  argv: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

/** A running CLI process. */
export interface Spawned {
  child: ReturnType<typeof spawn>;
  done: Promise<RunResult>;
}

/** Starts `node --import tsx src/cli.ts argv` in `cwd`; `stdoutFd` sends stdout to an open file instead of a pipe. */
export function spawnCli(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
  stdoutFd?: number,
): Spawned {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'cli.ts'), ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<RunResult>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`CLI did not exit in time: ${stderr}`));
    }, 25_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code: code ?? (signal === null ? -1 : 128), stdout, stderr });
    });
  });
  return { child, done };
}

export const STATE = {
  version: 4,
  terraform_version: '1.9.8',
  serial: 3,
  lineage: 'c0ffee',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'logs',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            id: 'logs',
            bucket: 'logs',
            acl: 'private',
            tags: { Owner: 'alice', 'Cost Center': 'a1' },
          },
          sensitive_attributes: [],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'aws_instance',
      name: 'web',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 1,
          attributes: { id: 'i-1', instance_type: 't3.micro' },
          sensitive_attributes: [],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'example_secret',
      name: 'api',
      provider: 'provider["registry.terraform.io/example/example"]',
      instances: [
        {
          schema_version: 0,
          attributes: { id: 's-1', value: 'state-secret-0001' },
          sensitive_attributes: [[{ type: 'get_attr', value: 'value' }]],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'site',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        { schema_version: 0, attributes: { id: 'site', bucket: 'site' }, sensitive_attributes: [] },
      ],
    },
  ],
};

/** Live side: logs drifted (acl, two tags), web gone, the secret changed, site in sync, one stray bucket. */
export const DRIFTED_SNAPSHOT = {
  resources: {
    'aws_s3_bucket.logs': {
      attributes: {
        id: 'logs',
        bucket: 'logs',
        acl: 'public-read',
        tags: { Owner: 'bob', 'Cost Center': 'b2' },
      },
    },
    'aws_instance.web': null,
    'example_secret.api': { attributes: { id: 's-1', value: 'live-secret-0002' } },
    'aws_s3_bucket.site': { attributes: { id: 'site', bucket: 'site' } },
  },
  byId: {
    aws_s3_bucket: { stray: { attributes: { id: 'stray', bucket: 'stray' }, name: 'stray' } },
  },
};

/** The live side equal to the state. */
export const IN_SYNC_SNAPSHOT = {
  resources: {
    'aws_s3_bucket.logs': { attributes: STATE.resources[0]!.instances[0]!.attributes },
    'aws_instance.web': { attributes: STATE.resources[1]!.instances[0]!.attributes },
    'example_secret.api': { attributes: STATE.resources[2]!.instances[0]!.attributes },
    'aws_s3_bucket.site': { attributes: STATE.resources[3]!.instances[0]!.attributes },
  },
};

/** A temp dir with terraform.tfstate, live.json (drifted) and in-sync.json. */
export function workspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-cli-'));
  writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(STATE));
  writeFileSync(join(dir, 'live.json'), JSON.stringify(DRIFTED_SNAPSHOT));
  writeFileSync(join(dir, 'in-sync.json'), JSON.stringify(IN_SYNC_SNAPSHOT));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
