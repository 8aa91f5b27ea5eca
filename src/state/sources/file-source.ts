/**
 * Local state: a path, a `file:` URL, or `-` for standard input.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { StateSourceError } from '../../errors.js';
import { DEFAULT_MAX_STATE_BYTES, readAtMost, stateTooLarge } from '../size-limit.js';
import { redactSource } from './redact-url.js';

/** A stream of bytes or text, such as `process.stdin`. @internal */
export type ByteStream = AsyncIterable<Uint8Array | string>;

/**
 * Reads a local file. `source` is a path or a `file:` URL. A file larger than `maxBytes`
 * fails before it is read; a device or pipe that never ends (`/dev/zero`) fails once
 * `maxBytes` have arrived.
 * @throws {@link StateSourceError} when the file is missing, a directory, unreadable, or
 * too large (reason `TOO_LARGE`).
 * @internal
 */
export async function readFileSource(
  source: string | URL,
  signal?: AbortSignal,
  maxBytes = DEFAULT_MAX_STATE_BYTES,
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
  const tooLarge = () => stateTooLarge(name, maxBytes);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.isFile() && info.size > maxBytes) throw tooLarge();
    return await readAtMost(createReadStream(path, { signal }), maxBytes, tooLarge);
  } catch (error) {
    if (error instanceof StateSourceError) throw error;
    throw new StateSourceError(`Cannot read state from ${name}: ${describeFsError(error)}`, {
      source: name,
      cause: error,
    });
  }
}

/**
 * Reads a whole stream (standard input for `-`), failing once more than `maxBytes` arrived.
 * @internal
 */
export async function readStreamSource(
  stream: ByteStream,
  signal?: AbortSignal,
  maxBytes = DEFAULT_MAX_STATE_BYTES,
): Promise<Uint8Array> {
  const aborted = () =>
    new StateSourceError('Reading state from standard input was aborted', { source: '-' });
  if (signal?.aborted) throw aborted();
  // A stream that never ends (an idle terminal) must still give way to the signal.
  const destroy = () =>
    (stream as { destroy?: (error?: Error) => void }).destroy?.(new Error('aborted'));
  signal?.addEventListener('abort', destroy, { once: true });
  let bytes: Uint8Array;
  try {
    // Leaving the loop early, past the limit, stops the stream.
    bytes = await readAtMost(untilAborted(stream, signal), maxBytes, () =>
      stateTooLarge('-', maxBytes, 'standard input'),
    );
  } catch (error) {
    if (error instanceof StateSourceError) throw error;
    if (signal?.aborted) throw aborted();
    throw new StateSourceError('Cannot read state from standard input: the stream failed', {
      source: '-',
      cause: error,
    });
  } finally {
    signal?.removeEventListener('abort', destroy);
  }
  if (signal?.aborted) throw aborted();
  return bytes;
}

async function* untilAborted(
  stream: ByteStream,
  signal: AbortSignal | undefined,
): AsyncIterable<Uint8Array | string> {
  for await (const chunk of stream) {
    if (signal?.aborted) return;
    yield chunk;
  }
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
