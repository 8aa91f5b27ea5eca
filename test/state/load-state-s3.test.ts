import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateSourceError } from '../../src/errors.js';
import { fetchStateBytes, loadState, type LoadStateOptions } from '../../src/state/load-state.js';
import { SMALL_STATE_TEXT, startServer } from '../helpers/state-server-http.js';
import {
  S3RVER_CREDENTIALS as credentials,
  startS3,
  type TestS3,
} from '../helpers/state-server-s3.js';

const BUCKET = 'tf-states';
const KEY = 'network/terraform.tfstate';

let s3server: TestS3;
let endpoint: string;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const s3 = (extra: NonNullable<LoadStateOptions['s3']> = {}): LoadStateOptions => ({
  retries: 0,
  s3: { region: 'us-east-1', endpoint, forcePathStyle: true, credentials, ...extra },
});

beforeAll(async () => {
  s3server = await startS3([BUCKET]);
  endpoint = s3server.endpoint;
  // Seeding is the test's job; loadState itself only ever sends GetObject.
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  const put = (Key: string, Body: string) =>
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put(KEY, SMALL_STATE_TEXT);
  await put(`env:/dev/${KEY}`, SMALL_STATE_TEXT.replace('"serial": 7', '"serial": 8'));
  await put(`workspaces/stage/${KEY}`, SMALL_STATE_TEXT.replace('"serial": 7', '"serial": 9'));
  client.destroy();
});

afterAll(async () => {
  await s3server.close();
});

async function sourceError(promise: Promise<unknown>): Promise<StateSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateSourceError);
  expect((error as Error).message).not.toContain(credentials.secretAccessKey);
  return error as StateSourceError;
}

describe('s3:// sources against s3rver', () => {
  it('reads the default workspace at the key', async () => {
    const fetched = await fetchStateBytes(`s3://${BUCKET}/${KEY}`, s3());
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe(`s3://${BUCKET}/${KEY}`);
  });

  it('reads a workspace at env:/<workspace>/<key>', async () => {
    const fetched = await fetchStateBytes(`s3://${BUCKET}/${KEY}`, s3({ workspace: 'dev' }));
    expect(text(fetched.bytes)).toContain('"serial": 8');
    expect(fetched.source).toBe(`s3://${BUCKET}/env:/dev/${KEY}`);
  });

  it('honours workspaceKeyPrefix', async () => {
    const fetched = await fetchStateBytes(
      `s3://${BUCKET}/${KEY}`,
      s3({ workspace: 'stage', workspaceKeyPrefix: 'workspaces' }),
    );
    expect(text(fetched.bytes)).toContain('"serial": 9');
  });

  it('uses an injected client', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials,
    });
    try {
      const fetched = await fetchStateBytes(`s3://${BUCKET}/${KEY}`, { s3: { client } });
      expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    } finally {
      client.destroy();
    }
  });

  it('a missing key: NoSuchKey, 404, not retryable, names the resolved key', async () => {
    const error = await sourceError(
      fetchStateBytes(`s3://${BUCKET}/${KEY}`, s3({ workspace: 'nope' })),
    );
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`s3://${BUCKET}/env:/nope/${KEY}`);
    expect(error.message).toMatch(/NoSuchKey/);
  });

  it('a missing bucket: NoSuchBucket', async () => {
    const error = await sourceError(fetchStateBytes(`s3://no-such-bucket/${KEY}`, s3()));
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/NoSuchBucket/);
  });

  it('rejected credentials: 403, and the secret key never shows up in the message', async () => {
    const wrong = { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'wr0ng-s3cret-key-value' };
    const error = await sourceError(
      fetchStateBytes(`s3://${BUCKET}/${KEY}`, s3({ credentials: wrong })),
    );
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/InvalidAccessKeyId/);
    expect(error.message).not.toContain(wrong.secretAccessKey);
  });

  it('an invalid s3 URL', async () => {
    const error = await sourceError(fetchStateBytes(`s3://${BUCKET}`, s3()));
    expect(error.message).toMatch(/expected s3:\/\/bucket\/key/);
  });

  it('an endpoint that never answers: timed out, retryable', async () => {
    const silent = await startServer(() => undefined); // accepts, never responds
    try {
      const error = await sourceError(
        fetchStateBytes(`s3://${BUCKET}/${KEY}`, {
          ...s3({ endpoint: silent.origin }),
          timeoutMs: 50,
        }),
      );
      expect(error.message).toBe(`Could not fetch state from s3://${BUCKET}/${KEY}: timed out`);
      expect(error.retryable).toBe(true);
    } finally {
      await silent.close();
    }
  });

  it('a client that answers without a body (a non-conforming injected client)', async () => {
    const error = await sourceError(
      fetchStateBytes(`s3://${BUCKET}/${KEY}`, { s3: { client: { send: async () => ({}) } } }),
    );
    expect(error.message).toBe(`No state in s3://${BUCKET}/${KEY}: the object has no body`);
  });

  it('an aborted signal stops the read', async () => {
    const error = await sourceError(
      fetchStateBytes(`s3://${BUCKET}/${KEY}`, { ...s3(), signal: AbortSignal.abort() }),
    );
    expect(error.message).toMatch(/aborted/);
  });

  it('loadState parses the object (needs parseState)', async () => {
    const state = await loadState(`s3://${BUCKET}/${KEY}`, s3({ workspace: 'dev' }));
    expect(state.serial).toBe(8);
  });
});

describe('s3:// sources against a wire-level S3 stand-in (retries, read-only)', () => {
  const s3Error = (code: string, message: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host-id</HostId></Error>`;

  it('retries 503 SlowDown through the SDK and only ever sends GET', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(s3Error('SlowDown', 'Please reduce your request rate.'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"abc"' });
      res.end(SMALL_STATE_TEXT);
    });
    try {
      const fetched = await fetchStateBytes(`s3://${BUCKET}/${KEY}`, {
        retries: 2,
        s3: { region: 'us-east-1', endpoint: server.origin, forcePathStyle: true, credentials },
      });
      expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
      expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        `GET /${BUCKET}/${KEY}`,
        `GET /${BUCKET}/${KEY}`,
      ]);
    } finally {
      await server.close();
    }
  });

  it('500 until attempts run out: retryable, with the status', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(s3Error('InternalError', 'We encountered an internal error. Please try again.'));
    });
    try {
      const error = await sourceError(
        fetchStateBytes(`s3://${BUCKET}/${KEY}`, {
          retries: 1,
          s3: { region: 'us-east-1', endpoint: server.origin, forcePathStyle: true, credentials },
        }),
      );
      expect(error.status).toBe(500);
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/InternalError/);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
