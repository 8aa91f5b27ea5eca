/**
 * Examples import `tfdrift` like users do, which resolves to dist/: without a build they are
 * skipped with a visible note (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Runs a TypeScript file with tsx; resolves with its exit code and output (bounded in time). */
export function runTs(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, file, ...args], {
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
      rej(new Error(`${file} did not exit in time: ${stderr}`));
    }, 25_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
  });
}
