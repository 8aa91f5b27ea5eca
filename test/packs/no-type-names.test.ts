/**
 * The core knows no resource type: every Terraform type name lives in a pack (src/packs).
 * A file outside the packs that names one (in a string, a template or an identifier;
 * comments do not count) fails here, so provider knowledge cannot creep back into the diff
 * engine or the scan.
 *
 * Type names are recognized by the prefixes of the providers whose schemas tfdrift carries
 * (the generated schema secrets: aws_, google_, azurerm_, kubernetes_, vault_, …).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SECRETS } from '../../src/packs/schema-secrets.generated.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/**
 * Folders that may name types, and why:
 * - src/packs: the packs are where type knowledge belongs;
 * - src/providers/aws: the AWS SDK reader reads those types from the AWS APIs (which API
 *   call serves `aws_s3_bucket`), so it is a reader *for* them, not the core.
 */
const ALLOWED = ['src/packs/', 'src/providers/aws/'];

const PREFIXES = [...new Set(Object.keys(SCHEMA_SECRETS).map((t) => t.slice(0, t.indexOf('_'))))];
const TYPE_NAME = new RegExp(`(?<![\\w-])(?:${PREFIXES.join('|')})_[a-z0-9_]*[a-z0-9]`, 'g');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The type names a file's code (strings, templates, identifiers; not comments) spells. */
function typeNamesIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isIdentifier(node)
    ) {
      const value = node.text;
      for (const match of value.matchAll(TYPE_NAME)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${relative(ROOT, file)}:${line + 1} ${match[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the core names no resource type', () => {
  it('knows the prefixes it looks for', () => {
    expect(PREFIXES).toEqual(expect.arrayContaining(['aws', 'google', 'azurerm', 'kubernetes']));
  });

  it('finds a type name in code but not in comments (the check itself)', () => {
    const dir = join(ROOT, 'temp');
    const probe = join(dir, 'no-type-names-probe.ts');
    ts.sys.writeFile(
      probe,
      [
        '// aws_instance in a comment is fine',
        '/** and google_compute_instance in a doc comment */',
        "const a = 'aws_s3_bucket';",
        'const b = `${a}.azurerm_subnet`;',
        'const arn = "arn:aws:s3:::x"; const tag = "aws:cloudformation";',
        'const re = /aws_[a-z]+/;',
      ].join('\n'),
    );
    expect(typeNamesIn(probe).map((f) => f.split(' ')[1])).toEqual([
      'aws_s3_bucket',
      'azurerm_subnet',
    ]);
  });

  it('no file outside the packs (and the AWS reader) names one', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !ALLOWED.some((dir) => relative(ROOT, file).startsWith(dir)))
      .flatMap(typeNamesIn);
    expect(offenders).toEqual([]);
  });
});
