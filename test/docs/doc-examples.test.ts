import { describe, expect, it } from 'vitest';
import { extractExamples } from './doc-examples.js';

const md = (...lines: string[]) => lines.join('\n');

describe('extractExamples', () => {
  it('finds ts and typescript fences, with the line of the opening fence', () => {
    const found = extractExamples(
      md(
        '# T',
        '```ts',
        'const a = 1;',
        '```',
        '```sh',
        'ls',
        '```',
        '```typescript',
        'a();',
        '```',
      ),
      'x.md',
    );
    expect(found.map((e) => [e.fenceLine, e.code])).toEqual([
      [2, 'const a = 1;'],
      [8, 'a();'],
    ]);
    expect(found.every((e) => e.prelude === '' && e.skip === undefined)).toBe(true);
  });

  it('reads a multi-line prelude directive separated from the fence by a blank line', () => {
    const [example] = extractExamples(
      md(
        '<!-- doc-example: prelude',
        "import { x } from 'tfdrift';",
        '-->',
        '',
        '```ts',
        'x;',
        '```',
      ),
      'x.md',
    );
    expect(example?.prelude).toBe("import { x } from 'tfdrift';");
    expect(example?.skip).toBeUndefined();
  });

  it('marks skipped blocks with their reason', () => {
    const [example] = extractExamples(
      md('<!-- doc-example: skip pseudo-code -->', '```ts', 'foo(...)', '```'),
      'x.md',
    );
    expect(example?.skip).toBe('pseudo-code');
  });

  it('ignores comments that are not directives or are not right above the fence', () => {
    const found = extractExamples(
      md(
        '<!-- a note -->',
        '```ts',
        'a;',
        '```',
        '<!-- doc-example: skip x -->',
        'text',
        '```ts',
        'b;',
        '```',
      ),
      'x.md',
    );
    expect(found.map((e) => [e.skip, e.prelude])).toEqual([
      [undefined, ''],
      [undefined, ''],
    ]);
  });

  it('strips the indentation of a fence nested in a list item', () => {
    const [example] = extractExamples(
      md('- item', '  ```ts', '  if (a) {', '    b();', '  }', '  ```'),
      'x.md',
    );
    expect(example?.code).toBe('if (a) {\n  b();\n}');
  });
});
