/**
 * Type-checks every TypeScript code example in the documentation against the built public API.
 *
 * Which blocks: every fenced block whose info string starts with `ts` or `typescript` in
 * `README.md`, `docs/*.md` and `examples/README.md`. Each becomes one module in
 * `temp/doc-examples/` (inside the repo, so `import … from 'tfdrift'`, `'tfdrift/aws'` and
 * `'tfdrift/testing'` resolve through the package.json `exports` self-reference to `dist/`), and
 * all of them are checked in a single `tsc --noEmit` run (strict, NodeNext, like a user's project).
 *
 * Conventions, written as an HTML comment right before the fence (blank lines may separate them):
 *
 * - Fragments that use names they do not declare get a prelude, prepended to the block verbatim:
 *
 *   ```md
 *   <!-- doc-example: prelude
 *   import { detectDrift, type Provider } from 'tfdrift';
 *   declare const providers: Provider[];
 *   -->
 *   ```
 *
 *   Top-level `await` needs nothing: every example is an ES module (`export {}` is appended when
 *   the block and its prelude have no import or export).
 * - Blocks that are not code a user could compile (a type summary, pseudo-code) are skipped, and
 *   counted in the test output: `<!-- doc-example: skip <why> -->`.
 *
 * Errors are reported against the Markdown file and line of the offending example line.
 * The check needs `dist/` (`npm test` builds first); without `dist/index.d.ts` it fails and says
 * to run `npm run build`: a check that silently passes when it could not run checks nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractExamples, type DocExample } from './doc-examples.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const outDir = join(repoRoot, 'temp', 'doc-examples');
const hasDist = existsSync(join(repoRoot, 'dist', 'index.d.ts'));

function docFiles(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs, 'examples/README.md'].filter((f) => existsSync(join(repoRoot, f)));
}

function moduleName(example: DocExample, n: number): string {
  const stem = example.file.replace(/\.md$/, '').replace(/[^a-zA-Z0-9]+/g, '-');
  return `${stem}-${n}.ts`;
}

const allExamples = docFiles().flatMap((file) =>
  extractExamples(readFileSync(join(repoRoot, file), 'utf8'), file),
);
const checked = allExamples.filter((e) => e.skip === undefined);
const skipped = allExamples.filter((e) => e.skip !== undefined);

describe('documentation code examples', () => {
  it(`type-check against dist/ (${checked.length} checked, ${skipped.length} skipped)`, () => {
    expect(
      hasDist,
      'dist/index.d.ts is absent: run `npm run build` first (npm test builds before vitest)',
    ).toBe(true);
    for (const e of skipped)
      console.info(`doc example skipped: ${e.file}:${e.fenceLine} (${e.skip})`);
    expect(checked.length).toBeGreaterThan(0);

    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    /** Generated file name → where its lines come from. */
    const origins = new Map<string, { example: DocExample; preludeLines: number }>();
    const perFile = new Map<string, number>();
    for (const example of checked) {
      const n = (perFile.get(example.file) ?? 0) + 1;
      perFile.set(example.file, n);
      const name = moduleName(example, n);
      const prelude = example.prelude === '' ? '' : `${example.prelude}\n`;
      const source = prelude + example.code;
      const isModule = /^\s*(import|export)\b/m.test(source);
      writeFileSync(join(outDir, name), `${source}\n${isModule ? '' : 'export {};\n'}`);
      origins.set(name, { example, preludeLines: prelude.split('\n').length - 1 });
    }
    writeFileSync(
      join(outDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['*.ts'],
      }),
    );
    console.info(`doc examples checked: ${[...perFile].map(([f, n]) => `${f} ${n}`).join(', ')}`);

    const tsc = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', outDir, '--pretty', 'false'],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(tsc.error).toBeUndefined();

    const failures: string[] = [];
    for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
      if (line.trim() === '') continue;
      const m = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(line);
      const origin = m ? origins.get(basename(m[1]!)) : undefined;
      if (!m || !origin) {
        failures.push(line.startsWith(' ') ? line : relative(repoRoot, line) || line);
        continue;
      }
      const generatedLine = Number(m[2]);
      const { example, preludeLines } = origin;
      const where =
        generatedLine <= preludeLines
          ? `${example.file}:${example.fenceLine} (prelude line ${generatedLine})`
          : `${example.file}:${example.fenceLine + generatedLine - preludeLines}`;
      failures.push(`${where}:${m[3]} ${m[4]}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(tsc.status).toBe(0);
  }, 90_000);
});
