/**
 * What a consumer's type check pays for: a one-line consumer of the report types, compiled by
 * tsc against the built declarations as an installed package, must not load zod's
 * declarations (tfdrift validates with zod, but that is an implementation detail).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'dist', 'index.d.ts'));
if (!built)
  console.warn(
    '[tfdrift tests] dist/ not built: consumer type tests are skipped (run npm run build)',
  );

const work = mkdtempSync(join(tmpdir(), 'tfdrift-consumer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The files tsc loads to check `source` (strict, no skipLibCheck, no `@types`) in a project
 * that installed tfdrift: an ES module package or a CommonJS one.
 */
function filesLoaded(source: string, type: 'module' | 'commonjs'): string[] {
  const dir = mkdtempSync(join(work, `${type}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'tfdrift'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
  writeFileSync(join(dir, 'consumer.ts'), source);
  const compilerOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: false,
    types: [],
    lib: ['es2022', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
  };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: ['consumer.ts'] }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

const CONSUMER = `import { parseReport, type DriftReport } from 'tfdrift';
export const drifted = (r: DriftReport): number => r.summary.drifted;
export const read = (text: string): DriftReport => parseReport(text);
`;

describe.skipIf(!built)('a consumer of the report types', () => {
  for (const type of ['module', 'commonjs'] as const) {
    it(`type-checks without zod's declarations (${type} package)`, () => {
      const files = filesLoaded(CONSUMER, type);
      // The check really went through tfdrift's declarations for that module system...
      const entry = type === 'module' ? /\/dist\/index\.d\.ts$/ : /\/dist\/index\.d\.cts$/;
      expect(files.some((f) => entry.test(f))).toBe(true);
      // ...and none of them pulled zod in.
      expect(files.filter((f) => f.includes('/node_modules/zod/'))).toEqual([]);
    });
  }
});
