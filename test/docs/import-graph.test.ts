/**
 * The import graph of `src` has no cycle: a file never depends, through any chain of imports,
 * on itself. Every kind of import counts (`import`, `import type`, `export … from`, dynamic
 * `import()` and `typeof import()` types), since a type-only cycle still ties two layers
 * together. The one allowed exception is the mutual recursion of the diff's set matching:
 * comparing two elements under rules needs to match the sets inside them, and matching sets
 * needs to compare elements.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The files allowed to form a cycle together: exactly this pair, nothing more. */
const ALLOWED_CYCLE = ['src/diff/equal-under-rules.ts', 'src/diff/set-matching.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The file a relative specifier names (`./x.js` is written for `./x.ts`), if it is ours. */
function resolveSpecifier(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => files.has(c));
}

/** Every file of `dir` → the files of `dir` it imports, in any way. */
function importGraph(dir: string): Map<string, Set<string>> {
  const files = sourceFiles(resolve(dir));
  const known = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    // preProcessFile finds static imports and re-exports (type-only included), `import()`
    // calls and `import()` types, without building a program.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const target = resolveSpecifier(file, fileName, known);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components of more than one file, or of one file importing itself (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

/** One import chain that goes round inside `component`: `a → b → … → a`. */
function cyclePath(graph: Map<string, Set<string>>, component: string[]): string[] {
  const inside = new Set(component);
  const start = component[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

function describeCycles(graph: Map<string, Set<string>>, root: string): string[] {
  return cycles(graph).map((component) =>
    cyclePath(graph, component)
      .map((f) => relative(root, f))
      .join(' → '),
  );
}

describe('the import graph of src', () => {
  const graph = importGraph(join(ROOT, 'src'));

  it('is the whole source tree', () => {
    let edges = 0;
    for (const targets of graph.values()) edges += targets.size;
    expect(graph.size).toBeGreaterThan(150);
    expect(edges).toBeGreaterThan(2 * graph.size);
  });

  it('has no cycle but the mutual recursion of set matching, type-only imports included', () => {
    const allowed = ALLOWED_CYCLE.map((f) => join(ROOT, f)).sort();
    const unexpected = cycles(graph).filter(
      (c) => c.length !== allowed.length || c.some((f, i) => f !== allowed[i]),
    );
    expect(
      unexpected.map((c) =>
        cyclePath(graph, c)
          .map((f) => relative(ROOT, f))
          .join(' → '),
      ),
    ).toEqual([]);
  });

  it('still needs its one exception: the set matching recursion exists', () => {
    const [a, b] = ALLOWED_CYCLE.map((f) => join(ROOT, f)) as [string, string];
    expect(graph.get(a)?.has(b)).toBe(true);
    expect(graph.get(b)?.has(a)).toBe(true);
  });
});

describe('the cycle check itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-import-graph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  it('finds cycles made by type-only imports, re-exports and dynamic imports, with their path', () => {
    write('model/a.ts', "import type { B } from '../layer/b.js';\nexport interface A { b: B }\n");
    write('layer/b.ts', "export type { C as B } from './c.js';\n");
    write('layer/c.ts', "export type C = typeof import('../model/a.js');\n");
    write('lazy/d.ts', "export const load = () => import('./e.js');\n");
    write('lazy/e.ts', "import { load } from './d.js';\nexport const again = load;\n");
    write('self/f.ts', "export * from './f.js';\n");
    write('fine/g.ts', "import { a } from 'node:path';\nimport type { A } from '../model/a.js';\n");
    expect(describeCycles(importGraph(dir), dir).sort()).toEqual([
      'layer/b.ts → layer/c.ts → model/a.ts → layer/b.ts',
      'lazy/d.ts → lazy/e.ts → lazy/d.ts',
      'self/f.ts → self/f.ts',
    ]);
  });
});
