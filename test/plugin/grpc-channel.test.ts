/**
 * The plugin reader's gRPC channel against real servers: @grpc/grpc-js's server (an
 * independent gRPC implementation) over a unix socket, TCP and mutual TLS, and a bare
 * node:http2 server for the responses a well-behaved gRPC server never sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http2';
import type { Http2Server } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrpcChannel, GrpcStatusError } from '../../src/plugin/grpc-channel.js';
import type { ChannelTarget } from '../../src/plugin/grpc-channel.js';
import { selfSignedCertificate } from '../../src/plugin/self-signed-cert.js';

const identity = (b: Buffer) => b;
const MAX = 64 * 1024 * 1024;

/** A grpc-js server whose methods take and return raw bytes. */
function testServer(credentials: grpc.ServerCredentials) {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX,
    'grpc.max_send_message_length': MAX,
  });
  const unary = (name: string, handler: grpc.handleUnaryCall<Buffer, Buffer>) =>
    server.register(`/test.T/${name}`, handler, identity, identity, 'unary');
  unary('Echo', (call, cb) => cb(null, Buffer.concat([Buffer.from('echo:'), call.request])));
  unary('Empty', (_call, cb) => cb(null, Buffer.alloc(0)));
  unary('Big', (call, cb) => cb(null, Buffer.alloc(Number(call.request.toString()), 7)));
  unary('Fail', (_call, cb) =>
    cb({ code: grpc.status.PERMISSION_DENIED, details: 'nope: 100% dénié' }),
  );
  unary('Slow', (_call, cb) => setTimeout(() => cb(null, Buffer.from('late')), 400));
  unary('Hang', () => undefined);
  server.register(
    '/test.T/Stream',
    (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      const [count, fail] = call.request.toString().split(',');
      for (let i = 0; i < Number(count); i++) call.write(Buffer.from(`item-${i}`));
      if (fail === 'fail') call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'gone' });
      else call.end();
    },
    identity,
    identity,
    'serverStream',
  );
  let cancelled = 0;
  server.register(
    '/test.T/Endless',
    (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      const timer = setInterval(() => call.write(Buffer.from('tick')), 5);
      call.on('cancelled', () => {
        cancelled++;
        clearInterval(timer);
      });
    },
    identity,
    identity,
    'serverStream',
  );
  const bind = (address: string) =>
    new Promise<number>((resolve, reject) =>
      server.bindAsync(address, credentials, (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
  return { server, bind, cancelled: () => cancelled };
}

const text = (b: Buffer) => b.toString();

/** Opens a channel to `target`, makes one Echo call and closes it: the reply as text. */
async function echoOnce(target: ChannelTarget, payload: string): Promise<string> {
  const ch = new GrpcChannel(target);
  try {
    return text(await ch.unary('/test.T/Echo', Buffer.from(payload), { timeoutMs: 5000 }));
  } finally {
    ch.close();
  }
}

async function statusOf(promise: Promise<unknown>): Promise<GrpcStatusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrpcStatusError);
  return error as GrpcStatusError;
}

describe('GrpcChannel against a grpc-js server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-grpc-'));
  const plain = testServer(grpc.ServerCredentials.createInsecure());
  let unixTarget: ChannelTarget;
  let tcpTarget: ChannelTarget;
  let channel: GrpcChannel;

  beforeAll(async () => {
    await plain.bind(`unix:${join(dir, 'plain.sock')}`);
    const port = await plain.bind('127.0.0.1:0');
    unixTarget = { network: 'unix', address: join(dir, 'plain.sock'), maxMessageBytes: MAX };
    tcpTarget = { network: 'tcp', address: `127.0.0.1:${port}`, maxMessageBytes: MAX };
    channel = new GrpcChannel(unixTarget);
  });
  afterAll(() => {
    channel.close();
    plain.server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes unary calls over a unix socket and over TCP, many at once on one connection', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        channel.unary('/test.T/Echo', Buffer.from(`m${i}`), { timeoutMs: 5000 }),
      ),
    );
    expect(results.map(text)).toEqual(Array.from({ length: 200 }, (_, i) => `echo:m${i}`));
    expect(await echoOnce(tcpTarget, 'x')).toBe('echo:x');
  });

  it('connects to an IPv6 loopback address in brackets, where the machine has one', async () => {
    const port = await plain.bind('[::1]:0').catch(() => undefined);
    if (port === undefined) {
      console.log('skipped: no IPv6 loopback on this machine');
      return;
    }
    expect(await echoOnce({ ...tcpTarget, address: `[::1]:${port}` }, '6')).toBe('echo:6');
  });

  it('carries empty messages and messages of tens of megabytes both ways', async () => {
    expect((await channel.unary('/test.T/Empty', new Uint8Array(0), {})).length).toBe(0);
    const size = 24 * 1024 * 1024;
    const big = await channel.unary('/test.T/Big', Buffer.from(String(size)), {
      timeoutMs: 30_000,
    });
    expect(big.length).toBe(size);
    expect(big[0]).toBe(7);
    expect(big[size - 1]).toBe(7);
    const sent = Buffer.alloc(9 * 1024 * 1024, 1);
    const echoed = await channel.unary('/test.T/Echo', sent, { timeoutMs: 30_000 });
    expect(echoed.length).toBe(sent.length + 5);
  });

  it('reports the server status and its percent-encoded message', async () => {
    const error = await statusOf(channel.unary('/test.T/Fail', new Uint8Array(0), {}));
    expect(error.status).toBe('PERMISSION_DENIED');
    expect(error.details).toBe('nope: 100% dénié');
    const missing = await statusOf(channel.unary('/test.T/NoSuchMethod', new Uint8Array(0), {}));
    expect(missing.status).toBe('UNIMPLEMENTED');
  });

  it('fails a call at its deadline, and a later call still works', async () => {
    const started = Date.now();
    const error = await statusOf(
      channel.unary('/test.T/Hang', new Uint8Array(0), { timeoutMs: 150 }),
    );
    expect(error.status).toBe('DEADLINE_EXCEEDED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text(await channel.unary('/test.T/Slow', new Uint8Array(0), { timeoutMs: 5000 }))).toBe(
      'late',
    );
  });

  it('cancels on abort, and refuses to start with an aborted signal', async () => {
    const controller = new AbortController();
    const pending = channel.unary('/test.T/Hang', new Uint8Array(0), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await statusOf(pending)).status).toBe('CANCELLED');
    expect(
      (
        await statusOf(
          channel.unary('/test.T/Echo', new Uint8Array(0), { signal: controller.signal }),
        )
      ).status,
    ).toBe('CANCELLED');
  });

  it('refuses a response larger than the limit without buffering it', async () => {
    const small = new GrpcChannel({ ...unixTarget, maxMessageBytes: 1024 });
    try {
      const error = await statusOf(small.unary('/test.T/Big', Buffer.from('4096'), {}));
      expect(error.status).toBe('RESOURCE_EXHAUSTED');
      expect(text(await small.unary('/test.T/Echo', Buffer.from('ok'), {}))).toBe('echo:ok');
      const request = await statusOf(small.unary('/test.T/Echo', Buffer.alloc(2048), {}));
      expect(request.status).toBe('RESOURCE_EXHAUSTED');
    } finally {
      small.close();
    }
  });

  it('streams server messages in order, ends with the status, and cancels when the reader stops', async () => {
    const got: string[] = [];
    for await (const m of channel.serverStream('/test.T/Stream', Buffer.from('50'), {}))
      got.push(text(m));
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `item-${i}`));

    const partial: string[] = [];
    const failing = (async () => {
      for await (const m of channel.serverStream('/test.T/Stream', Buffer.from('3,fail'), {}))
        partial.push(text(m));
    })();
    expect((await statusOf(failing)).status).toBe('UNAVAILABLE');
    expect(partial).toEqual(['item-0', 'item-1', 'item-2']);

    let seen = 0;
    for await (const _ of channel.serverStream('/test.T/Endless', new Uint8Array(0), {})) {
      if (++seen === 5) break;
    }
    await expect.poll(() => plain.cancelled(), { timeout: 5000 }).toBe(1);
  });

  it('fails calls in flight with UNAVAILABLE when the connection is lost, and reconnects', async () => {
    const other = testServer(grpc.ServerCredentials.createInsecure());
    const socket = join(dir, 'lost.sock');
    await other.bind(`unix:${socket}`);
    const ch = new GrpcChannel({ network: 'unix', address: socket, maxMessageBytes: MAX });
    try {
      const pending = ch.unary('/test.T/Hang', new Uint8Array(0), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 100));
      other.server.forceShutdown();
      const error = await statusOf(pending);
      expect(['UNAVAILABLE', 'CANCELLED']).toContain(error.status);
      const refused = await statusOf(
        ch.unary('/test.T/Echo', new Uint8Array(0), { timeoutMs: 2000 }),
      );
      expect(refused.status).toBe('UNAVAILABLE');
    } finally {
      ch.close();
    }
  });

  it('a closed channel refuses calls', async () => {
    const ch = new GrpcChannel(unixTarget);
    expect(text(await ch.unary('/test.T/Echo', Buffer.from('a'), {}))).toBe('echo:a');
    ch.close();
    expect((await statusOf(ch.unary('/test.T/Echo', Buffer.from('a'), {}))).status).toBe(
      'UNAVAILABLE',
    );
  });
});

describe('GrpcChannel over mutual TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-grpc-tls-'));
  const serverPair = selfSignedCertificate();
  const clientPair = selfSignedCertificate();
  const secure = testServer(
    grpc.ServerCredentials.createSsl(
      Buffer.from(clientPair.cert),
      [{ private_key: Buffer.from(serverPair.key), cert_chain: Buffer.from(serverPair.cert) }],
      true,
    ),
  );
  const socket = join(dir, 'tls.sock');
  beforeAll(() => secure.bind(`unix:${socket}`));
  afterAll(() => {
    secure.server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls a server that trusts only our certificate, when we trust only its certificate', async () => {
    const target: ChannelTarget = {
      network: 'unix',
      address: socket,
      maxMessageBytes: MAX,
      tls: { ca: serverPair.cert, key: clientPair.key, cert: clientPair.cert },
    };
    expect(await echoOnce(target, 's')).toBe('echo:s');
  });

  it('refuses a server whose certificate is not the expected one, and a server refuses a stranger', async () => {
    const stranger = selfSignedCertificate();
    const wrongServer = new GrpcChannel({
      network: 'unix',
      address: socket,
      maxMessageBytes: MAX,
      tls: { ca: stranger.cert, key: clientPair.key, cert: clientPair.cert },
    });
    const wrongClient = new GrpcChannel({
      network: 'unix',
      address: socket,
      maxMessageBytes: MAX,
      tls: { ca: serverPair.cert, key: stranger.key, cert: stranger.cert },
    });
    const plaintext = new GrpcChannel({ network: 'unix', address: socket, maxMessageBytes: MAX });
    try {
      for (const ch of [wrongServer, wrongClient, plaintext]) {
        const error = await statusOf(
          ch.unary('/test.T/Echo', Buffer.from('s'), { timeoutMs: 3000 }),
        );
        expect(['UNAVAILABLE', 'DEADLINE_EXCEEDED']).toContain(error.status);
      }
    } finally {
      for (const ch of [wrongServer, wrongClient, plaintext]) ch.close();
    }
  });
});

describe('GrpcChannel against malformed responses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-grpc-bad-'));
  const socket = join(dir, 'bad.sock');
  let server: Http2Server;
  let channel: GrpcChannel;
  let flooded = 0;

  beforeAll(async () => {
    server = createServer();
    server.on('stream', (stream, headers) => {
      const path = String(headers[':path']);
      stream.on('data', () => undefined);
      // The server side of a reset stream reports it; only the client's view is under test.
      stream.on('error', () => undefined);
      if (path === '/bad/Http500') {
        stream.respond({ ':status': 500 }, { endStream: true });
      } else if (path === '/bad/Compressed') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
        stream.write(Buffer.from([1, 0, 0, 0, 1, 42]));
        stream.end();
      } else if (path === '/bad/Truncated') {
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 10, 1, 2]));
      } else if (path === '/bad/NoTrailers') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
        stream.end(Buffer.from([0, 0, 0, 0, 1, 9]));
      } else if (path === '/bad/NoMessage') {
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end();
      } else if (path === '/bad/Split') {
        // One message in three DATA frames, the length prefix itself split.
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.write(Buffer.from([0, 0, 0]));
        setTimeout(() => stream.write(Buffer.from([0, 3, 65])), 10);
        setTimeout(() => stream.end(Buffer.from([66, 67])), 20);
      } else if (path === '/bad/Flood') {
        // 3,200 messages of 32 KiB (100 MiB), written only as fast as the client takes them.
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        void (async () => {
          const body = Buffer.alloc(32 * 1024, 1);
          const message = Buffer.concat([Buffer.from([0, 0, 0, 128, 0]), body]);
          for (flooded = 0; flooded < 3200 && !stream.destroyed; flooded++) {
            if (!stream.write(message)) await new Promise((r) => stream.once('drain', r));
          }
          stream.end();
        })();
      } else if (path === '/bad/Two') {
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 2]));
      } else if (path === '/bad/Reset') {
        stream.close(2);
      } else {
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' },
          { endStream: true },
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    channel = new GrpcChannel({ network: 'unix', address: socket, maxMessageBytes: MAX });
  });
  afterAll(async () => {
    channel.close();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a server stream whose reader falls behind holds the server back instead of buffering', async () => {
    let read = 0;
    for await (const m of channel.serverStream('/bad/Flood', new Uint8Array(0), {})) {
      expect(m.length).toBe(32 * 1024);
      if (++read === 10) {
        await new Promise((r) => setTimeout(r, 1000));
        // Unread: at most the queue's 64 messages, the stream and session windows (16 + 64
        // MiB) and socket buffers; far from the 3,200 (100 MiB) an unpaused stream takes in.
        expect(flooded).toBeLessThan(3200);
      }
    }
    expect(read).toBe(3200);
  });

  it('joins a message split across frames', async () => {
    expect(text(await channel.unary('/bad/Split', new Uint8Array(0), { timeoutMs: 2000 }))).toBe(
      'ABC',
    );
  });

  it.each([
    ['/bad/Http500', 'UNAVAILABLE', /HTTP status 500/],
    ['/bad/Compressed', 'INTERNAL', /compressed/],
    ['/bad/Truncated', 'INTERNAL', /inside a message/],
    ['/bad/NoTrailers', 'UNAVAILABLE', /closed before/],
    ['/bad/NoMessage', 'INTERNAL', /without a response/],
    ['/bad/Reset', 'UNAVAILABLE', /reset|closed/],
    ['/bad/Two', 'INTERNAL', /more than one response/],
    ['/bad/TrailersOnly', 'UNIMPLEMENTED', /UNIMPLEMENTED/],
  ])('%s is a %s error, never a result', async (path, status, message) => {
    const error = await statusOf(channel.unary(path, new Uint8Array(0), { timeoutMs: 2000 }));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });
});
