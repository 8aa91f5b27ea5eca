/**
 * A gRPC client channel over Node's own HTTP/2, for exactly what the plugin reader needs:
 * unary calls and one server-streaming call on a single connection to a go-plugin server
 * (a unix socket or loopback TCP, plaintext or mutual TLS). A general gRPC client also
 * carries name resolution, load balancing, retries, interceptors, compression and channel
 * state machines; none apply to a child process on a private socket, and they cost more CPU
 * per call than the plugin's own work on the small calls a drift scan makes by the thousand
 * (measured by `npm run bench` in bench/plugin.ts).
 *
 * The wire format is gRPC's HTTP/2 mapping: a POST with `content-type: application/grpc`
 * and `te: trailers`, each message framed as a compressed flag byte and a 4-byte big-endian
 * length, and the status in the trailers (or in the headers of a trailers-only response).
 */
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { connect as http2Connect, constants } from 'node:http2';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** gRPC status code names, by number (the gRPC spec's table). */
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** Messages a server stream may queue unread before it is paused, and resumed. */
const STREAM_HIGH_WATER = 64;
const STREAM_LOW_WATER = 16;

/** A call that ended without an OK status: the status name and the server's message. @internal */
export class GrpcStatusError extends Error {
  override readonly name = 'GrpcStatusError';
  constructor(
    readonly status: string,
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(details === '' ? status : details, options);
  }
}

/** Where and how to connect. @internal */
export interface ChannelTarget {
  network: 'unix' | 'tcp';
  /** The socket path, or `host:port`. */
  address: string;
  /** Mutual TLS: the server's certificate (PEM) as the only trusted one, and the client's pair. */
  tls?: { ca: string; key: string; cert: string };
  /** The largest message accepted either way, in bytes. */
  maxMessageBytes: number;
}

/** Per-call options. @internal */
export interface ChannelCallOptions {
  /** Milliseconds until the call fails with `DEADLINE_EXCEEDED` (and is cancelled on the server). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Percent-decoding of `grpc-message`, as the gRPC HTTP/2 mapping specifies. */
function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The status a response ended with: from trailers, or from the headers of a trailers-only response. */
function statusOf(headers: IncomingHttpHeaders): { code: number; message: string } | undefined {
  const raw = headers['grpc-status'];
  if (raw === undefined) return undefined;
  const code = Number(Array.isArray(raw) ? raw[0] : raw);
  return {
    code: Number.isInteger(code) ? code : 2,
    message: decodeGrpcMessage(headers['grpc-message']),
  };
}

function statusName(code: number): string {
  return STATUS_NAMES[code] ?? 'UNKNOWN';
}

/** One frame: flag byte 0 (uncompressed) and the 4-byte length, then the message. */
function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/**
 * Splits a response body into messages as its DATA frames arrive. Throws a
 * {@link GrpcStatusError} for a compressed message (nothing here asked for compression) or one
 * over the limit.
 */
class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the message being read, once its prefix is in. */
  private expected: number | undefined;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer, onMessage: (message: Buffer) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 5) return;
      if (this.expected === undefined) {
        // Only the 5-byte prefix is needed to know the length; joining every chunk as each
        // arrives would copy a megabytes-long schema hundreds of times.
        if (this.chunks[0]!.length < 5) this.flatten();
        const head = this.chunks[0]!;
        if (head[0] !== 0) {
          throw new GrpcStatusError('INTERNAL', 'the plugin sent a compressed message');
        }
        const length = head.readUInt32BE(1);
        if (length > this.maxBytes) {
          throw new GrpcStatusError(
            'RESOURCE_EXHAUSTED',
            `the plugin sent a message of ${length} bytes; the limit is ${this.maxBytes}`,
          );
        }
        this.expected = length;
      }
      if (this.buffered < 5 + this.expected) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : this.flatten();
      const end = 5 + this.expected;
      this.expected = undefined;
      onMessage(all.subarray(5, end));
      const rest = all.subarray(end);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
  }

  /** Bytes left over that do not make a whole message. */
  get pending(): number {
    return this.buffered;
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}

/** A gRPC channel to one plugin. @internal */
export class GrpcChannel {
  private session: ClientHttp2Session | undefined;
  private closed = false;
  private readonly authority: string;

  constructor(private readonly target: ChannelTarget) {
    this.authority = `${target.tls ? 'https' : 'http'}://localhost`;
  }

  private connection(): ClientHttp2Session {
    if (this.closed) throw new GrpcStatusError('UNAVAILABLE', 'the channel is closed');
    const current = this.session;
    if (current !== undefined && !current.closed && !current.destroyed) return current;
    const { network, address, tls } = this.target;
    const [host, port] =
      network === 'tcp'
        ? [
            // `127.0.0.1:1234` or `[::1]:1234`
            address.slice(0, address.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1'),
            Number(address.slice(address.lastIndexOf(':') + 1)),
          ]
        : ['', 0];
    const createConnection = (): Socket =>
      tls
        ? tlsConnect({
            ...(network === 'unix' ? { path: address } : { host, port }),
            ca: tls.ca,
            key: tls.key,
            cert: tls.cert,
            // go-plugin issues its certificate to "localhost", whatever the socket.
            servername: 'localhost',
            ALPNProtocols: ['h2'],
          })
        : network === 'unix'
          ? netConnect({ path: address })
          : netConnect({ host, port });
    const window = Math.min(this.target.maxMessageBytes, 2 ** 31 - 1);
    const session = http2Connect(this.authority, {
      createConnection,
      // Large windows: a provider schema is megabytes, and flow-control round trips on a
      // local socket only cost time.
      settings: { initialWindowSize: Math.min(window, 16 * 1024 * 1024), enablePush: false },
      maxSessionMemory: 256,
    });
    session.on('error', () => {
      // Each stream reports its own failure; an error here only ends the session.
    });
    session.once('connect', () => {
      try {
        session.setLocalWindowSize(Math.min(window, 64 * 1024 * 1024));
      } catch {
        // Not fatal: the default window still works, more slowly.
      }
    });
    this.session = session;
    return session;
  }

  private open(path: string, message: Uint8Array, options: ChannelCallOptions): ClientHttp2Stream {
    if (message.length > this.target.maxMessageBytes) {
      throw new GrpcStatusError(
        'RESOURCE_EXHAUSTED',
        `request of ${message.length} bytes exceeds the limit of ${this.target.maxMessageBytes}`,
      );
    }
    const headers: Record<string, string> = {
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: path,
      'content-type': 'application/grpc',
      te: 'trailers',
    };
    if (options.timeoutMs !== undefined) {
      // The gRPC timeout header allows at most 8 digits.
      headers['grpc-timeout'] =
        `${Math.min(Math.max(1, Math.ceil(options.timeoutMs)), 99_999_999)}m`;
    }
    const stream = this.connection().request(headers, { endStream: false });
    stream.end(frame(message));
    return stream;
  }

  /**
   * Runs one call; `onMessage` gets each response message as it arrives. Resolves when the
   * server ends the call with OK, rejects with a {@link GrpcStatusError} otherwise (deadline,
   * abort, a lost connection: `DEADLINE_EXCEEDED`, `CANCELLED`, `UNAVAILABLE`).
   */
  private run(
    path: string,
    message: Uint8Array,
    options: ChannelCallOptions,
    onMessage: (message: Buffer) => void,
    onOpen?: (stream: ClientHttp2Stream) => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new GrpcStatusError('CANCELLED', 'aborted'));
        return;
      }
      let stream: ClientHttp2Stream;
      try {
        stream = this.open(path, message, options);
        onOpen?.(stream);
      } catch (error) {
        reject(
          error instanceof GrpcStatusError
            ? error
            : new GrpcStatusError('UNAVAILABLE', (error as Error).message, { cause: error }),
        );
        return;
      }
      const reader = new MessageReader(this.target.maxMessageBytes);
      let settled = false;
      let status: { code: number; message: string } | undefined;
      let httpStatus: number | undefined;
      const finish = (error?: GrpcStatusError): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
          reject(error);
        } else resolve();
      };
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => finish(new GrpcStatusError('DEADLINE_EXCEEDED', 'deadline exceeded')),
              options.timeoutMs,
            );
      const onAbort = (): void => finish(new GrpcStatusError('CANCELLED', 'aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      stream.on('response', (headers) => {
        httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
        status = statusOf(headers);
      });
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          reader.push(chunk, onMessage);
        } catch (error) {
          finish(
            error instanceof GrpcStatusError
              ? error
              : new GrpcStatusError('INTERNAL', (error as Error).message, { cause: error }),
          );
        }
      });
      stream.on('trailers', (trailers) => {
        status = statusOf(trailers) ?? status;
      });
      stream.on('error', (error: Error) => {
        finish(new GrpcStatusError('UNAVAILABLE', error.message, { cause: error }));
      });
      stream.on('close', () => {
        if (settled) return;
        if (status === undefined) {
          const reason =
            stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR
              ? `the stream was reset (HTTP/2 code ${stream.rstCode})`
              : httpStatus !== undefined && httpStatus !== 200
                ? `HTTP status ${httpStatus}`
                : 'the connection closed before the call ended';
          finish(new GrpcStatusError('UNAVAILABLE', reason));
        } else if (status.code !== 0) {
          finish(new GrpcStatusError(statusName(status.code), status.message));
        } else if (reader.pending > 0) {
          finish(new GrpcStatusError('INTERNAL', 'the response ended inside a message'));
        } else finish();
      });
      // Keep reading: 'data' listeners put the stream in flowing mode.
    });
  }

  /** A unary call: the single response message. */
  async unary(path: string, message: Uint8Array, options: ChannelCallOptions): Promise<Buffer> {
    let response: Buffer | undefined;
    await this.run(path, message, options, (m) => {
      // A unary call has exactly one response message; a second is a broken server.
      if (response !== undefined) {
        throw new GrpcStatusError('INTERNAL', `${path} sent more than one response message`);
      }
      response = m;
    });
    if (response === undefined) {
      throw new GrpcStatusError('INTERNAL', `${path} ended without a response message`);
    }
    return response;
  }

  /**
   * A server-streaming call: each response message, in order, as it arrives. A consumer that
   * falls behind pauses the stream, so HTTP/2 flow control stops the server instead of the
   * messages piling up here (a list resource may send up to a million objects).
   */
  async *serverStream(
    path: string,
    message: Uint8Array,
    options: ChannelCallOptions,
  ): AsyncGenerator<Buffer> {
    const queue: Buffer[] = [];
    let wake: (() => void) | undefined;
    let outcome: { error?: Error } | undefined;
    const inner = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, inner.signal]) : inner.signal;
    let stream: ClientHttp2Stream | undefined;
    void this.run(
      path,
      message,
      { ...options, signal },
      (m) => {
        queue.push(m);
        if (queue.length >= STREAM_HIGH_WATER) stream?.pause();
        wake?.();
      },
      (opened) => {
        stream = opened;
      },
    ).then(
      () => {
        outcome = {};
        wake?.();
      },
      (error: unknown) => {
        // run() rejects with GrpcStatusError only; anything else is wrapped to keep it an Error.
        outcome = {
          error:
            error instanceof Error
              ? error
              : new GrpcStatusError('UNKNOWN', String(error), { cause: error }),
        };
        wake?.();
      },
    );
    try {
      for (;;) {
        const next = queue.shift();
        if (queue.length <= STREAM_LOW_WATER && stream?.isPaused() === true) stream.resume();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (outcome !== undefined) {
          if (outcome.error !== undefined) throw outcome.error;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      // The consumer stopped early (or failed): cancel the call on the server.
      inner.abort();
    }
  }

  /** Closes the connection; calls still running fail with `UNAVAILABLE`. */
  close(): void {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    session?.destroy();
  }
}
