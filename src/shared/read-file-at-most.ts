/**
 * Reading a file synchronously without trusting its size: a regular file larger than the
 * limit is refused from its size, and a device or pipe that never ends (`/dev/zero`) is read
 * only up to the limit.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What {@link readFileAtMostSync} read: the bytes, or that there were more than allowed. */
type BoundedRead = { bytes: Buffer } | { tooLarge: true };

/**
 * Reads at most `maxBytes` of `path`.
 * @throws the file system's error when the file cannot be opened or read.
 * @internal
 */
export function readFileAtMostSync(path: string, maxBytes: number): BoundedRead {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile() && info.size > maxBytes) return { tooLarge: true };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return { tooLarge: true };
      chunks.push(chunk.subarray(0, read));
    }
    return { bytes: Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}
