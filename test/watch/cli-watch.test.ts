/**
 * `tfdrift watch` as a process (the built dist/cli.js), with files on disk as the cloud: a
 * snapshot of the live side that the test rewrites, a state file, a store, and a real
 * webhook receiver. The process is killed with SIGKILL while it scans every 50 ms and
 * restarted: no drift is alerted twice, none is lost, no webhook delivery is lost. SIGTERM
 * ends it with exit code 0 and a flushed store.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftEvent, WatchEvent } from '../../src/watch/watch-event.js';
import { SQSClient, SendMessageCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { cloudTrailRecord, eventBridge } from '../aws/cloudtrail-records.js';
import { Receiver } from './receiver.js';
import { bucket, writeBucketState } from './watch-helpers.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'tfdrift-cli-watch-'));
const receiver = new Receiver();
let hook = '';
beforeAll(async () => {
  hook = `${await receiver.listen()}/hook`;
});
/** Every watch process started, killed at the end whatever happened to the test. */
const children = new Set<ReturnType<typeof spawn>>();
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const NAMES = Array.from({ length: 300 }, (_, i) => `b${i}`);
const STATE = join(dir, 'terraform.tfstate');
const LIVE = join(dir, 'live.json');
const STORE = join(dir, 'store', 'watch.json');

/** Writes the live side: every bucket as in state, except those given. */
function writeLive(changed: Record<string, Record<string, string>>): void {
  const resources = Object.fromEntries(
    NAMES.map((b) => [
      `aws_s3_bucket.${b}`,
      { attributes: bucket(b, changed[b] ?? { env: 'prod' }) },
    ]),
  );
  writeFileSync(`${LIVE}.tmp`, JSON.stringify({ version: 1, types: ['aws_s3_bucket'], resources }));
  renameSync(`${LIVE}.tmp`, LIVE);
}

interface Running {
  child: ReturnType<typeof spawn>;
  lines: () => WatchEvent[];
  stderr: () => string;
  exited: Promise<number | null>;
  until: (condition: (events: WatchEvent[]) => boolean | Promise<boolean>) => Promise<void>;
}

/** The arguments of the durability test's watch. */
const DURABLE_ARGS = () => [
  '--state',
  STATE,
  '--snapshot',
  LIVE,
  '--store',
  STORE,
  '--interval',
  '0.05',
  '--confirm-after',
  '0',
  '--state-poll',
  '0.05',
  '--webhook',
  hook,
  '--listen',
  '127.0.0.1:0',
];

/** Spawns `node dist/cli.js watch ARGS`, collecting its NDJSON events and stderr. */
function startWatch(
  args: string[] = DURABLE_ARGS(),
  env: Record<string, string> = { TFDRIFT_WEBHOOK_SECRET: 'shh' },
): Running {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.endsWith('}'))
      .map((l) => JSON.parse(l) as WatchEvent);
  const until = async (condition: (events: WatchEvent[]) => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await condition(lines()))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`watch did not get there; exit ${child.exitCode}; stderr: ${err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, lines, stderr: () => err, exited, until };
}

const drift = (events: WatchEvent[], type: DriftEvent['type']) =>
  events.filter((e): e is DriftEvent => e.type === type).map((e) => e.key);

/** Distinct deliveries (by delivery id) per `type key`. */
function deliveries(): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const d of receiver.delivered) {
    const { deliveryId, event } = JSON.parse(d.body) as { deliveryId: string; event: DriftEvent };
    const k = `${event.type} ${event.key}`;
    if (!by.has(k)) by.set(k, new Set());
    by.get(k)?.add(deliveryId);
  }
  return by;
}

describe.skipIf(!existsSync(CLI))('tfdrift watch (process)', () => {
  it('survives SIGKILL mid-scan: nothing alerted twice, nothing lost, every webhook delivered; SIGTERM exits 0', async () => {
    writeBucketState(
      STATE,
      1,
      Object.fromEntries(NAMES.map((b) => [b, bucket(b, { env: 'prod' })])),
    );
    const first = Object.fromEntries(NAMES.slice(0, 10).map((b) => [b, { env: 'dev' }]));
    writeLive(first);
    receiver.mode = 'fail'; // the receiver is down during the first run: deliveries wait in the outbox

    const one = startWatch();
    // Killed as soon as the first scan announces drift, before that scan completes.
    await one.until((e) => drift(e, 'drift-opened').length >= 1);
    one.child.kill('SIGKILL');
    expect(await one.exited).toBeNull();
    const runOne = one.lines();

    // While it is down: ten more drift, and two of the first are fixed.
    const second = {
      ...first,
      ...Object.fromEntries(NAMES.slice(10, 20).map((b) => [b, { env: 'qa' }])),
    };
    delete second.b0;
    delete second.b1;
    writeLive(second);
    receiver.mode = 'ok';

    const two = startWatch();
    await two.until(
      (e) => drift(e, 'drift-resolved').length >= 2 && e.some((x) => x.type === 'scan-completed'),
    );
    const port = /listening on (http:\/\/[\d.:]+)/.exec(two.stderr())?.[1];
    const want = [...NAMES.slice(0, 20)].map((b) => `aws_s3_bucket.${b}`);
    const fixed = ['aws_s3_bucket.b0', 'aws_s3_bucket.b1'];
    // Every webhook delivery arrives, the ones the first run could not make included.
    const deadline = Date.now() + 30_000;
    while (!(
      want.every((k) => deliveries().has(`drift-opened ${k}`)) &&
      fixed.every((k) => deliveries().has(`drift-resolved ${k}`))
    )) {
      if (Date.now() > deadline)
        throw new Error(`missing deliveries: ${[...deliveries().keys()].join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const metrics = await (await fetch(`${port}/metrics`)).text();
    const health = await fetch(`${port}/healthz`);
    two.child.kill('SIGTERM');
    expect(await two.exited).toBe(0);
    const runTwo = two.lines();

    // No drift announced twice on stdout, across the restart.
    const opened = [...drift(runOne, 'drift-opened'), ...drift(runTwo, 'drift-opened')];
    expect(new Set(opened).size).toBe(opened.length);
    expect(drift(runTwo, 'drift-opened').sort()).toEqual(
      NAMES.slice(10, 20)
        .map((b) => `aws_s3_bucket.${b}`)
        .sort(),
    );
    expect(drift(runTwo, 'drift-resolved').sort()).toEqual(fixed);
    // Each alert reached the webhook once (one delivery id), signed.
    for (const [, ids] of deliveries()) expect(ids.size).toBe(1);
    expect(
      receiver.delivered.every((d) =>
        String(d.headers['x-tfdrift-signature']).startsWith('sha256='),
      ),
    ).toBe(true);
    // The store after SIGTERM: the 18 open drifts, nothing left to deliver.
    const stored = JSON.parse(readFileSync(STORE, 'utf8')) as { drift: object; outbox: unknown[] };
    expect(Object.keys(stored.drift).sort()).toEqual(want.filter((k) => !fixed.includes(k)).sort());
    expect(stored.outbox).toEqual([]);
    // Metrics and health.
    expect(health.status).toBe(200);
    expect(metrics).toMatch(/^tfdrift_open_drift 18$/m);
    expect(metrics).toMatch(/^tfdrift_resources\{status="drifted"\} 18$/m);
    expect(metrics).toMatch(/^tfdrift_sink_failures_total \d+$/m);
  });

  it('--events sqs+http://: a CloudTrail event in the queue opens the drift it caused, with who did it, and is deleted', async () => {
    const sqsServer = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: sqsServer.address, credentials });
    const { queueUrl } = sqsServer.createQueue('tfdrift-events', {
      attributes: { VisibilityTimeout: '30' },
    });
    const store = join(dir, 'sqs-store.json');
    writeBucketState(
      STATE,
      1,
      Object.fromEntries(NAMES.map((b) => [b, bucket(b, { env: 'prod' })])),
    );
    writeLive({});
    const watch = startWatch(
      [
        '--state',
        STATE,
        '--snapshot',
        LIVE,
        '--store',
        store,
        '--confirm-after',
        '0',
        '--events',
        `sqs+${queueUrl}`,
      ],
      {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: 'us-east-1',
        // The emulator's queue URLs name a host of its own; requests go to its address.
        AWS_ENDPOINT_URL_SQS: sqsServer.address,
      },
    );
    const events = watch.lines;
    const waitFor = (condition: () => boolean | Promise<boolean>) => watch.until(condition);
    try {
      await waitFor(() => events().some((e) => e.type === 'scan-completed'));
      // Someone retags b7 by hand; CloudTrail's event reaches the queue through EventBridge.
      writeLive({ b7: { env: 'hacked' } });
      const record = cloudTrailRecord('s3.amazonaws.com', 'PutBucketTagging', {
        requestParameters: { bucketName: 'b7', tagging: '' },
      });
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(eventBridge(record)),
        }),
      );
      await waitFor(() => events().some((e) => e.type === 'drift-opened'));
      const opened = events().find((e): e is DriftEvent => e.type === 'drift-opened');
      expect(opened).toMatchObject({
        address: 'aws_s3_bucket.b7',
        trigger: 'event',
        eventName: 'PutBucketTagging',
        actor: {
          principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
          sourceIp: '203.0.113.7',
        },
      });
      // Acknowledged: the message is deleted from the queue.
      await waitFor(async () => {
        const attributes = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
        );
        return (
          attributes.Attributes?.ApproximateNumberOfMessages === '0' &&
          attributes.Attributes.ApproximateNumberOfMessagesNotVisible === '0'
        );
      });
      watch.child.kill('SIGTERM');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.child.kill('SIGKILL');
      sqs.destroy();
      await sqsServer.stop();
    }
  });

  it('a corrupt store: one clear line on stderr and exit 1, the file left as it was', async () => {
    const store = join(dir, 'bad.json');
    writeFileSync(store, 'not json');
    const child = spawn(
      process.execPath,
      [CLI, 'watch', '--state', STATE, '--snapshot', LIVE, '--store', store],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const code = await new Promise<number | null>((res) => child.on('exit', res));
    expect(code).toBe(1);
    expect(err).toMatch(
      /^tfdrift: The watch store .*bad\.json is not valid JSON \[WATCH_STORE\]\n$/,
    );
    expect(readFileSync(store, 'utf8')).toBe('not json');
  });
});
