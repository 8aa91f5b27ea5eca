import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchStateBytes, loadState, type LoadStateOptions } from '../../src/state/load-state.js';
import {
  SMALL_STATE_TEXT,
  sendJson,
  startServer,
  type Handler,
  type TestServer,
} from '../helpers/state-server-http.js';
import { sourceErrorWithout, text } from './helpers.js';

const FAST: LoadStateOptions = { retryDelayMs: 1, maxRetryDelayMs: 5, timeoutMs: 5_000 };
const PASSWORD = 'pa55-w0rd-s3cret';
const HEADER_TOKEN = 'hdr-token-0123456789';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

const sourceError = (promise: Promise<unknown>) =>
  sourceErrorWithout(promise, [PASSWORD, HEADER_TOKEN]);

/** Answers like Terraform's HTTP backend (e.g. an Atlantis or GitLab state endpoint). */
function backend(expectedAuth?: string): Handler {
  return (req, res) => {
    if (expectedAuth !== undefined && req.headers.authorization !== expectedAuth) {
      sendJson(res, 401, { message: '401 Unauthorized' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(SMALL_STATE_TEXT);
  };
}

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('http(s) sources: Terraform HTTP backend', () => {
  it('GETs the state with custom headers', async () => {
    const s = await serve(backend());
    const fetched = await fetchStateBytes(`${s.origin}/state/prod`, {
      ...FAST,
      headers: { 'X-Api-Key': HEADER_TOKEN },
    });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.method).toBe('GET');
    expect(s.requests[0]?.headers['x-api-key']).toBe(HEADER_TOKEN);
  });

  it('sends basic auth from the username/password options', async () => {
    const s = await serve(backend(basic('ci', PASSWORD)));
    const fetched = await fetchStateBytes(`${s.origin}/state`, {
      ...FAST,
      username: 'ci',
      password: PASSWORD,
    });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('sends basic auth from URL userinfo, and never names it in the source', async () => {
    const s = await serve(backend(basic('ci', PASSWORD)));
    const url = `${s.origin.replace('http://', `http://ci:${PASSWORD}@`)}/state`;
    const fetched = await fetchStateBytes(url, FAST);
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe(`${s.origin}/state`);
  });

  it('401: non-retryable, with status, no credential in the message', async () => {
    const s = await serve(backend(basic('ci', 'the-right-one')));
    const url = `${s.origin.replace('http://', `http://ci:${PASSWORD}@`)}/state?token=${HEADER_TOKEN}`;
    const error = await sourceError(fetchStateBytes(url, FAST));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`${s.origin}/state?token=REDACTED`);
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    [403, /not allowed/],
    [404, /does not exist/],
  ])('%i: fails at once with the status', async (status, why) => {
    const s = await serve((_req, res) => sendJson(res, status, { message: 'nope' }));
    const error = await sourceError(fetchStateBytes(`${s.origin}/state`, FAST));
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(why);
    expect(s.requests).toHaveLength(1);
  });

  it('429 then success: retries after Retry-After', async () => {
    let calls = 0;
    const s = await serve((req, res) => {
      calls++;
      if (calls === 1) {
        sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
        return;
      }
      return backend()(req, res);
    });
    const fetched = await fetchStateBytes(`${s.origin}/state`, FAST);
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(s.requests).toHaveLength(2);
  });

  it('5xx then success: retries with backoff', async () => {
    let calls = 0;
    const s = await serve((req, res) => {
      calls++;
      if (calls <= 2) {
        sendJson(res, calls === 1 ? 502 : 503, { message: 'upstream' });
        return;
      }
      return backend()(req, res);
    });
    const fetched = await fetchStateBytes(`${s.origin}/state`, FAST);
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(s.requests).toHaveLength(3);
  });

  it('retries exhausted: a retryable error after exactly retries + 1 attempts', async () => {
    const s = await serve((_req, res) => sendJson(res, 500, { message: 'boom' }));
    const error = await sourceError(fetchStateBytes(`${s.origin}/state`, { ...FAST, retries: 2 }));
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(s.requests).toHaveLength(3);
  });

  it('retries: 0 makes a single attempt', async () => {
    const s = await serve((_req, res) => sendJson(res, 503, {}));
    await sourceError(fetchStateBytes(`${s.origin}/state`, { ...FAST, retries: 0 }));
    expect(s.requests).toHaveLength(1);
  });

  it('follows a cross-origin redirect without carrying the Authorization header', async () => {
    const target = await startServer(backend());
    try {
      const s = await serve((_req, res) => {
        res.writeHead(307, { location: `${target.origin}/moved` });
        res.end();
      });
      const fetched = await fetchStateBytes(`${s.origin}/state`, {
        ...FAST,
        username: 'ci',
        password: PASSWORD,
      });
      expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
      expect(s.requests[0]?.headers.authorization).toBe(basic('ci', PASSWORD));
      expect(target.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await target.close();
    }
  });

  it('204: no state stored', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const error = await sourceError(fetchStateBytes(`${s.origin}/state`, FAST));
    expect(error.status).toBe(204);
    expect(error.message).toMatch(/No state stored/);
  });

  it('times out a server that never answers, and retries the timeout', async () => {
    const s = await serve(() => {
      // Never answer.
    });
    const error = await sourceError(
      fetchStateBytes(`${s.origin}/state`, { ...FAST, timeoutMs: 50, retries: 1 }),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/timed out after 50 ms/);
    expect(s.requests).toHaveLength(2);
  });

  it('honours an AbortSignal during a request', async () => {
    const s = await serve(() => {
      // Never answer.
    });
    const controller = new AbortController();
    const pending = fetchStateBytes(`${s.origin}/state`, { ...FAST, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await sourceError(pending);
    expect(error.message).toMatch(/aborted/);
    expect(error.retryable).toBe(false);
  });

  it('honours an AbortSignal during the wait between attempts', async () => {
    const s = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '30' }));
    const controller = new AbortController();
    const pending = fetchStateBytes(`${s.origin}/state`, {
      retries: 5,
      maxRetryDelayMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const error = await sourceError(pending);
    expect(error.message).toMatch(/aborted/);
    expect(s.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports a network error', async () => {
    const port = await freePort();
    const error = await sourceError(
      fetchStateBytes(`http://127.0.0.1:${port}/state`, { ...FAST, retries: 1 }),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/network error \(ECONNREFUSED\)/);
    expect(error.message).toMatch(/gave up after 2 attempts/);
  });

  it.skipIf(!selfSignedCert())(
    'a rejected TLS certificate fails at once, without retries',
    async () => {
      const cert = selfSignedCert();
      if (!cert) return;
      let hits = 0;
      const https = createHttpsServer(cert, (_req, res) => {
        hits++;
        res.end(SMALL_STATE_TEXT);
      });
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = https.address() as { port: number };
        const error = await sourceError(
          fetchStateBytes(`https://127.0.0.1:${port}/state`, { ...FAST, retries: 3 }),
        );
        expect(error.message).toMatch(/TLS certificate rejected \(\w+\)/);
        expect(error.retryable).toBe(false);
        expect(hits).toBe(0);
      } finally {
        https.closeAllConnections();
        await new Promise((resolve) => https.close(resolve));
      }
    },
  );

  it('loadState parses what the backend returned (needs parseState)', async () => {
    const s = await serve(backend());
    const state = await loadState(`${s.origin}/state`, FAST);
    expect(state.lineage).toBe('3f1c2a9e-5d4b-4e8a-9c1f-0a2b3c4d5e6f');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let cachedCert: { key: Buffer; cert: Buffer } | null | undefined;
/** A throwaway self-signed certificate from the openssl CLI, or null when it is absent. */
function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  if (cachedCert !== undefined) return cachedCert;
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    cachedCert = { key: readFileSync(key), cert: readFileSync(cert) };
  } catch {
    cachedCert = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cachedCert;
}
