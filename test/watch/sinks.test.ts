/**
 * Sinks against a real HTTP receiver that fails, stalls and recovers: deliveries are
 * retried with backoff, survive a restart in the store's outbox, are signed, and never
 * carry a secret.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/watch/file-store.js';
import { slackMessage, slackSink } from '../../src/watch/sinks/slack-sink.js';
import { webhookSink } from '../../src/watch/sinks/webhook-sink.js';
import { watchDrift } from '../../src/watch/watch-drift.js';
import type { DriftEvent } from '../../src/watch/watch-event.js';
import type { WatchSink } from '../../src/watch/watch-sink.js';
import type { Live } from '../detect/fake-providers.js';
import { fakeProvider } from '../detect/fake-providers.js';
import { Receiver } from './receiver.js';
import { bucket, Reader, writeBucketState } from './watch-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'tfdrift-sinks-'));
const receiver = new Receiver();
let base = '';
beforeAll(async () => {
  base = await receiver.listen();
});
afterAll(async () => {
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

const SECRET = 'hunter2-s3cr3t-value';
let n = 0;

/** A state of one bucket with a sensitive attribute; the live side drifted on tags and on the secret. */
function setup() {
  const dir = join(root, String(++n));
  mkdirSync(dir, { recursive: true });
  const state = join(dir, 'terraform.tfstate');
  writeBucketState(
    state,
    1,
    { a: { ...bucket('a', { env: 'prod' }), secret_value: 'old-secret' } },
    ['secret_value'],
  );
  const live = new Map<string, Live>([
    ['aws_s3_bucket.a', { ...bucket('a', { env: 'dev' }), secret_value: SECRET }],
  ]);
  const provider = fakeProvider({ types: ['aws_s3_bucket'], live });
  const store = join(dir, 'watch.json');
  const start = (sinks: WatchSink[], revealSensitive = false) => {
    const controller = new AbortController();
    return new Reader(
      watchDrift({
        state,
        providers: [provider],
        store: fileStore(store),
        interval: 3_600_000,
        confirmAfter: 0,
        sinks,
        revealSensitive,
        sinkRetry: { baseMs: 20, maxMs: 80, timeoutMs: 300 },
        signal: controller.signal,
      }),
      controller,
    );
  };
  return { store, start };
}

function outboxOf(store: string): unknown[] {
  return (JSON.parse(readFileSync(store, 'utf8')) as { outbox: unknown[] }).outbox;
}

describe('webhookSink through the outbox', () => {
  it('retries while the receiver fails and stalls, then delivers once it recovers, signed and with the same delivery id', async () => {
    const t = setup();
    const path = `/hook/${n}`;
    receiver.mode = 'fail';
    const reader = t.start([webhookSink({ url: base + path, secret: 'shh' })]);
    await reader.until((e) => e.filter((x) => x.type === 'sink-failed').length >= 2);
    receiver.mode = 'stall';
    await reader.until((e) =>
      e.some((x) => x.type === 'sink-failed' && x.message.includes('timed out')),
    );
    receiver.mode = 'ok';
    await reader.until(() => receiver.delivered.some((d) => d.path === path));
    await reader.until(() => outboxOf(t.store).length === 0);
    await reader.stop();

    const attempts = receiver.attempts.filter((a) => a.path === path);
    const ids = new Set(attempts.map((a) => a.headers['x-tfdrift-delivery']));
    expect(ids.size).toBe(1);
    const got = receiver.delivered.filter((d) => d.path === path);
    expect(got).toHaveLength(1);
    const [delivery] = got as [(typeof got)[number]];
    const expected = `sha256=${createHmac('sha256', 'shh').update(delivery.body).digest('hex')}`;
    expect(delivery.headers['x-tfdrift-signature']).toBe(expected);
    expect(delivery.headers['x-tfdrift-event']).toBe('drift-opened');
    const body = JSON.parse(delivery.body) as { deliveryId: string; event: DriftEvent };
    expect(body.deliveryId).toBe(delivery.headers['x-tfdrift-delivery']);
    expect(body.event).toMatchObject({ type: 'drift-opened', address: 'aws_s3_bucket.a' });
    // The failures say what happened without the URL's path.
    const failure = reader.events.find((e) => e.type === 'sink-failed');
    expect(JSON.stringify(failure)).not.toContain('/hook/');
    // No secret leaves the process.
    for (const a of attempts) expect(a.body).not.toContain(SECRET);
    expect(body.event.changes.find((c) => c.path === '/secret_value')).toMatchObject({
      sensitive: true,
      actual: '(sensitive)',
    });
  });

  it('a delivery pending when the watch stops is sent after the restart, and the drift is not announced again', async () => {
    const t = setup();
    const path = `/hook/${n}`;
    receiver.mode = 'fail';
    const sinks = () => [webhookSink({ url: base + path, secret: 'shh' })];
    const one = t.start(sinks());
    await one.until((e) => e.some((x) => x.type === 'sink-failed'));
    await one.stop();
    expect(outboxOf(t.store)).toHaveLength(1);

    receiver.mode = 'ok';
    const two = t.start(sinks());
    await two.until(() => receiver.delivered.some((d) => d.path === path));
    await two.until(() => outboxOf(t.store).length === 0);
    await two.stop();
    expect(two.events.filter((e) => e.type === 'drift-opened')).toEqual([]);
    expect(receiver.delivered.filter((d) => d.path === path)).toHaveLength(1);
  });

  it("with the watch's revealSensitive, a sink's revealSensitive: true sends the secret; its default never does", async () => {
    const t = setup();
    const path = `/reveal/${n}`;
    receiver.mode = 'ok';
    const reader = t.start(
      [
        webhookSink({ url: base + path, revealSensitive: true }),
        webhookSink({ url: `${base}/hidden/${n}` }),
      ],
      true,
    );
    await reader.until(
      () => receiver.delivered.filter((d) => d.path.endsWith(`/${n}`)).length === 2,
    );
    await reader.stop();
    const body = (p: string) => receiver.delivered.find((d) => d.path === p)?.body ?? '';
    expect(body(path)).toContain(SECRET);
    expect(body(`/hidden/${n}`)).not.toContain(SECRET);
    expect(
      receiver.delivered.find((d) => d.path === path)?.headers['x-tfdrift-signature'],
    ).toBeUndefined();
  });

  it('rejects a URL that is not http(s) with a typed error', () => {
    expect(() => webhookSink({ url: 'file:///etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => webhookSink({ url: 'http://x', secret: '' })).toThrow(
      expect.objectContaining({ option: '/secret' }),
    );
  });
});

describe('slackSink', () => {
  const event: DriftEvent = {
    type: 'drift-opened',
    key: 'aws_instance.web',
    address: 'aws_instance.web',
    resourceType: 'aws_instance',
    id: 'i-0abc',
    status: 'drifted',
    patch: [{ op: 'replace', path: '/instance_type', value: 't3.large' }],
    changes: [
      {
        op: 'replace',
        path: '/instance_type',
        expected: 't3.micro',
        actual: 't3.large',
        sensitive: false,
      },
      { op: 'replace', path: '/user_data', expected: 'a', actual: SECRET, sensitive: true },
      { op: 'add', path: '/tags/<script>', actual: 'x\u001b[31m', sensitive: false },
    ],
    actor: {
      principal: 'arn:aws:iam::123456789012:user/mallory',
      sourceIp: '203.0.113.9',
      userAgent: 'console.amazonaws.com',
    },
    eventName: 'ModifyInstanceAttribute',
    eventAt: '2026-12-05T10:00:00.000Z',
    remediation: {
      action: 'replace',
      summary: 'Replace aws_instance.web from code',
      command: "terraform apply -replace='aws_instance.web'",
    },
    firstSeen: '2026-12-05T10:00:03.000Z',
    lastSeen: '2026-12-05T10:00:03.000Z',
    trigger: 'event',
  };

  it('says who, what, when and what to do in one message, with markup and control characters escaped', () => {
    const { text } = slackMessage(event);
    expect(text).toContain('*Drift detected*: `aws_instance.web`');
    expect(text).toContain(
      '*Who*: `arn:aws:iam::123456789012:user/mallory` (`ModifyInstanceAttribute`)',
    );
    expect(text).toContain('from 203.0.113.9');
    expect(text).toContain('*When*: 2026-12-05T10:00:00.000Z');
    expect(text).toContain('`/instance_type`: `"t3.micro"` → `"t3.large"`');
    expect(text).toContain(
      "*Do*: Replace aws_instance.web from code: `terraform apply -replace='aws_instance.web'`",
    );
    expect(text).toContain('&lt;script&gt;');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('\u001b');
  });

  it('posts the message to the webhook, secrets redacted', async () => {
    receiver.mode = 'ok';
    const path = '/services/T000/B000/XXXXSECRETPATH';
    const sink = slackSink({ url: base + path });
    expect(sink.sinkId).not.toContain('XXXXSECRETPATH');
    await sink(event, { signal: AbortSignal.timeout(5000), deliveryId: 'd1', attempt: 1 });
    const got = receiver.delivered.find((d) => d.path === path);
    const { text } = JSON.parse(got?.body ?? '{}') as { text: string };
    expect(text).toContain('`/user_data`: (sensitive) → (sensitive)');
    expect(got?.body).not.toContain(SECRET);
    receiver.mode = 'fail';
    await expect(
      sink(event, { signal: AbortSignal.timeout(5000), deliveryId: 'd2', attempt: 1 }),
    ).rejects.toThrow(/HTTP 500/);
    await expect(
      sink(event, { signal: AbortSignal.timeout(5000), deliveryId: 'd2', attempt: 1 }),
    ).rejects.not.toThrow(/XXXXSECRETPATH/);
  });
});
