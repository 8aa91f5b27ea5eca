/**
 * Every `npx tfdrift ...` line of the README and docs/ runs as written, the way a user who
 * ran `npm install tfdrift` runs it: in a project whose node_modules holds the built package,
 * on a `terraform.tfstate`, a `live.json` snapshot and an `infra/` configuration of that
 * project. The `--aws` lines run against a local EC2 endpoint (`AWS_ENDPOINT_URL_EC2`), never
 * AWS. A documented command without an entry here (or an entry no document shows) fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyEc2Model, startEc2Server, type FakeEc2 } from '../aws/servers/ec2-server.js';
import { DRIFTED_SNAPSHOT, STATE } from '../cli/cli-harness.js';
import { ROOT, built, runProcess, type Run } from './example-harness.js';

const MARKDOWN = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];

/** The `npx tfdrift` lines of the sh blocks of `file`. */
function tfdriftCommands(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const commands: string[] = [];
  for (const [, body] of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm))
    // A line ending in a backslash goes on: one command, as the shell reads it.
    for (const line of body!.replace(/\\\n\s*/g, '').split('\n')) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command.startsWith('npx tfdrift ')) commands.push(command);
    }
  return commands;
}

let project = '';
let ec2: FakeEc2 | undefined;

/** The documented state, with the `logs` bucket under the `for_each` key the docs name. */
const PROJECT_STATE = {
  ...STATE,
  resources: STATE.resources.map((r) =>
    r.name === 'logs'
      ? { ...r, instances: r.instances.map((i) => ({ ...i, index_key: 'eu' })) }
      : r,
  ),
};

beforeAll(async () => {
  if (!built) return;
  project = mkdtempSync(join(tmpdir(), 'tfdrift-project-'));
  // What `npm install tfdrift` leaves: the package and its bin link.
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ private: true, dependencies: { tfdrift: '*' } }),
  );
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(project, 'node_modules', 'tfdrift'), 'dir');
  symlinkSync('../tfdrift/dist/cli.js', join(project, 'node_modules', '.bin', 'tfdrift'));
  writeFileSync(join(project, 'terraform.tfstate'), JSON.stringify(PROJECT_STATE));
  writeFileSync(join(project, 'live.json'), JSON.stringify(DRIFTED_SNAPSHOT));
  // `--config infra/` finds the state through the configuration's backend.
  mkdirSync(join(project, 'infra'));
  writeFileSync(
    join(project, 'infra', 'main.tf'),
    'terraform {\n  backend "local" {\n    path = "../terraform.tfstate"\n  }\n}\n',
  );
  ec2 = await startEc2Server(emptyEc2Model());
});
afterAll(async () => {
  await ec2?.close();
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

/** Runs `command` with sh in the project, as typed. */
function sh(command: string, env: Record<string, string> = {}): Promise<Run> {
  return runProcess('sh', ['-c', command], {
    cwd: project,
    env: { HOME: process.env.HOME ?? '', ...env },
    timeoutMs: 60_000,
  });
}

/** A region's AWS, here: fake credentials and the local EC2 endpoint. */
function awsEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_ENDPOINT_URL_EC2: ec2!.url,
    // No STS here: the credential check is the one call that would leave the machine.
    AWS_ENDPOINT_URL_STS: ec2!.url,
  };
}

/** An `--aws` SARIF scan: it ran (flags valid), asked the endpoint, and wrote the SARIF. */
async function awsSarifScan(command: string): Promise<void> {
  rmSync(join(project, 'drift.sarif'), { force: true });
  const before = ec2!.calls.get('DescribeInstances') ?? 0;
  const run = await sh(command, awsEnv());
  // The scan really read aws_instance.web from the endpoint.
  expect(ec2!.calls.get('DescribeInstances') ?? 0).toBeGreaterThan(before);
  expect(run.stderr).not.toMatch(/usage|--help|NodeVersionSupportWarning/i);
  expect([0, 1, 2]).toContain(run.code);
  const sarif = JSON.parse(readFileSync(join(project, 'drift.sarif'), 'utf8')) as {
    version: string;
  };
  expect(sarif.version).toBe('2.1.0');
}

/** A local HTTP server that answers `{}` and keeps every request's target and body. */
async function recorder(): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push(`${String(req.headers['x-amz-target'] ?? '')} ${req.url ?? ''} ${body}`);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

/**
 * The documented `--listen :9090` port, or, when something else on this machine holds it, a
 * free one (the command is then run with that port and is otherwise as documented).
 */
async function listenPort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const probe = createNetServer();
      probe.once('error', () => resolve(undefined));
      probe.listen(port, '127.0.0.1', () => {
        const { port: bound } = probe.address() as AddressInfo;
        probe.close(() => resolve(bound));
      });
    });
  const documented = await tryPort(9090);
  if (documented !== undefined) return documented;
  const other = await tryPort(0);
  console.log(`port 9090 is taken on this machine; the watch commands listen on ${other} instead`);
  return other as number;
}

/**
 * Runs a `watch` command (it runs until stopped) until `ready()` holds, checks its
 * `/healthz` on the documented `--listen :9090` (see {@link listenPort}), then stops it with
 * SIGTERM.
 */
async function watchUntil(
  documentedCommand: string,
  env: Record<string, string>,
  ready: (stdout: string) => boolean,
): Promise<string> {
  const port = await listenPort();
  const command = documentedCommand.replace('--listen :9090', `--listen :${port}`);
  const child = spawn('sh', ['-c', command], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  try {
    const deadline = Date.now() + 60_000;
    while (!ready(stdout)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${command} did not get ready: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(stderr).not.toMatch(/usage|NodeVersionSupportWarning/i);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await closed;
  }
  return stdout;
}

const COMMANDS: Record<string, () => Promise<void>> = {
  'npx tfdrift watch --state terraform.tfstate --snapshot live.json --interval 60 --listen :9090':
    async () => {
      rmSync(join(project, '.tfdrift'), { recursive: true, force: true });
      const stdout = await watchUntil(
        'npx tfdrift watch --state terraform.tfstate --snapshot live.json --interval 60 --listen :9090',
        {},
        (out) => out.includes('"scan-completed"'),
      );
      // The first scan saw the drift; it opens after the default 30 s confirmation re-read.
      const completed = stdout
        .split('\n')
        .filter((line) => line.includes('"scan-completed"'))
        .map((line) => JSON.parse(line) as { summary: { drifted: number } });
      expect(completed[0]?.summary.drifted).toBeGreaterThan(0);
    },
  'npx tfdrift watch --state terraform.tfstate --aws --events sqs://sqs.eu-west-1.amazonaws.com/123456789012/tfdrift-events --slack "$SLACK_WEBHOOK_URL" --listen :9090':
    async () => {
      rmSync(join(project, '.tfdrift'), { recursive: true, force: true });
      const sqs = await recorder();
      try {
        await watchUntil(
          'npx tfdrift watch --state terraform.tfstate --aws --events sqs://sqs.eu-west-1.amazonaws.com/123456789012/tfdrift-events --slack "$SLACK_WEBHOOK_URL" --listen :9090',
          {
            ...awsEnv(),
            AWS_REGION: 'eu-west-1',
            AWS_ENDPOINT_URL_SQS: sqs.url,
            SLACK_WEBHOOK_URL: `${sqs.url}/slack`,
          },
          // The queue named in the command is polled.
          () => sqs.seen.some((r) => r.includes('tfdrift-events')),
        );
      } finally {
        await new Promise((r) => sqs.server.close(r));
      }
    },
  'npx tfdrift scan --state terraform.tfstate --snapshot live.json': async () => {
    const run = await sh('npx tfdrift scan --state terraform.tfstate --snapshot live.json');
    expect(run.stdout).toContain('aws_s3_bucket.logs["eu"]');
    expect(run.code).toBe(2);
  },
  'npx tfdrift baseline --state terraform.tfstate --snapshot live.json': async () => {
    rmSync(join(project, '.driftignore'), { force: true });
    const run = await sh('npx tfdrift baseline --state terraform.tfstate --snapshot live.json');
    expect(run.code).toBe(0);
    expect(readFileSync(join(project, '.driftignore'), 'utf8')).toContain(
      'aws_s3_bucket.logs["eu"]',
    );
    rmSync(join(project, '.driftignore'));
  },
  'npx tfdrift explain \'aws_s3_bucket.logs["eu"]\' --state terraform.tfstate --snapshot live.json':
    async () => {
      const run = await sh(
        'npx tfdrift explain \'aws_s3_bucket.logs["eu"]\' --state terraform.tfstate --snapshot live.json',
      );
      expect(run.stdout).toContain('aws_s3_bucket.logs["eu"]');
      expect(run.code).toBe(2);
    },
  'npx tfdrift scan --state terraform.tfstate --aws --region eu-west-1 --format sarif --output drift.sarif':
    () =>
      awsSarifScan(
        'npx tfdrift scan --state terraform.tfstate --aws --region eu-west-1 --format sarif --output drift.sarif',
      ),
  'npx tfdrift scan --config infra/ --aws --region eu-west-1 --format sarif --output drift.sarif':
    () =>
      awsSarifScan(
        'npx tfdrift scan --config infra/ --aws --region eu-west-1 --format sarif --output drift.sarif',
      ),
};

const documented = MARKDOWN.flatMap(tfdriftCommands);

describe('documented tfdrift commands', () => {
  it('are exactly the commands this test knows how to check', () => {
    expect([...new Set(documented)].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  describe.skipIf(!built)('run as written in a project that installed tfdrift', () => {
    for (const [command, check] of Object.entries(COMMANDS)) it(command, check, 90_000);
  });
});
