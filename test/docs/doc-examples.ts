/**
 * Finds the TypeScript examples of a Markdown file, with their `<!-- doc-example: … -->`
 * directives (see `code-examples.test.ts` for the conventions).
 */
export interface DocExample {
  /** Markdown file, relative to the repo root. */
  file: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  code: string;
  prelude: string;
  skip: string | undefined;
}

/** The `<!-- doc-example: … -->` comment ending just above `fenceIndex`, if any. */
function directiveAbove(lines: string[], fenceIndex: number): string | undefined {
  let end = fenceIndex - 1;
  while (end >= 0 && lines[end]!.trim() === '') end--;
  if (end < 0 || !lines[end]!.trim().endsWith('-->')) return undefined;
  let start = end;
  while (start >= 0 && !lines[start]!.includes('<!--')) start--;
  if (start < 0) return undefined;
  const comment = lines.slice(start, end + 1).join('\n');
  const match = /<!--\s*doc-example:\s*([\s\S]*?)-->\s*$/.exec(comment);
  return match?.[1];
}

/** Every ```ts / ```typescript fenced block of `markdown`, in order, with its directive. */
export function extractExamples(markdown: string, file: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)(\s.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trim().startsWith(fence)) {
      body.push(lines[j]!.slice(Math.min(indent, lines[j]!.search(/\S|$/))));
      j++;
    }
    const directive = directiveAbove(lines, i)?.trim() ?? '';
    const skip = /^skip\b/.exec(directive) ? directive.slice(4).trim() || 'skip' : undefined;
    const prelude = /^prelude\b/.exec(directive) ? directive.slice('prelude'.length).trim() : '';
    examples.push({ file, fenceLine: i + 1, code: body.join('\n'), prelude, skip });
    i = j;
  }
  return examples;
}
