/**
 * The `maxBytes` limit of a state: gzip bombs, files and devices that never end, HTTP bodies
 * that are too long, say so up front, or lie about it, and S3 objects over the limit. Each
 * must fail fast with a typed `TOO_LARGE` error naming the limit, having read at most about
 * the limit.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { constants } from 'node:buffer';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StateParseError, StateSourceError } from '../../src/errors.js';
import { loadState, parseState } from '../../src/index.js';
import { DEFAULT_MAX_STATE_BYTES } from '../../src/state/size-limit.js';
import { fetchStateBytes, type LoadStateOptions } from '../../src/state/load-state.js';
import { SMALL_STATE_TEXT, startServer, type TestServer } from '../helpers/state-server-http.js';
import {
  S3RVER_CREDENTIALS as credentials,
  startS3,
  type TestS3,
} from '../helpers/state-server-s3.js';
import { useTempDir } from './helpers.js';

const MiB = 1024 * 1024;
const FAST: LoadStateOptions = {
  retries: 2,
  retryDelayMs: 1,
  maxRetryDelayMs: 5,
  timeoutMs: 10_000,
};

/** A valid state padded with whitespace to `size` bytes: it parses when the limit allows. */
function paddedState(size: number): Buffer {
  const text = Buffer.from(SMALL_STATE_TEXT);
  return Buffer.concat([text, Buffer.alloc(size - text.length, 0x20)]);
}

/**
 * Gzip of a valid state padded with spaces to `size` bytes, about 1/1000 of `size`. Built
 * as concatenated gzip members (which gunzip reads as one stream) of one compressed MiB, so
 * a 257 MiB bomb costs one MiB of compression.
 */
function gzipBomb(size: number): Buffer {
  const first = Math.min(size, MiB);
  const members = [gzipSync(paddedState(first), { level: 9 })];
  const blank = gzipSync(Buffer.alloc(MiB, 0x20), { level: 9 });
  let left = size - first;
  for (; left >= MiB; left -= MiB) members.push(blank);
  if (left > 0) members.push(gzipSync(Buffer.alloc(left, 0x20)));
  return Buffer.concat(members);
}

async function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: new (...a: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

function parseFailure(input: string | Uint8Array, maxBytes?: number): StateParseError {
  try {
    parseState(input, { source: 's.tfstate', ...(maxBytes === undefined ? {} : { maxBytes }) });
  } catch (error) {
    expect(error).toBeInstanceOf(StateParseError);
    return error as StateParseError;
  }
  throw new Error('expected parseState to throw');
}

describe('parseState maxBytes', () => {
  it('stops a gzip bomb: 1 MB of gzip expands no further than the limit', () => {
    const bomb = gzipBomb(1024 * MiB);
    expect(bomb.byteLength).toBeLessThan(1.5 * MiB);
    const error = parseFailure(bomb, 16 * MiB);
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.message).toContain('maxBytes 16777216 (16 MiB)');
  });

  it('defaults to the longest string V8 can hold, so nothing larger fails untyped', () => {
    expect(DEFAULT_MAX_STATE_BYTES).toBe(constants.MAX_STRING_LENGTH);
    expect(parseFailure(SMALL_STATE_TEXT, constants.MAX_STRING_LENGTH + 1).reason).toBe(
      'INVALID_OPTION',
    );
  });

  it('decompresses up to the limit, and not a byte more', () => {
    expect(parseState(gzipBomb(2 * MiB), { maxBytes: 2 * MiB }).serial).toBe(7);
    expect(parseFailure(gzipBomb(2 * MiB + 1), 2 * MiB).reason).toBe('TOO_LARGE');
  });

  it('refuses bytes and text over the limit before decoding them', () => {
    expect(parseFailure(paddedState(MiB + 1), MiB).reason).toBe('TOO_LARGE');
    expect(parseFailure(paddedState(MiB + 1).toString(), MiB).reason).toBe('TOO_LARGE');
    expect(parseState(paddedState(MiB), { maxBytes: MiB }).serial).toBe(7);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity, 2 ** 40])('rejects maxBytes %s', (maxBytes) => {
    const error = parseFailure(SMALL_STATE_TEXT, maxBytes);
    expect(error.reason).toBe('INVALID_OPTION');
    expect(error.message).toContain('maxBytes must be an integer');
  });
});

describe('loadState maxBytes on local sources', () => {
  const dir = useTempDir('tfdrift-size-');

  it('refuses a file over the limit before reading it', async () => {
    const path = join(dir(), 'big.tfstate');
    writeFileSync(path, paddedState(MiB + 1));
    const error = await rejection(loadState(path, { maxBytes: MiB }), StateSourceError);
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.source).toBe(path);
    expect(error.message).toContain('maxBytes 1048576 (1 MiB)');
    expect((await loadState(path, { maxBytes: MiB + 1 })).serial).toBe(7);
  });

  it('refuses a 600 MB (sparse) file at the default limit without reading it', async () => {
    const path = join(dir(), 'huge.tfstate');
    writeFileSync(path, SMALL_STATE_TEXT);
    truncateSync(path, 600 * 1024 * 1024);
    const error = await rejection(loadState(path), StateSourceError);
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.message).toContain(`maxBytes ${DEFAULT_MAX_STATE_BYTES}`);
  });

  it('stops reading a device that never ends (/dev/zero)', async () => {
    const error = await rejection(loadState('/dev/zero', { maxBytes: MiB }), StateSourceError);
    expect(error.reason).toBe('TOO_LARGE');
  });

  it('bounds a gzip-compressed file by its decompressed size', async () => {
    const path = join(dir(), 'bomb.tfstate');
    writeFileSync(path, gzipBomb(8 * MiB));
    const error = await rejection(loadState(path, { maxBytes: MiB }), StateParseError);
    expect(error.reason).toBe('TOO_LARGE');
  });

  it('stops standard input that never ends, and destroys the stream', async () => {
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const error = await rejection(
      loadState('-', { stdin: endless, maxBytes: MiB }),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.message).toContain('standard input');
    expect(endless.destroyed).toBe(true);
    expect(sent).toBeLessThan(4 * MiB);
  });
});

describe('loadState maxBytes on HTTP sources', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses a Content-Length over the limit up front, once (not retried)', async () => {
    let written = 0;
    server = await startServer((_req, res) => {
      // 10 GB announced; the server would send it if asked to.
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(10 * 1024 ** 3),
      });
      res.write(Buffer.alloc(64 * 1024, 0x20));
      written += 64 * 1024;
    });
    const error = await rejection(
      fetchStateBytes(`${server.origin}/state`, FAST),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`maxBytes ${DEFAULT_MAX_STATE_BYTES}`);
    expect(server.requests).toHaveLength(1);
    expect(written).toBe(64 * 1024);
  });

  it('stops a chunked body that never ends once the limit has arrived', async () => {
    let streamed = 0;
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (!res.destroyed && res.write(Buffer.alloc(64 * 1024, 0x20))) streamed += 64 * 1024;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await rejection(
      fetchStateBytes(`${server.origin}/state`, { ...FAST, maxBytes: 2 * MiB }),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
    expect(server.requests).toHaveLength(1);
    expect(streamed).toBeLessThan(64 * MiB);
  });

  it('bounds a Content-Encoding: gzip body by its decoded size', async () => {
    const bomb = gzipBomb(8 * MiB);
    server = await startServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length),
      });
      res.end(bomb);
    });
    const error = await rejection(
      loadState(`${server.origin}/state`, { ...FAST, maxBytes: MiB }),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
  });

  it('reads an error response only in part', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      const pump = (): void => {
        while (!res.destroyed && res.write(Buffer.alloc(64 * 1024, 0x41)));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await rejection(
      fetchStateBytes(`${server.origin}/state`, FAST),
      StateSourceError,
    );
    expect(error.status).toBe(404);
  });

  it('applies to gs:// objects', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(paddedState(2 * MiB));
    });
    const error = await rejection(
      fetchStateBytes('gs://acme-tf/network', {
        ...FAST,
        maxBytes: MiB,
        gcs: { endpoint: server.origin, token: 'ya29.test-token-0123456789' },
      }),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
  });
});

describe('loadState maxBytes on s3:// sources', () => {
  const BUCKET = 'size-limits';
  let s3server: TestS3;
  beforeAll(async () => {
    s3server = await startS3([BUCKET]);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3server.endpoint,
      forcePathStyle: true,
      credentials,
    });
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'big.tfstate', Body: paddedState(2 * MiB) }),
    );
    client.destroy();
  });
  afterAll(async () => {
    await s3server.close();
  });
  const s3 = (endpoint: string): LoadStateOptions['s3'] => ({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
  });

  it('refuses an object whose size is over the limit (s3rver)', async () => {
    const source = `s3://${BUCKET}/big.tfstate`;
    const error = await rejection(
      loadState(source, { retries: 0, maxBytes: MiB, s3: s3(s3server.endpoint) }),
      StateSourceError,
    );
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.message).toContain(source);
    const state = await loadState(source, {
      retries: 0,
      maxBytes: 2 * MiB,
      s3: s3(s3server.endpoint),
    });
    expect(state.serial).toBe(7);
  });

  it('stops an object body that never ends (a stand-in that sends no length)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (!res.destroyed && res.write(Buffer.alloc(64 * 1024, 0x20)));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    try {
      const error = await rejection(
        fetchStateBytes(`s3://${BUCKET}/k`, { retries: 0, maxBytes: MiB, s3: s3(server.origin) }),
        StateSourceError,
      );
      expect(error.reason).toBe('TOO_LARGE');
    } finally {
      await server.close();
    }
  });
});
