/**
 * The size limit of a state: how many bytes tfdrift reads from a source, and how many a
 * gzip-compressed state may expand to. Without it, a 1 MB gzip bomb took 2 GB of memory, an
 * HTTP body was buffered without end, and anything past V8's largest string (512 MiB) failed
 * with an untyped `ERR_STRING_TOO_LONG`.
 */
import { constants } from 'node:buffer';
import { StateParseError, StateSourceError } from '../errors.js';

/**
 * The default limit: V8's longest string (512 MiB less 24 bytes), the most a state's text can
 * be, since it is parsed as one string. Real estates come close (a synthetic state of 100,000
 * resources is 266 MiB), so the default only guarantees a typed error and bounded memory;
 * a service reading states from untrusted places should set a lower `maxBytes`.
 * @internal
 */
export const DEFAULT_MAX_STATE_BYTES: number = constants.MAX_STRING_LENGTH;

/** The largest limit accepted: a state's text must fit in one string. */
const HIGHEST_LIMIT = constants.MAX_STRING_LENGTH;

/**
 * The limit in force: `maxBytes` when given, else the default.
 * @throws {@link StateParseError} with reason `INVALID_OPTION` when `maxBytes` is not a
 * positive integer up to V8's longest string.
 * @internal
 */
export function maxStateBytes(maxBytes: number | undefined, source: string): number {
  if (maxBytes === undefined) return DEFAULT_MAX_STATE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > HIGHEST_LIMIT) {
    const message = `maxBytes must be an integer from 1 to ${HIGHEST_LIMIT}, got ${String(maxBytes)}`;
    throw new StateParseError(`Invalid option: ${message}`, {
      source,
      reason: 'INVALID_OPTION',
      issues: [{ path: '', message }],
    });
  }
  return maxBytes;
}

/** `maxBytes 1048576 (1 MiB)`: the limit as set and in a readable unit. */
export function describeLimit(maxBytes: number): string {
  const mib = maxBytes / (1024 * 1024);
  const readable = mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${maxBytes} bytes`;
  return `maxBytes ${maxBytes} (${readable})`;
}

/**
 * The error of a source whose state is bigger than the limit. `shown` names the source in
 * the message when that differs from its `source` (`standard input` for `-`).
 * @internal
 */
export function stateTooLarge(source: string, maxBytes: number, shown = source): StateSourceError {
  return new StateSourceError(
    `Cannot read state from ${shown}: it is larger than the limit, ${describeLimit(maxBytes)}; raise maxBytes to read it`,
    { source, reason: 'TOO_LARGE' },
  );
}

/**
 * Reads a stream of chunks into one buffer, failing as soon as more than `maxBytes` have
 * arrived, so a source that sends without end costs at most `maxBytes` of memory.
 * @param onTooLarge builds the error; it runs after the stream has been told to stop.
 * @internal
 */
export async function readAtMost(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let size = 0;
  // Leaving a for-await early calls the iterator's return(), which stops (destroys or
  // cancels) the stream.
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > maxBytes) throw onTooLarge();
    parts.push(bytes);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
