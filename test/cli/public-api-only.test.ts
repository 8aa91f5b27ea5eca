/**
 * The CLI is a thin layer over the public API, and so a reference for users who write their
 * own: it may import the package entries, its own files and Node built-ins, nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-harness.js';

const CLI_DIR = join(ROOT, 'src', 'cli');
const ALLOWED = [
  /^node:/,
  /^\.\.\/index\.js$/,
  /^\.\.\/aws\.js$/,
  /^\.\.\/plugin\.js$/,
  /^\.\/[\w-]+\.js$/,
];

describe('the CLI', () => {
  it('imports only the public entries, its own files and node: built-ins', () => {
    const files = readdirSync(CLI_DIR).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of [...files.map((f) => join(CLI_DIR, f)), join(ROOT, 'src', 'cli.ts')]) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
      for (const specifier of specifiers) {
        const ok =
          file.endsWith('cli.ts') && !file.includes('/cli/')
            ? /^\.\/cli\/[\w-]+\.js$/.test(specifier)
            : ALLOWED.some((re) => re.test(specifier));
        expect(ok, `${file}: ${specifier}`).toBe(true);
      }
    }
  });
});
