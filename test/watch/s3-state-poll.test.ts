/**
 * Polling an `s3://` state costs a HeadObject, not the state: against a real S3 emulator
 * (s3rver), the state is fetched again only when its ETag moves, and the new state then
 * resolves the drift an apply fixed.
 */
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/watch/file-store.js';
import { watchDrift } from '../../src/watch/watch-drift.js';
import type { Live } from '../detect/fake-providers.js';
import { fakeProvider } from '../detect/fake-providers.js';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from '../helpers/state-server-s3.js';
import { bucket, Reader } from './watch-helpers.js';

let s3: TestS3;
let client: S3Client;
const dir = mkdtempSync(join(tmpdir(), 'tfdrift-s3-poll-'));
beforeAll(async () => {
  s3 = await startS3(['states']);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

function stateDoc(serial: number, env: string): string {
  return JSON.stringify({
    version: 4,
    serial,
    lineage: 'l',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'a',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: bucket('a', { env }) }],
      },
    ],
  });
}

describe('an s3:// state', () => {
  it('is looked at with HeadObject and fetched again only when it changed', async () => {
    await client.send(
      new PutObjectCommand({ Bucket: 'states', Key: 'prod.tfstate', Body: stateDoc(1, 'prod') }),
    );
    const sent: string[] = [];
    const counting = {
      send: (command: unknown, options?: { abortSignal?: AbortSignal }) => {
        sent.push((command as object).constructor.name);
        return client.send(command as never, options);
      },
    };
    const live = new Map<string, Live>([['aws_s3_bucket.a', bucket('a', { env: 'dev' })]]);
    const controller = new AbortController();
    const reader = new Reader(
      watchDrift({
        state: 's3://states/prod.tfstate',
        loadOptions: { s3: { client: counting } },
        providers: [fakeProvider({ types: ['aws_s3_bucket'], live })],
        store: fileStore(join(dir, 'watch.json')),
        confirmAfter: 0,
        statePollInterval: 10,
        signal: controller.signal,
      }),
      controller,
    );
    await reader.until((e) => e.some((x) => x.type === 'drift-opened'));
    const heads = () => sent.filter((c) => c === 'HeadObjectCommand').length;
    const gets = () => sent.filter((c) => c === 'GetObjectCommand').length;
    const before = heads();
    await reader.until(() => heads() >= before + 5);
    expect(gets()).toBe(1);

    // An apply accepts the live value and writes serial 2: fetched once, drift resolved.
    await client.send(
      new PutObjectCommand({ Bucket: 'states', Key: 'prod.tfstate', Body: stateDoc(2, 'dev') }),
    );
    await reader.until((e) => e.some((x) => x.type === 'drift-resolved'));
    await reader.stop();
    expect(gets()).toBe(2);
    expect(reader.of('state-changed')[0]).toMatchObject({
      source: 's3://states/prod.tfstate',
      serial: 2,
    });
  });
});
