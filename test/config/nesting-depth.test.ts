import { describe, expect, it } from 'vitest';
import { hclTooDeep, jsonTooDeep } from '../../src/config/nesting-depth.js';

const LIMIT = 8;

describe('hclTooDeep', () => {
  it('counts blocks, brackets, parentheses and interpolations', () => {
    expect(hclTooDeep('a { b { c = [1, (2)] } }', LIMIT)).toBeUndefined();
    expect(hclTooDeep(`x = ${'['.repeat(9)}${']'.repeat(9)}`, LIMIT)).toEqual({
      depth: 9,
      line: 1,
      column: 13,
    });
    expect(hclTooDeep(`x = "${'${"'.repeat(5)}"`, LIMIT)?.depth).toBe(9);
  });

  it('does not count brackets in comments, quoted strings, escapes and heredocs', () => {
    const braces = '{'.repeat(50);
    const text = [
      `# ${braces}`,
      `// ${braces}`,
      `/* ${braces}`,
      `${braces} */`,
      `x = "${braces} \\" ${braces} $\${ %%{"`,
      'y = <<-EOT',
      `  ${braces}`,
      '  EOT',
      `z = ${'['.repeat(LIMIT)}${']'.repeat(LIMIT)}`,
    ].join('\n');
    expect(hclTooDeep(text, LIMIT)).toBeUndefined();
  });

  it('counts interpolations inside heredocs, and code resumes after the closing marker', () => {
    const text = `x = <<EOT\n${'${['.repeat(5)}\nEOT\ny = ${'('.repeat(9)}`;
    expect(hclTooDeep(text, LIMIT)?.line).toBe(2);
    expect(hclTooDeep(`x = <<EOT\n{{{{{{{{{{\nEOT\ny = ${'('.repeat(9)}`, LIMIT)?.line).toBe(4);
  });

  it('counts unary operators and conditionals of one expression, not binary minus or separate items', () => {
    expect(hclTooDeep(`x = ${'!'.repeat(9)}true`, LIMIT)?.depth).toBe(9);
    expect(hclTooDeep(`x = ${'a - '.repeat(50)}1`, LIMIT)).toBeUndefined();
    expect(hclTooDeep(`x = ${'a ? 1 : '.repeat(9)}2`, LIMIT)?.depth).toBe(9);
    const manyConditionals = Array.from({ length: 50 }, (_, i) => `v${i} = a ? 1 : 2`).join('\n');
    expect(hclTooDeep(`locals {\n${manyConditionals}\n}`, LIMIT)).toBeUndefined();
    expect(hclTooDeep(`x = [${'a ? 1 : 2, '.repeat(50)}]`, LIMIT)).toBeUndefined();
  });
});

describe('jsonTooDeep', () => {
  it('counts objects and arrays outside strings', () => {
    expect(jsonTooDeep(`{"a": "${'['.repeat(50)}\\"{"}`, LIMIT)).toBeUndefined();
    expect(jsonTooDeep(`{"a":\n${'['.repeat(9)}`, LIMIT)).toEqual({ depth: 9, line: 2, column: 8 });
  });
});
