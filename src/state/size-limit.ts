/**
 * The size limit of a state: how many bytes tfdrift reads from a source, and how many a
 * gzip-compressed state may expand to. Without it, a 1 MB gzip bomb took 2 GB of memory, an
 * HTTP body was buffered without end, and anything past V8's largest string (512 MiB) failed
 * with an untyped `ERR_STRING_TOO_LONG`.
 */
import { constants } from 'node:buffer';
import { StateParseError, StateSourceError } from '../errors.js';

/**
 * The default limit: 256 MiB, four times the largest real state we have measured (a
 * 100,000-resource estate is about 60 MB) and half of what V8 can hold as one string.
 * @public
 */
export const DEFAULT_MAX_STATE_BYTES = 256 * 1024 * 1024;

/** The largest limit accepted: V8's longest string, which the state's text must fit in. */
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

/** `268435456 bytes (256 MiB)`: the limit as set and in a readable unit. */
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
