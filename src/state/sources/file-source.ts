/**
 * Local state: a path, a `file:` URL, or `-` for standard input.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { StateSourceError } from '../../errors.js';
import { redactSource } from './redact-url.js';

/** A stream of bytes or text, such as `process.stdin`. @public */
export type ByteStream = AsyncIterable<Uint8Array | string>;

/**
 * Reads a local file. `source` is a path or a `file:` URL.
 * @throws {@link StateSourceError} when the file is missing, a directory, or unreadable.
 * @internal
 */
export async function readFileSource(
  source: string | URL,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const name = redactSource(source);
  let path: string;
  try {
    path =
      typeof source === 'string' && !source.startsWith('file:') ? source : fileURLToPath(source);
  } catch {
    // No `cause`: Node's URL error keeps the raw input, credentials included.
    throw new StateSourceError(`Cannot read state from ${name}: not a valid file URL`, {
      source: name,
    });
  }
  try {
    return await readFile(path, { signal });
  } catch (error) {
    throw new StateSourceError(`Cannot read state from ${name}: ${describeFsError(error)}`, {
      source: name,
      cause: error,
    });
  }
}

/**
 * Reads a whole stream (standard input for `-`).
 * @internal
 */
export async function readStreamSource(
  stream: ByteStream,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const aborted = () =>
    new StateSourceError('Reading state from standard input was aborted', { source: '-' });
  if (signal?.aborted) throw aborted();
  // A stream that never ends (an idle terminal) must still give way to the signal.
  const destroy = () =>
    (stream as { destroy?: (error?: Error) => void }).destroy?.(new Error('aborted'));
  signal?.addEventListener('abort', destroy, { once: true });
  let size = 0;
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) break;
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.byteLength;
    }
  } catch (error) {
    if (signal?.aborted) throw aborted();
    throw new StateSourceError('Cannot read state from standard input: the stream failed', {
      source: '-',
      cause: error,
    });
  } finally {
    signal?.removeEventListener('abort', destroy);
  }
  if (signal?.aborted) throw aborted();
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function describeFsError(error: unknown): string {
  switch ((error as { code?: unknown }).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    case 'ABORT_ERR':
      return 'aborted';
    default:
      return (error as { code?: unknown }).code
        ? String((error as { code: unknown }).code)
        : 'read failed';
  }
}
