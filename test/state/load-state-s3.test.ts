import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateSourceError } from '../../src/errors.js';
import { fetchStateBytes, loadState, type LoadStateOptions } from '../../src/state/load-state.js';
import { SMALL_STATE_TEXT } from '../helpers/state-server-http.js';
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
