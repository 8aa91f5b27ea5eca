/**
 * Every shell command the documentation tells users to run against the examples runs as
 * written. The commands are read out of the Markdown (```sh blocks and inline code) and the
 * usage lines of the examples' own headers; the table below says what each must do, and a
 * command documented without an entry here (or an entry no document shows) fails the test.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT, built, runProcess, type Run } from './example-harness.js';

/** Markdown files whose commands are checked (relative to the repository root). */
const MARKDOWN = [
  'README.md',
  'examples/README.md',
  ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`),
];

const COMMAND_START = /^(?:\(?cd |npx |npm |node |curl |[A-Z_]+=\S+ )/;

/** Whether `command` is one users run against the examples (not `npm install tfdrift`). */
function aboutExamples(command: string, file: string): boolean {
  return file === 'examples/README.md' || /examples\/|npm run demo/.test(command);
}

/** The shell commands of a Markdown file: lines of sh blocks and inline code spans. */
function markdownCommands(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const commands: string[] = [];
  for (const [, body] of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm))
    for (const line of body!.split('\n')) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (COMMAND_START.test(command) && aboutExamples(command, file)) commands.push(command);
    }
  for (const [, span] of text.matchAll(/`([^`\n]+)`/g))
    if (COMMAND_START.test(span!) && /examples\//.test(span!)) commands.push(span!.trim());
  return commands;
}

/** The usage lines (`*   command` or `//   command`) in the examples' headers. */
function headerCommands(): string[] {
  const commands: string[] = [];
  for (const entry of readdirSync(EXAMPLES, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const [, command] of text.matchAll(/^\s*(?:\*|\/\/) {3}(\S.*)$/gm))
      if (COMMAND_START.test(command!) && command!.includes('examples/'))
        commands.push(command!.trim());
  }
  return commands;
}

/** Besides PATH and NO_COLOR: npx needs HOME; the SDK's Node version warning is noise. */
const ENV = {
  HOME: process.env.HOME ?? '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Runs `command` with sh from the repository root, as a user would type it. */
function sh(command: string, env: Record<string, string> = {}): Promise<Run> {
  return runProcess('sh', ['-c', command], { env: { ...ENV, ...env }, timeoutMs: 60_000 });
}

/** A scan that found the drift of examples/basic and exits like `tfdrift scan` (2). */
const basicDrift = (run: Run): void => {
  expect(run.stderr).not.toMatch(/Error|at /);
  expect(run.stdout).toContain('Drift detected');
  expect(run.code).toBe(2);
};

/** The service and its curl line are checked together, once. */
let service: Promise<void> | undefined;

/** What each documented command must do. */
const COMMANDS: Record<string, () => Promise<void>> = {
  // `npm test` installs and builds before vitest runs: the setup is checked, not repeated.
  'npm ci && npm run build': () => {
    expect(existsSync(join(ROOT, 'node_modules', '.package-lock.json'))).toBe(true);
    expect(built).toBe(true);
    return Promise.resolve();
  },
  // The demo script rebuilds dist/ first; doing that here would pull dist/ from under the
  // test files running beside this one, so the build step is checked and the rest is run.
  'npm ci && npm run demo': () => runDemo(),
  'npm run demo': () => runDemo(),
  'npx tsx examples/basic/scan.ts': async () =>
    basicDrift(await sh('npx tsx examples/basic/scan.ts')),
  'npx tsx examples/ci-gate/gate.ts examples/basic/terraform.tfstate examples/basic/live-snapshot.json':
    async () =>
      basicDrift(
        await sh(
          'npx tsx examples/ci-gate/gate.ts examples/basic/terraform.tfstate examples/basic/live-snapshot.json',
        ),
      ),
  'npx vitest run examples/custom-provider': async () => {
    const run = await sh('npx vitest run examples/custom-provider');
    expect(run.stdout).toMatch(/Test Files\s+1 passed/);
    expect(run.code).toBe(0);
  },
  '(cd examples/custom-cli && npx tsx drift.ts --env prod)': async () => {
    const run = await sh('(cd examples/custom-cli && npx tsx drift.ts --env prod)');
    expect(run.stdout).toContain('~ aws_instance.web');
    // The CLI's company-wide ignore rule hides the bucket's LastScanned tag.
    expect(run.stdout).not.toContain('LastScanned');
    expect(run.code).toBe(2);
  },
  '(cd examples/custom-cli && npx tsx drift.ts --env prod --format markdown)': async () => {
    const run = await sh(
      '(cd examples/custom-cli && npx tsx drift.ts --env prod --format markdown)',
    );
    expect(run.stdout).toContain('## ⚠️ tfdrift drift report: drift detected');
    expect(run.code).toBe(2);
  },
  'STATE=examples/basic/terraform.tfstate SNAPSHOT=examples/basic/live-snapshot.json npx tsx examples/http-service/server.ts':
    () => (service ??= runService()),
  "curl 'localhost:8080/drift?format=markdown'": () => (service ??= runService()),
};

async function runDemo(): Promise<void> {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const [build, scan] = scripts.demo!.split(' && ');
  expect(build).toBe('tsup --silent');
  const run = await sh(scan!);
  expect(run.stdout).toContain('Drift detected');
  expect(run.stdout).toContain('Unmanaged');
  expect(run.code).toBe(0);
}

/**
 * Starts the service with the documented command and asks it with the documented curl
 * line. Tests listen on a random port: PORT, which the command leaves to the environment,
 * is 0 here, and the curl line is sent to the port the service printed.
 */
async function runService(): Promise<void> {
  const command = Object.keys(COMMANDS).find((c) => c.includes('http-service/server.ts'))!;
  const curl = Object.keys(COMMANDS).find((c) => c.startsWith('curl '))!;
  // Its own process group, so that stopping it stops npx, tsx and node under the shell.
  const child = spawn('sh', ['-c', command], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...ENV, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`no service: ${err}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /drift service on (\{.*\})/.exec(out);
        if (!match) return;
        clearTimeout(timer);
        const address = JSON.parse(match[1]!) as { address: string; port: number };
        expect(address.address).toBe('127.0.0.1');
        resolve(address.port);
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', () => reject(new Error(`the service exited: ${err}`)));
    });
    const run = await sh(`${curl.replace('localhost:8080', `127.0.0.1:${port}`)} --fail -sS`);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('## ⚠️ tfdrift drift report: drift detected');
    expect(run.code).toBe(0);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

const documented = [...MARKDOWN.flatMap(markdownCommands), ...headerCommands()];

describe('documented commands', () => {
  it('are exactly the commands this test knows how to check', () => {
    expect(documented.length).toBeGreaterThan(5);
    expect([...new Set(documented)].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  describe.skipIf(!built)('run as written', () => {
    for (const [command, check] of Object.entries(COMMANDS)) it(command, check, 90_000);
  });
});
