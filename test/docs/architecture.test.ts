/**
 * docs/architecture.md is the map newcomers read first: every `src/...` path it names must
 * exist, and the invariants it states about imports must hold.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const MAP = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** Every `src/...` path the map names (in code spans and code blocks). */
function namedPaths(): string[] {
  // A path with a placeholder (`src/report/format-<name>.ts`) is a pattern, not a file.
  const paths = (MAP.match(/\bsrc\/[\w./<>-]*[\w/>]/g) ?? []).filter((p) => !p.includes('<'));
  return [...new Set(paths.map((p) => p.replace(/\/$/, '')))];
}

interface ImportRef {
  specifier: string;
  /** `import type` / `export type`: erased from the build. */
  typeOnly: boolean;
  /** `import('…')`: loaded on first use. */
  dynamic: boolean;
}

/** The imports of a source file, with whether each is type-only or dynamic. */
function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes, dynamic: false });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      refs.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: node.isTypeOnly,
        dynamic: false,
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      refs.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => relative(ROOT, join(e.parentPath, e.name)));

/** Where an import lands, relative to the repository (`src/…/x.ts`), or the package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** The layers above the core, each with the files allowed to import it. */
const UPPER: { layer: RegExp; importers: RegExp }[] = [
  {
    layer: /^src\/(providers\/aws\/|aws\.ts$)/,
    importers: /^src\/(providers\/aws\/|aws\.ts$|cli)/,
  },
  { layer: /^src\/(plugin\/|plugin\.ts$)/, importers: /^src\/(plugin\/|plugin\.ts$|cli)/ },
  { layer: /^src\/(cli\/|cli\.ts$)/, importers: /^src\/(cli\/|cli\.ts$)/ },
];

describe('docs/architecture.md', () => {
  it('names only paths that exist', () => {
    const named = namedPaths();
    expect(named.length).toBeGreaterThan(40);
    const missing = named.filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });

  it('names every directory of src', () => {
    const dirs = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `src/${e.name}`);
    for (const dir of dirs) expect(MAP, dir).toContain(`\`${dir}\``);
  });

  it('holds: the core never imports the AWS reader, the plugin reader or the CLI', () => {
    expect(files.length).toBeGreaterThan(100);
    const violations: string[] = [];
    for (const file of files)
      for (const { specifier } of importsOf(file)) {
        const to = target(file, specifier);
        for (const { layer, importers } of UPPER)
          if (layer.test(to) && !importers.test(file)) violations.push(`${file} → ${to}`);
      }
    expect(violations).toEqual([]);
  });

  it('holds: no module loads a package but zod and node built-ins when imported', () => {
    // Optional peer dependencies (AWS SDK, gRPC, protobuf, msgpack, the HCL parser) are
    // imported with import() on first use, or as types only.
    const eager: string[] = [];
    for (const file of files)
      for (const ref of importsOf(file))
        if (
          !ref.specifier.startsWith('.') &&
          !ref.typeOnly &&
          !ref.dynamic &&
          !/^(node:|zod$)/.test(ref.specifier)
        )
          eager.push(`${file}: ${ref.specifier}`);
    expect(eager).toEqual([]);
  });
});
