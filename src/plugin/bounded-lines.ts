/**
 * A plugin's stdout and stderr split into lines, keeping at most `maxLength` characters of
 * each. `readline` keeps a line whole however long it is, so a plugin that writes megabytes
 * without a line break (a crash dump, binary garbage, a hostile binary) would grow tfdrift's
 * memory without bound; here what is past the limit is counted, not kept.
 */
import type { Readable } from 'node:stream';

/** One line: its first `maxLength` characters, and whether more were dropped. @internal */
export type LineHandler = (line: string, truncated: boolean) => void;

/**
 * Calls `onLine` for every line of `stream` (`\n` or `\r\n`), and for a last line without a
 * break when the stream ends.
 * @internal
 */
export function onBoundedLines(stream: Readable, maxLength: number, onLine: LineHandler): void {
  let current = '';
  let truncated = false;
  const emit = () => {
    const line = current.endsWith('\r') ? current.slice(0, -1) : current;
    const cut = truncated;
    current = '';
    truncated = false;
    onLine(line, cut);
  };
  const take = (piece: string) => {
    if (truncated) return;
    const room = maxLength - current.length;
    if (piece.length > room) {
      current += piece.slice(0, room);
      truncated = true;
    } else {
      current += piece;
    }
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      take(chunk.slice(start, end));
      emit();
      start = end + 1;
    }
    take(chunk.slice(start));
  });
  stream.on('end', () => {
    if (current.length > 0 || truncated) emit();
  });
}
