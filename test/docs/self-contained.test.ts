/**
 * The repository explains itself: no comment, test or document cites design notes that are
 * not in it (a numbered rule, a section sign, a design document or notes folder kept outside).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'test', 'docs', 'bench', 'examples', 'scripts', 'README.md'];

/** Citations of notes outside the repository; spelled in pieces so this file does not match. */
const CITATIONS = [
  new RegExp('rule ' + '#\\d', 'i'),
  new RegExp('DESIGN' + '\\.md', 'i'),
  new RegExp('diff-' + 'semantics', 'i'),
  new RegExp('shared/' + 'notes'),
  new RegExp('\u00a7'),
];

/** Every text file under `path` (a file or a directory), relative to the repository. */
function textFiles(path: string): string[] {
  const absolute = join(ROOT, path);
  const entries = readdirSync(absolute, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|mts|mjs|js|md|json|yml|yaml)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the repository explains itself', () => {
  it('cites no notes that are not in the repository', () => {
    const files = SCANNED.flatMap((path) => (path.endsWith('.md') ? [path] : textFiles(path)));
    expect(files.length).toBeGreaterThan(100);
    const citations: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (CITATIONS.some((pattern) => pattern.test(line)))
          citations.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(citations).toEqual([]);
  });
});
