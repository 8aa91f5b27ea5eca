/**
 * watchDrift end to end with real parts: state files on disk, a real Provider over a live
 * side the test changes, a fileStore on disk. Intervals are milliseconds; assertions wait
 * for outcomes, never for exact timings.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/watch/file-store.js';
import type { WatchDriftOptions } from '../../src/watch/watch-drift.js';
import { watchDrift } from '../../src/watch/watch-drift.js';
import type { DriftEvent } from '../../src/watch/watch-event.js';
import type { Live } from '../detect/fake-providers.js';
import { fakeProvider } from '../detect/fake-providers.js';
import { bucket, Feed, Reader, writeBucketState } from './watch-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'tfdrift-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A fresh directory with a state of `names` buckets (all in sync with the live side). */
function setup(names: string[]) {
  const dir = join(root, String(++n));
  const state = join(dir, 'terraform.tfstate');
  const buckets = Object.fromEntries(names.map((b) => [b, bucket(b, { env: 'prod' })]));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeBucketState(state, 1, buckets);
  const live = new Map<string, Live>(
    names.map((b) => [`aws_s3_bucket.${b}`, bucket(b, { env: 'prod' })]),
  );
  const provider = fakeProvider({ types: ['aws_s3_bucket'], live });
  const store = join(dir, 'watch.json');
  const start = (extra: Partial<WatchDriftOptions> = {}) => {
    const controller = new AbortController();
    const watch = watchDrift({
      state,
      providers: [provider],
      store: fileStore(store),
      interval: 3_600_000,
      confirmAfter: 0,
      statePollInterval: 20,
      signal: controller.signal,
      ...extra,
    });
    return new Reader(watch, controller);
  };
  const drift = (name: string, tags: Record<string, string>) =>
    live.set(`aws_s3_bucket.${name}`, bucket(name, tags));
  const readAddresses = () => provider.calls.flat().map((i) => i.address);
  return { dir, state, live, provider, store, start, drift, readAddresses };
}

const opened = (events: unknown[]) =>
  (events as DriftEvent[]).filter((e) => e.type === 'drift-opened');

describe('watchDrift', () => {
  it('opens each drift once across repeated scans, updates it when its patch changes, resolves it when gone', async () => {
    const t = setup(['a', 'b']);
    t.drift('a', { env: 'dev' });
    const reader = t.start({ interval: 15 });
    await reader.until((e) => opened(e).length === 1);
    await reader.scans(3);
    expect(opened(reader.events)).toHaveLength(1);
    const first = opened(reader.events)[0] as DriftEvent;
    expect(first).toMatchObject({
      address: 'aws_s3_bucket.a',
      status: 'drifted',
      trigger: 'scan',
      resourceType: 'aws_s3_bucket',
    });
    expect(first.patch).toEqual([{ op: 'replace', path: '/tags/env', value: 'dev' }]);
    // The scan's remediation rides along: under the default policy, replace from code.
    expect(first.remediation).toMatchObject({
      action: 'replace',
      command: "terraform apply -replace='aws_s3_bucket.a'",
    });

    t.drift('a', { env: 'qa' });
    await reader.until((e) => e.some((x) => x.type === 'drift-updated'));
    t.drift('a', { env: 'prod' });
    await reader.until((e) => e.some((x) => x.type === 'drift-resolved'));
    await reader.scans(2);
    await reader.stop();
    const types = reader.events.filter((e) => e.type.startsWith('drift-')).map((e) => e.type);
    expect(types).toEqual(['drift-opened', 'drift-updated', 'drift-resolved']);
    const updated = reader.of('drift-updated')[0] as DriftEvent;
    expect(updated.patch).toEqual([{ op: 'replace', path: '/tags/env', value: 'qa' }]);
    expect(updated.firstSeen).toBe(first.firstSeen);
  });

  it('a restart with the same store announces nothing already open, and still resolves it later', async () => {
    const t = setup(['a', 'b']);
    t.drift('b', { env: 'dev' });
    const one = t.start();
    await one.until((e) => opened(e).length === 1);
    await one.stop();
    const stored = JSON.parse(readFileSync(t.store, 'utf8')) as { drift: Record<string, unknown> };
    expect(Object.keys(stored.drift)).toEqual(['aws_s3_bucket.b']);

    const two = t.start({ interval: 15 });
    await two.scans(3);
    expect(two.events.filter((e) => e.type.startsWith('drift-'))).toEqual([]);
    t.drift('b', { env: 'prod' });
    await two.until((e) => e.some((x) => x.type === 'drift-resolved'));
    await two.stop();
    expect(opened(two.events)).toHaveLength(0);
  });

  it('confirmAfter: a change that reverts before the re-read is never opened; one that stays is', async () => {
    const t = setup(['a', 'b']);
    t.drift('a', { env: 'deploying' });
    t.drift('b', { env: 'hand-edited' });
    let reads = 0;
    // The live side as a deploy in flight: `a` goes back to its state value right after the first read.
    const original = t.provider.read.bind(t.provider);
    t.provider.read = async (batch, ctx) => {
      const results = await (original(batch, ctx) as Promise<never[]>);
      if (++reads === 1) t.drift('a', { env: 'prod' });
      return results;
    };
    const reader = t.start({ confirmAfter: 40 });
    await reader.until((e) => opened(e).length === 1);
    await reader.until(() => reads >= 2);
    await reader.stop();
    expect(opened(reader.events).map((e) => e.address)).toEqual(['aws_s3_bucket.b']);
    expect(opened(reader.events)[0]?.trigger).toBe('confirm');
  });

  it('a change event re-reads only the instances it names, and carries who made the change', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `bucket${i}`);
    const t = setup(names);
    const feed = new Feed();
    const reader = t.start({ events: [feed] });
    await reader.scans(1);
    const before = t.readAddresses().length;
    expect(before).toBe(30);

    t.drift('bucket7', { env: 'oops' });
    const event = feed.push({
      at: '2026-12-05T10:00:00Z',
      name: 'PutBucketTagging',
      resources: [{ arn: 'arn:aws:s3:::bucket7' }],
      actor: { principal: 'arn:aws:iam::123456789012:user/mallory', sourceIp: '203.0.113.9' },
    });
    await reader.until((e) => opened(e).length === 1);
    await reader.until(() => feed.acked.includes(event));
    expect(t.readAddresses().slice(before)).toEqual(['aws_s3_bucket.bucket7']);
    const drift = opened(reader.events)[0] as DriftEvent;
    expect(drift).toMatchObject({
      trigger: 'event',
      eventName: 'PutBucketTagging',
      eventAt: '2026-12-05T10:00:00.000Z',
      actor: { principal: 'arn:aws:iam::123456789012:user/mallory', sourceIp: '203.0.113.9' },
    });

    // By type and id, and by address; an event naming nothing known is acknowledged without a read.
    const reads = t.readAddresses().length;
    const stray = feed.push({ at: new Date(), resources: [{ type: 'aws_s3_bucket', id: 'nope' }] });
    feed.push({
      at: new Date(),
      resources: [{ type: 'aws_s3_bucket', id: 'bucket3' }, { address: 'aws_s3_bucket.bucket4' }],
    });
    await reader.until(() => feed.acked.length === 3);
    await reader.stop();
    expect(feed.acked).toContain(stray);
    expect(t.readAddresses().slice(reads).sort()).toEqual([
      'aws_s3_bucket.bucket3',
      'aws_s3_bucket.bucket4',
    ]);
  });

  it('an event is acknowledged only after its drift was confirmed', async () => {
    const t = setup(['a']);
    const feed = new Feed();
    const reader = t.start({ events: [feed], confirmAfter: 60 });
    await reader.scans(1);
    t.drift('a', { env: 'x' });
    const event = feed.push({ at: new Date(), resources: [{ address: 'aws_s3_bucket.a' }] });
    await reader.until(() => feed.acked.includes(event));
    // The drift was opened (after confirmation) before the acknowledgement.
    expect(opened(reader.events)).toHaveLength(1);
    await reader.stop();
  });

  it('an event whose re-check fails is reported and left unacknowledged, so its feed delivers it again', async () => {
    const t = setup(['a']);
    const feed = new Feed();
    let broken = false;
    (t.provider as { preflight?: () => Promise<void> }).preflight = async () => {
      await Promise.resolve();
      if (broken) throw new Error('credentials expired');
    };
    const reader = t.start({ events: [feed] });
    await reader.scans(1);
    broken = true;
    const lost = feed.push({ at: new Date(), resources: [{ address: 'aws_s3_bucket.a' }] });
    await reader.until((e) => e.some((x) => x.type === 'scan-failed' && x.trigger === 'event'));
    broken = false;
    const next = feed.push({ at: new Date(), resources: [{ address: 'aws_s3_bucket.a' }] });
    await reader.until(() => feed.acked.includes(next));
    await reader.stop();
    expect(feed.acked).not.toContain(lost);
    const failed = reader.events.find((e) => e.type === 'scan-failed');
    expect(failed).toMatchObject({ error: { code: 'PROVIDER_CONFIG' } });
  });

  it('a change feed that fails is reported and started again', async () => {
    const t = setup(['a']);
    let starts = 0;
    const acked: string[] = [];
    const flaky = {
      async *[Symbol.asyncIterator]() {
        if (++starts === 1) throw new Error('queue unreachable');
        yield {
          at: new Date(),
          resources: [{ address: 'aws_s3_bucket.a' }],
          ack: async () => void acked.push('a'),
        };
        await new Promise(() => undefined);
      },
    };
    const reader = t.start({ events: [flaky] });
    await reader.until((e) => e.some((x) => x.type === 'scan-failed' && x.trigger === 'event'));
    await reader.until(() => acked.length === 1);
    await reader.stop();
    expect(starts).toBe(2);
  });

  it('trustedPrincipals: a change by the apply role is not alerted while the state follows it', async () => {
    const t = setup(['a', 'b']);
    const feed = new Feed();
    const reader = t.start({
      events: [feed],
      trustedPrincipals: [/role\/terraform-apply$/],
      trustedGraceMs: 60_000,
    });
    await reader.scans(1);
    t.drift('a', { env: 'v2' });
    const event = feed.push({
      at: new Date(),
      resources: [{ arn: 'arn:aws:s3:::a' }],
      actor: { principal: 'arn:aws:iam::123456789012:role/terraform-apply' },
    });
    // A bit later, terraform writes the new state: the change was an apply, not drift.
    await new Promise((r) => setTimeout(r, 50));
    expect(opened(reader.events)).toHaveLength(0);
    writeBucketState(t.state, 2, {
      a: bucket('a', { env: 'v2' }),
      b: bucket('b', { env: 'prod' }),
    });
    await reader.until(() => feed.acked.includes(event));
    await reader.until((e) => e.some((x) => x.type === 'state-changed'));
    await reader.stop();
    expect(opened(reader.events)).toHaveLength(0);
  });

  it('trustedPrincipals: when the state does not follow within the grace period, the change is drift', async () => {
    const t = setup(['a']);
    const feed = new Feed();
    const reader = t.start({
      events: [feed],
      trustedPrincipals: ['arn:aws:iam::123456789012:role/terraform-apply'],
      trustedGraceMs: 50,
    });
    await reader.scans(1);
    t.drift('a', { env: 'manual' });
    feed.push({
      at: new Date(),
      resources: [{ arn: 'arn:aws:s3:::a' }],
      actor: { principal: 'arn:aws:iam::123456789012:role/terraform-apply' },
    });
    await reader.until((e) => opened(e).length === 1);
    await reader.stop();
    expect(opened(reader.events)[0]?.actor?.principal).toBe(
      'arn:aws:iam::123456789012:role/terraform-apply',
    );
  });

  it('a state change re-checks what it moved: an apply that fixed a drift resolves it, a removed instance resolves as removed', async () => {
    const t = setup(['a', 'b', 'c']);
    t.drift('a', { env: 'dev' });
    t.drift('c', { env: 'dev' });
    const reader = t.start();
    await reader.until((e) => opened(e).length === 2);
    const reads = t.readAddresses().length;
    // The team accepts `a`'s live value into code and applies; `c` is removed from state.
    writeBucketState(t.state, 2, {
      a: bucket('a', { env: 'dev' }),
      b: bucket('b', { env: 'prod' }),
    });
    await reader.until((e) => e.filter((x) => x.type === 'drift-resolved').length === 2);
    await reader.stop();
    const resolved = reader.of('drift-resolved') as DriftEvent[];
    expect(resolved.map((e) => [e.address, e.status, e.trigger]).sort()).toEqual([
      ['aws_s3_bucket.a', 'in-sync', 'state'],
      ['aws_s3_bucket.c', 'removed', 'state'],
    ]);
    // Only the instance whose expected values changed was read again.
    expect(t.readAddresses().slice(reads)).toEqual(['aws_s3_bucket.a']);
    expect(reader.of('state-changed')[0]).toMatchObject({ serial: 2, rechecked: 1 });
  });

  it('a corrupt store is a typed error, not a crash and not a fresh start', async () => {
    const t = setup(['a']);
    writeFileSync(t.store, '{"version":1,"drift":');
    const reader = t.start();
    await reader.ended();
    expect(reader.error).toMatchObject({
      name: 'WatchStoreError',
      code: 'WATCH_STORE',
      store: t.store,
    });
    expect(readFileSync(t.store, 'utf8')).toBe('{"version":1,"drift":');

    writeFileSync(t.store, JSON.stringify({ version: 1, drift: { x: { key: 'x' } }, outbox: [] }));
    const again = t.start();
    await again.ended();
    expect(again.error).toMatchObject({ code: 'WATCH_STORE', pointer: '/drift/x/address' });
  });

  it('invalid options throw at once', () => {
    const t = setup(['a']);
    expect(() => watchDrift({ state: t.state, providers: [t.provider], interval: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', option: '/interval' }),
    );
    expect(() =>
      watchDrift({ state: t.state, providers: [t.provider], confirmAfter: Infinity }),
    ).toThrow(expect.objectContaining({ option: '/confirmAfter' }));
    expect(() =>
      watchDrift({ state: t.state, providers: [t.provider], events: [{} as never] }),
    ).toThrow(expect.objectContaining({ option: '/events/0' }));
  });

  it('stops when the signal aborts: the iteration ends and the store holds the open drift', async () => {
    const t = setup(['a']);
    t.drift('a', { env: 'dev' });
    const feed = new Feed();
    const reader = t.start({ events: [feed], interval: 10 });
    await reader.until((e) => opened(e).length === 1);
    await reader.stop();
    expect(reader.error).toBeUndefined();
    const stored = JSON.parse(readFileSync(t.store, 'utf8')) as { drift: Record<string, unknown> };
    expect(Object.keys(stored.drift)).toEqual(['aws_s3_bucket.a']);
  });
});
