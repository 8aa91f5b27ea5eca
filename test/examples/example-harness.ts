/**
 * Examples import `tfdrift` like users do, which resolves to dist/: without a build they are
 * skipped with a visible note (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const built =
  existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'dist', 'testing.js'));

if (!built)
  console.warn('[tfdrift tests] dist/ not built: example tests are skipped (run npm run build)');

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A finished process: its exit code and output. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end with a minimal environment; rejects after `timeoutMs`. */
export function runProcess(
  program: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Run> {
  const child = spawn(program, args, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${[program, ...args].join(' ')} did not exit in time: ${stderr}`));
    }, options.timeoutMs ?? 25_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs a TypeScript file with tsx; resolves with its exit code and output (bounded in time). */
export function runTs(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return runProcess(process.execPath, ['--import', TSX, file, ...args], options);
}

/** A step of a GitHub Actions workflow. */
export interface WorkflowStep {
  id?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

/** The GitHub Actions example workflow, as text. */
export const WORKFLOW = readFileSync(join(EXAMPLES, 'github-actions', 'drift.yml'), 'utf8');

/** js-yaml comes with eslint; without it, the workflow is checked as text only. */
export let yaml: { load(text: string): unknown } | undefined;
try {
  yaml = createRequire(import.meta.url)('js-yaml') as typeof yaml;
} catch {
  console.warn('[tfdrift tests] js-yaml not installed: the workflow is checked as text only');
}

/** The step of the example workflow with this `id` (needs {@link yaml}). */
export function workflowStep(id: string): WorkflowStep {
  const workflow = yaml!.load(WORKFLOW) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in the workflow`);
  return step;
}

/** Runs a workflow step's script with bash as GitHub Actions does (`bash -e`), bounded in time. */
export function runBash(
  script: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env,
  });
}
