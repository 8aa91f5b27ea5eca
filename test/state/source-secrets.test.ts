/**
 * State sources never hand a credential to another origin or put one in a source name or an
 * error: real HTTP servers on two ports (two origins), and an S3 endpoint that echoes the
 * session token of the environment's credential chain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StateSourceError } from '../../src/errors.js';
import { detectDrift, snapshotProvider } from '../../src/index.js';
import { fetchStateBytes, type LoadStateOptions } from '../../src/state/load-state.js';
import { redactSource } from '../../src/state/sources/redact-url.js';
import {
  SMALL_STATE_TEXT,
  startServer,
  type Handler,
  type TestServer,
} from '../helpers/state-server-http.js';
import { text } from './helpers.js';

const FAST: LoadStateOptions = {
  retryDelayMs: 1,
  maxRetryDelayMs: 5,
  timeoutMs: 5_000,
  retries: 0,
};
const API_KEY = 'x-api-key-planted-5d6e7f8a';
const PRIVATE_TOKEN = 'private-token-planted-1a2b3c';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const stateHandler: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(SMALL_STATE_TEXT);
};

async function errorOf(promise: Promise<unknown>): Promise<StateSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateSourceError);
  return error as StateSourceError;
}

describe('redirects', () => {
  it('drops custom headers and Authorization on a redirect to another origin', async () => {
    const target = await serve(stateHandler);
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.origin}/elsewhere` });
      res.end();
    });
    const fetched = await fetchStateBytes(`${first.origin}/state`, {
      ...FAST,
      headers: { 'X-Api-Key': API_KEY, 'PRIVATE-TOKEN': PRIVATE_TOKEN },
      username: 'ci',
      password: 'basic-pw-planted-99',
    });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(first.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    const seen = target.requests[0]?.headers ?? {};
    expect(seen['x-api-key']).toBeUndefined();
    expect(seen['private-token']).toBeUndefined();
    expect(seen.authorization).toBeUndefined();
    expect(seen.accept).toBe('application/json');
  });

  it('keeps the headers on a same-origin redirect', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
        return;
      }
      void stateHandler(req, res);
    });
    await fetchStateBytes(`${server.origin}/old`, { ...FAST, headers: { 'X-Api-Key': API_KEY } });
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([API_KEY, API_KEY]);
  });

  it('refuses a redirect to a non-HTTP scheme and stops redirect loops', async () => {
    const toFile = await serve((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    expect((await errorOf(fetchStateBytes(`${toFile.origin}/s`, FAST))).message).toMatch(
      /refused a redirect to a file: URL/,
    );
    const loop = await serve((_req, res) => {
      res.writeHead(302, { location: '/again' });
      res.end();
    });
    expect((await errorOf(fetchStateBytes(`${loop.origin}/s`, FAST))).message).toMatch(
      /too many redirects/,
    );
  });
});

describe('source names', () => {
  it('redacts private_token, pwd, fragments and file:// userinfo', () => {
    const cases: [string, string[]][] = [
      ['https://gitlab.example/api/state?private_token=glpat-planted-aaaa', ['glpat-planted-aaaa']],
      ['https://h.example/state?pwd=pwd-planted-bbbb&ok=1', ['pwd-planted-bbbb']],
      ['https://h.example/state#token=frag-planted-cccc', ['frag-planted-cccc']],
      ['https://h.example/state#access_token=frag-planted-dddd&x=1', ['frag-planted-dddd']],
      ['file://user:file-pass-planted-eeee@host/x.tfstate', ['file-pass-planted-eeee', 'user:']],
      ['https://h.example/state?GITHUB_TOKEN=ghtok-planted-ffff', ['ghtok-planted-ffff']],
    ];
    for (const [source, secrets] of cases) {
      const name = redactSource(source);
      for (const secret of secrets) expect(name, source).not.toContain(secret);
    }
    expect(redactSource('https://h.example/state?ok=1#top')).toBe(
      'https://h.example/state?ok=1#top',
    );
  });

  it('a report and an error name the source without its credentials', async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith('/missing')) {
        res.writeHead(404);
        res.end();
        return;
      }
      void stateHandler(req, res);
    });
    const secrets = ['glpat-planted-1111', 'pwd-planted-2222', 'frag-planted-3333'];
    const query = `?private_token=${secrets[0]}&pwd=${secrets[1]}#token=${secrets[2]}`;
    const report = await detectDrift({
      state: `${server.origin}/state${query}`,
      providers: [snapshotProvider({ data: { resources: {} } })],
      loadOptions: FAST,
    });
    const error = await errorOf(fetchStateBytes(`${server.origin}/missing${query}`, FAST));
    for (const text of [JSON.stringify(report.states), error.message, error.source]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    const fileError = await errorOf(
      fetchStateBytes('file://user:file-pass-planted-4444@host/x.tfstate', FAST),
    );
    expect(`${fileError.message} ${fileError.source}`).not.toContain('file-pass-planted-4444');
  });
});

describe('s3 with the environment credential chain', () => {
  it('a server that echoes the session token: scrubbed from the error', async () => {
    const sessionToken = `IQoJb3JpZ2luX2VjEPlanted${'A'.repeat(180)}SessionTokenTail`;
    const secretKey = 'env-secret-access-key-planted-0123456789';
    // An S3-compatible endpoint that quotes the request's token in its error message, after
    // enough text that a 200-character cut would fall inside it.
    const s3 = await serve((req, res) => {
      const token = String(req.headers['x-amz-security-token'] ?? '');
      res.writeHead(400, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidToken</Code><Message>The provided token is malformed or otherwise invalid for this endpoint and region, please check it: ${token} (secret ${secretKey})</Message><RequestId>r1</RequestId></Error>`,
      );
    });
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAPLANTEDENVCHAIN1';
    process.env.AWS_SECRET_ACCESS_KEY = secretKey;
    process.env.AWS_SESSION_TOKEN = sessionToken;
    try {
      const error = await errorOf(
        fetchStateBytes('s3://bucket/key.tfstate', {
          ...FAST,
          s3: { region: 'us-east-1', endpoint: s3.origin, forcePathStyle: true },
        }),
      );
      expect(s3.requests[0]?.headers['x-amz-security-token']).toBe(sessionToken);
      expect(error.message).toContain('InvalidToken');
      for (const piece of [sessionToken.slice(0, 24), sessionToken.slice(-24), secretKey]) {
        expect(error.message).not.toContain(piece);
      }
    } finally {
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
