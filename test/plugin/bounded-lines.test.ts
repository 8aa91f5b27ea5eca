import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { onBoundedLines } from '../../src/plugin/bounded-lines.js';

async function linesOf(chunks: (string | Buffer)[], maxLength: number) {
  const stream = new PassThrough();
  const out: [string, boolean][] = [];
  onBoundedLines(stream, maxLength, (line, truncated) => out.push([line, truncated]));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  return out;
}

describe('onBoundedLines', () => {
  it('splits lines across chunks, on \\n and \\r\\n, keeping empty lines and a last line without a break', async () => {
    expect(await linesOf(['one\ntw', 'o\r\n\nthr', 'ee'], 100)).toEqual([
      ['one', false],
      ['two', false],
      ['', false],
      ['three', false],
    ]);
    expect(await linesOf(['ends\n'], 100)).toEqual([['ends', false]]);
    expect(await linesOf([], 100)).toEqual([]);
  });

  it('keeps the first maxLength characters of a long line, says it was cut, and reads on', async () => {
    const long = 'a'.repeat(10);
    expect(await linesOf([`${long}${long}`, `${long}\nnext\n`, 'b'.repeat(12)], 8)).toEqual([
      ['aaaaaaaa', true],
      ['next', false],
      ['bbbbbbbb', true],
    ]);
  });

  it('decodes a character split between chunks', async () => {
    const bytes = Buffer.from('héllo ✓\n', 'utf8');
    expect(
      await linesOf([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)], 100),
    ).toEqual([['héllo ✓', false]]);
  });
});
