/**
 * Continuous detection latency: at 10,000 managed instances (times TFDRIFT_BENCH_SCALE), the
 * time from a CloudTrail event entering an SQS queue to the `drift-opened` it causes
 * (`confirmAfter: 0`), and the number of instance reads one event costs.
 *
 * The path is the production one: `watchDrift` with `cloudTrailEvents` long-polling a real SQS
 * emulator (fauxqs, in-process, through `@aws-sdk/client-sqs`), the event an EventBridge
 * "AWS API Call via CloudTrail" message, a state file on disk. The live side is an in-memory
 * provider that answers at once, so the time is tfdrift's own (queue, mapping, re-check,
 * diff, store write), not AWS latency. The peer, measured in the same process, is what a
 * scheduled scanner does to notice the same change: a full `detectDrift` of the estate.
 *
 * Targets: under 2 s per event, and reads equal to the instances the event named.
 *
 * Run: `node --expose-gc --import tsx bench/watch.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { cloudTrailEvents } from '../src/aws.js';
import { detectDrift, fileStore, watchDrift } from '../src/index.js';
import type { WatchEvent } from '../src/index.js';
import { cloudTrailRecord, eventBridge } from '../test/aws/cloudtrail-records.js';
import { fakeProvider, type Live } from '../test/detect/fake-providers.js';
import { median } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
const INSTANCES = Math.max(20, Math.round(10_000 * scale));
const SINGLE_EVENTS = 10;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };

const instanceId = (i: number): string => `i-${i.toString(16).padStart(17, '0')}`;

function attributes(i: number, type = 't3.micro'): Record<string, unknown> {
  return {
    id: instanceId(i),
    arn: `arn:aws:ec2:eu-west-1:123456789012:instance/${instanceId(i)}`,
    instance_type: type,
    ami: 'ami-0123456789abcdef0',
    tags: { Name: `web-${i}`, env: 'prod' },
  };
}

/** A Terraform v4 state of `n` `aws_instance.web[i]` instances. */
function stateDocument(n: number): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'bench-watch',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_instance',
        name: 'web',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: Array.from({ length: n }, (_, i) => ({
          index_key: i,
          schema_version: 1,
          attributes: attributes(i),
          sensitive_attributes: [],
        })),
      },
    ],
  });
}

/** The EventBridge message of one EC2 call naming `ids`. */
function message(name: string, ids: string[]): string {
  const requestParameters =
    ids.length === 1
      ? { instanceId: ids[0], instanceType: { value: 't3.large' } }
      : { resourcesSet: { items: ids.map((resourceId) => ({ resourceId })) } };
  return JSON.stringify(
    eventBridge(cloudTrailRecord('ec2.amazonaws.com', name, { requestParameters })),
  );
}

/** Collects a watch's events and lets the bench wait for one. */
class Events {
  private readonly seen: WatchEvent[] = [];
  private waiters: { test: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];

  constructor(watch: AsyncIterable<WatchEvent>) {
    void (async () => {
      for await (const event of watch) {
        this.seen.push(event);
        this.waiters = this.waiters.filter((w) => !(w.test(event) && (w.resolve(event), true)));
      }
    })();
  }

  next(test: (e: WatchEvent) => boolean): Promise<WatchEvent> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-bench-watch-'));
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: server.address, credentials });
  const controller = new AbortController();
  try {
    const { queueUrl } = server.createQueue('drift-events');
    const state = join(dir, 'terraform.tfstate');
    writeFileSync(state, stateDocument(INSTANCES));
    const live = new Map<string, Live>(
      Array.from({ length: INSTANCES }, (_, i) => [`aws_instance.web[${i}]`, attributes(i)]),
    );
    const provider = fakeProvider({ types: ['aws_instance'], live, maxBatchSize: 100 });
    const reads = (): number => provider.calls.reduce((n, batch) => n + batch.length, 0);

    // The peer: a full scan, what an interval scanner runs to notice one change.
    let started = performance.now();
    const full = await detectDrift({ state, providers: [provider] });
    const fullScanMs = performance.now() - started;
    const fullScanReads = full.summary.total;

    const events = new Events(
      watchDrift({
        state,
        providers: [provider],
        store: fileStore(join(dir, 'watch.json')),
        interval: 3_600_000,
        confirmAfter: 0,
        events: [
          cloudTrailEvents({
            queueUrl,
            endpoint: server.address,
            region: 'us-east-1',
            credentials,
            waitTimeSeconds: 20,
          }),
        ],
        signal: controller.signal,
      }),
    );
    await events.next((e) => e.type === 'scan-completed');

    const latencies: number[] = [];
    const readsPerEvent: number[] = [];
    /** Changes `indexes` live, sends one event naming them, waits for every drift-opened. */
    const measure = async (name: string, indexes: number[]): Promise<void> => {
      for (const i of indexes) live.set(`aws_instance.web[${i}]`, attributes(i, 't3.large'));
      const before = reads();
      const addresses = new Set(indexes.map((i) => `aws_instance.web[${i}]`));
      const opened = indexes.map(() =>
        events.next((e) => e.type === 'drift-opened' && addresses.delete(e.address)),
      );
      started = performance.now();
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: message(name, indexes.map(instanceId)),
        }),
      );
      await Promise.all(opened);
      latencies.push(performance.now() - started);
      readsPerEvent.push(reads() - before);
    };

    for (let k = 0; k < SINGLE_EVENTS; k++) {
      await measure('ModifyInstanceAttribute', [
        Math.floor(((k + 0.5) * INSTANCES) / SINGLE_EVENTS),
      ]);
    }
    const single = { latencies: [...latencies], reads: [...readsPerEvent] };
    latencies.length = 0;
    readsPerEvent.length = 0;
    await measure(
      'CreateTags',
      [1, 2, 3, 4, 5].map((j) => Math.floor((j * INSTANCES) / 7)),
    );

    const ms = (v: number): string => `${Math.round(v)} ms`;
    console.log(
      `${INSTANCES.toLocaleString('en-US')} managed instances; live side in memory, SQS = fauxqs (in-process)`,
    );
    console.log(
      `  event → drift-opened, 1 instance named:  median ${ms(median(single.latencies))}, max ${ms(Math.max(...single.latencies))} (${SINGLE_EVENTS} events; target < 2 s)`,
    );
    console.log(
      `  reads per event, 1 instance named:        ${[...new Set(single.reads)].join(', ')} (target: the instances named, not ${INSTANCES.toLocaleString('en-US')})`,
    );
    console.log(
      `  event → 5 drift-opened, 5 instances:     ${ms(latencies[0] ?? NaN)}, reads ${readsPerEvent[0]}`,
    );
    console.log(
      `  peer, full detectDrift to notice it:      ${ms(fullScanMs)}, reads ${fullScanReads.toLocaleString('en-US')}`,
    );
    console.log(
      `  ratio (full scan / event re-check):       time ×${(fullScanMs / median(single.latencies)).toFixed(1)}, reads ×${Math.round(fullScanReads / Math.max(1, median(single.reads)))}`,
    );
  } finally {
    controller.abort();
    sqs.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
