import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { mergeReports } from '../../src/detect/merge-reports.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { DriftReportSchema } from '../../src/report/schema.js';
import type { ProgressEvent, ReadResult } from '../../src/providers/types.js';
import type { DriftReport } from '../../src/report/types.js';
import type { ResourceInstance } from '../../src/state/types.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { fakeProvider, type Live } from './fake-providers.js';

const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

function bucket(name: string, extra: Record<string, unknown> = {}): ResourceInstance {
  return makeInstance({
    type: 'aws_s3_bucket',
    name,
    attributes: { id: `${name}-bucket`, bucket: `${name}-bucket`, ...extra },
  });
}

function stable(report: DriftReport): string {
  return JSON.stringify({ ...report, generatedAt: '', durationMs: 0 });
}

function byAddress(report: DriftReport, address: string) {
  const r = report.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no report for ${address}`);
  return r;
}

describe('detectDrift statuses', () => {
  const a = bucket('a');
  const b = bucket('b');
  const c = bucket('c');
  const d = bucket('d');
  const vpc = makeInstance({ type: 'google_compute_network', name: 'net', id: 'net-1' });
  const data = makeInstance({ type: 'aws_s3_bucket', name: 'lookup', mode: 'data', id: 'lookup' });
  const live = new Map<string, Live>([
    [a.address, { ...a.attributes }],
    [b.address, { ...b.attributes, bucket: 'renamed' }],
    [c.address, null],
    [d.address, { code: 'AccessDenied', message: 'not allowed', retryable: false }],
  ]);

  it('reports in-sync, drifted, missing, unknown and unsupported, and skips data sources', async () => {
    const report = await detectDrift({
      state: makeState([d, c, vpc, b, a, data]),
      providers: [fakeProvider({ types: ['aws_s3_bucket'], live })],
    });
    expect(report.resources.map((r) => [r.address, r.status])).toEqual([
      ['aws_s3_bucket.a', 'in-sync'],
      ['aws_s3_bucket.b', 'drifted'],
      ['aws_s3_bucket.c', 'missing'],
      ['aws_s3_bucket.d', 'unknown'],
      ['google_compute_network.net', 'unsupported'],
    ]);
    expect(byAddress(report, b.address).patch).toEqual([
      { op: 'replace', path: '/bucket', value: 'renamed' },
    ]);
    expect(byAddress(report, d.address).error).toEqual({
      code: 'AccessDenied',
      message: 'not allowed',
      retryable: false,
    });
    expect(byAddress(report, vpc.address).provider).toBe('registry.terraform.io/hashicorp/google');
    expect(report.summary).toEqual({
      total: 5,
      inSync: 1,
      drifted: 1,
      missing: 1,
      unknown: 1,
      unsupported: 1,
      unmanaged: 0,
      coverage: 3 / 5,
      checked: 3,
      partiallyChecked: 0,
      notChecked: 2,
      notCheckedAttributes: 0,
    });
    expect(report.schemaVersion).toBe(1);
    expect(report.states).toEqual([{ source: '<state 1>', serial: 1, lineage: 'test-lineage' }]);
    const checked = DriftReportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
  });

  it('gives byte-identical JSON on repeated runs (apart from timestamps)', async () => {
    const run = () =>
      detectDrift({
        state: makeState([d, c, vpc, b, a]),
        providers: [fakeProvider({ types: ['aws_s3_bucket'], live, maxBatchSize: 2 })],
        concurrency: 3,
      });
    const [one, two] = await Promise.all([run(), run()]);
    expect(stable(one)).toBe(stable(two));
  });

  it('reports a deposed object separately, after its current object', async () => {
    const deposed = makeInstance({
      type: 'aws_s3_bucket',
      name: 'a',
      id: 'old-a',
      deposed: '0a1b2c3d',
    });
    const report = await detectDrift({
      state: makeState([deposed, a]),
      providers: [fakeProvider({ types: ['aws_s3_bucket'], live, maxBatchSize: 10 })],
    });
    expect(report.resources.map((r) => [r.address, r.deposed, r.id])).toEqual([
      ['aws_s3_bucket.a', undefined, 'a-bucket'],
      ['aws_s3_bucket.a', '0a1b2c3d', 'old-a'],
    ]);
  });
});

describe('detectDrift failures', () => {
  it('keeps the rest of the report intact when one batch fails', async () => {
    const instances = ['a', 'b', 'c', 'd', 'e'].map((n) => bucket(n));
    const live = new Map<string, Live>(instances.map((i) => [i.address, { ...i.attributes }]));
    const provider = fakeProvider({
      types: ['aws_s3_bucket'],
      live,
      maxBatchSize: 2,
      onRead: (batch) => {
        if (batch.some((i) => i.name === 'c')) throw new Error('socket hang up in batch 2');
      },
    });
    const report = await detectDrift({
      state: makeState(instances),
      providers: [provider],
      retry: FAST,
    });
    expect(report.resources.map((r) => r.status)).toEqual([
      'in-sync',
      'in-sync',
      'unknown',
      'unknown',
      'in-sync',
    ]);
    expect(byAddress(report, 'aws_s3_bucket.c').error).toEqual({
      code: 'PROVIDER_BUG',
      message: 'socket hang up in batch 2',
      retryable: false,
    });
    expect(provider.calls).toHaveLength(3);
  });

  it('retries retryable errors, then succeeds', async () => {
    const a = bucket('a');
    let calls = 0;
    const provider = defineProvider({
      name: 'flaky',
      supports: ['aws_s3_bucket'],
      read(batch: ResourceInstance[]): Promise<ReadResult[]> {
        calls++;
        return Promise.resolve(
          batch.map((i): ReadResult =>
            calls < 3
              ? {
                  address: i.address,
                  status: 'error',
                  error: {
                    code: 'Throttling',
                    message: 'slow down',
                    retryable: true,
                    retryAfterMs: 2,
                  },
                }
              : { address: i.address, status: 'found', attributes: i.attributes },
          ),
        );
      },
    });
    const report = await detectDrift({
      state: makeState([a]),
      providers: [provider],
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    });
    expect(calls).toBe(3);
    expect(report.resources[0]?.status).toBe('in-sync');
  });

  it('reports unknown, never missing, when retries run out (thrown retryable errors retry the batch)', async () => {
    const a = bucket('a');
    let calls = 0;
    const provider = defineProvider({
      name: 'down',
      supports: ['aws_s3_bucket'],
      read(): Promise<ReadResult[]> {
        calls++;
        const error = Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
        return Promise.reject(error);
      },
    });
    const report = await detectDrift({ state: makeState([a]), providers: [provider], retry: FAST });
    expect(calls).toBe(3);
    expect(report.resources[0]).toMatchObject({
      status: 'unknown',
      error: { code: 'ECONNRESET', message: 'connect ECONNRESET', retryable: true },
    });
    expect(report.summary.missing).toBe(0);
  });

  it('turns a provider that throws synchronously or returns garbage into unknown', async () => {
    const a = bucket('a');
    const b = makeInstance({ type: 'aws_iam_role', name: 'r', id: 'r' });
    const throwing = defineProvider({
      name: 'throwing',
      supports: ['aws_s3_bucket'],
      read(): Promise<ReadResult[]> {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const garbage = defineProvider({
      name: 'garbage',
      supports: ['aws_iam_role'],
      read: () => Promise.resolve('nope' as unknown as ReadResult[]),
    });
    const report = await detectDrift({
      state: makeState([a, b]),
      providers: [throwing, garbage],
      retry: FAST,
    });
    expect(byAddress(report, a.address)).toMatchObject({
      status: 'unknown',
      provider: 'throwing',
      error: { code: 'PROVIDER_BUG', retryable: false },
    });
    expect(byAddress(report, b.address)).toMatchObject({
      status: 'unknown',
      provider: 'garbage',
      error: { code: 'PROVIDER_BUG' },
    });
  });

  it('reports NO_RESULT for addresses left unanswered and ignores results for made-up addresses', async () => {
    const a = bucket('a');
    const b = bucket('b');
    const provider = defineProvider({
      name: 'sloppy',
      supports: ['aws_s3_bucket'],
      read: (): Promise<ReadResult[]> =>
        Promise.resolve([
          { address: a.address, status: 'found', attributes: a.attributes },
          { address: 'aws_s3_bucket.ghost', status: 'not-found' },
        ]),
    });
    const report = await detectDrift({ state: makeState([a, b]), providers: [provider] });
    expect(report.resources.map((r) => r.address)).toEqual([a.address, b.address]);
    expect(byAddress(report, b.address)).toMatchObject({
      status: 'unknown',
      error: { code: 'NO_RESULT', retryable: false },
    });
    expect(report.alerts).toEqual([
      {
        code: 'provider-extra-results',
        message: 'Provider sloppy returned results for addresses not in its batch (ignored)',
        addresses: ['aws_s3_bucket.ghost'],
      },
    ]);
  });

  it('scrubs the instance secrets out of provider error messages', async () => {
    const db = makeInstance({
      type: 'aws_db_instance',
      name: 'main',
      attributes: { id: 'db-1', password: 'hunter2-very-secret', username: 'admin' },
      sensitivePaths: ['/password'],
    });
    const provider = defineProvider({
      name: 'leaky',
      supports: ['aws_db_instance'],
      read: (batch: ResourceInstance[]): Promise<ReadResult[]> =>
        Promise.reject(
          new Error(
            `login failed for admin with password ${String(batch[0]?.attributes.password)}`,
          ),
        ),
    });
    const report = await detectDrift({
      state: makeState([db]),
      providers: [provider],
      retry: FAST,
    });
    const json = JSON.stringify(report);
    expect(json).not.toContain('hunter2-very-secret');
    expect(report.resources[0]?.error?.message).toBe(
      'login failed for admin with password [REDACTED]',
    );
  });

  it('truncates very long error messages', async () => {
    const a = bucket('a');
    const provider = defineProvider({
      name: 'verbose',
      supports: ['aws_s3_bucket'],
      read: (): Promise<ReadResult[]> => Promise.reject(new Error('x'.repeat(5000))),
    });
    const report = await detectDrift({ state: makeState([a]), providers: [provider] });
    expect(report.resources[0]?.error?.message.length).toBe(1000);
  });
});

describe('detectDrift orchestration', () => {
  it('routes to the first provider that supports an instance, by type, glob, source and predicate', async () => {
    const a = bucket('a');
    const role = makeInstance({ type: 'aws_iam_role', name: 'r', id: 'r' });
    const west = makeInstance({
      type: 'aws_instance',
      name: 'w',
      id: 'i-1',
      providerAlias: 'west',
    });
    const other = makeInstance({
      type: 'aws_instance',
      name: 'o',
      id: 'i-2',
      provider: 'registry.example.com/acme/aws',
    });
    const live = new Map<string, Live>(
      [a, role, west, other].map((i) => [i.address, i.attributes]),
    );
    const first = fakeProvider({ name: 'first', types: ['aws_s3_bucket'], live });
    const glob = fakeProvider({ name: 'glob', types: ['aws_*'], live });
    const aliased = defineProvider({
      ...fakeProvider({ name: 'west', types: [], live }),
      supports: (i: ResourceInstance) => i.providerAlias === 'west',
    });
    const sourced = defineProvider({
      ...fakeProvider({ name: 'hashicorp', types: ['*'], live }),
      sources: ['hashicorp/aws'],
    });
    const report = await detectDrift({
      state: makeState([a, role, west, other]),
      providers: [first, aliased, sourced, glob],
    });
    expect(Object.fromEntries(report.resources.map((r) => [r.address, r.provider]))).toEqual({
      'aws_s3_bucket.a': 'first',
      'aws_iam_role.r': 'hashicorp',
      'aws_instance.w': 'west',
      'aws_instance.o': 'glob',
    });
  });

  it('bounds concurrency globally and per provider, and batches by type up to maxBatchSize', async () => {
    const instances = Array.from({ length: 20 }, (_, i) => bucket(`b${i}`));
    const live = new Map<string, Live>(instances.map((i) => [i.address, i.attributes]));
    let inFlight = 0;
    let peak = 0;
    const slow = async (): Promise<void> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
    };
    const p1 = fakeProvider({
      name: 'one',
      types: ['aws_s3_bucket'],
      live,
      maxBatchSize: 3,
      onRead: slow,
    });
    await detectDrift({ state: makeState(instances), providers: [p1], concurrency: 2 });
    expect(peak).toBe(2);
    expect(p1.calls.map((b) => b.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);

    peak = 0;
    const p2 = fakeProvider({
      name: 'two',
      types: ['aws_s3_bucket'],
      live,
      maxBatchSize: 3,
      concurrency: 1,
      onRead: slow,
    });
    await detectDrift({ state: makeState(instances), providers: [p2], concurrency: 8 });
    expect(peak).toBe(1);
  });

  it('emits progress with done/total per phase', async () => {
    const instances = ['a', 'b', 'c'].map((n) => bucket(n));
    const events: ProgressEvent[] = [];
    await detectDrift({
      state: makeState(instances),
      providers: [fakeProvider({ types: ['aws_s3_bucket'], live: new Map(), maxBatchSize: 1 })],
      concurrency: 1,
      onProgress: (e) => events.push(e),
    });
    expect(events.filter((e) => e.phase === 'load')).toEqual([
      { phase: 'load', done: 0, total: 1 },
      { phase: 'load', done: 1, total: 1 },
    ]);
    expect(events.filter((e) => e.phase === 'read').map((e) => [e.done, e.total])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('hands providers a shared rate limiter', async () => {
    const a = bucket('a');
    const keys: string[] = [];
    const provider = defineProvider({
      name: 'limited',
      supports: ['aws_s3_bucket'],
      async read(batch: ResourceInstance[], ctx): Promise<ReadResult[]> {
        await ctx.limit('aws:123:eu-west-1:s3', 1000);
        keys.push('ok');
        return batch.map((i): ReadResult => ({ address: i.address, status: 'not-found' }));
      },
    });
    const report = await detectDrift({ state: makeState([a]), providers: [provider] });
    expect(keys).toEqual(['ok']);
    expect(report.resources[0]?.status).toBe('missing');
  });

  it('throws ProviderConfigError for invalid providers, InvalidOptionError for invalid options, StateSourceError without a state', async () => {
    await expect(
      detectDrift({ state: makeState([]), providers: [{ name: '' } as never] }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_CONFIG',
      issues: [
        { path: '/providers/0/name', message: 'expected a non-empty string' },
        {
          path: '/providers/0/supports',
          message: 'expected an array of resource types or a predicate',
        },
        { path: '/providers/0/read', message: 'expected a function' },
      ],
    });
    await expect(
      detectDrift({ state: makeState([]), providers: undefined as never }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_CONFIG',
      issues: [{ path: '/providers', message: 'expected an array of providers' }],
    });
    const p = fakeProvider({ types: [], live: new Map() });
    await expect(detectDrift({ state: makeState([]), providers: [p, p] })).rejects.toMatchObject({
      code: 'PROVIDER_CONFIG',
    });
    await expect(
      detectDrift({ state: makeState([]), providers: [p], concurrency: 0 }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', option: '/concurrency' });
    await expect(
      detectDrift({ state: makeState([]), providers: [p], shard: { index: 2, count: 2 } }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', option: '/shard' });
    await expect(detectDrift({ providers: [p] })).rejects.toMatchObject({ code: 'STATE_SOURCE' });
  });

  it('gives an empty state a full coverage and an empty report', async () => {
    const report = await detectDrift({ state: makeState([]), providers: [] });
    expect(report.summary).toMatchObject({ total: 0, coverage: 1 });
    expect(report.resources).toEqual([]);
  });

  it('merges attribution details from providers that explain drift, and survives a failing one', async () => {
    const a = bucket('a');
    const b = bucket('b');
    const live = new Map<string, Live>([
      [a.address, { ...a.attributes, bucket: 'x' }],
      [b.address, { ...b.attributes, bucket: 'y' }],
    ]);
    const base = fakeProvider({ name: 'explains', types: ['aws_s3_bucket'], live });
    const explaining = defineProvider({
      ...base,
      attribute: (targets: { report: { address: string } }[]) =>
        Promise.resolve(
          targets
            .filter((t) => t.report.address === a.address)
            .map((t) => ({ address: t.report.address, details: { changedBy: 'alice' } })),
        ),
    });
    const report = await detectDrift({ state: makeState([a, b]), providers: [explaining] });
    expect(byAddress(report, a.address).details).toEqual({ changedBy: 'alice' });
    expect(byAddress(report, b.address).details).toBeUndefined();

    const failing = defineProvider({
      ...base,
      attribute: () => Promise.reject(new Error('CloudTrail throttled')),
    });
    const report2 = await detectDrift({ state: makeState([a, b]), providers: [failing] });
    expect(report2.alerts).toEqual([
      {
        code: 'attribution-failed',
        message: 'Provider explains could not attribute drift: CloudTrail throttled',
      },
    ]);
    expect(report2.summary.drifted).toBe(2);
  });
});

describe('detectDrift abort', () => {
  it('returns promptly with the unread resources unknown (ABORTED) and leaves no timer behind', async () => {
    const instances = ['a', 'b', 'c', 'd'].map((n) => bucket(n));
    const controller = new AbortController();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    let reads = 0;
    const provider = defineProvider({
      name: 'hangs',
      supports: ['aws_s3_bucket'],
      maxBatchSize: 1,
      read(batch: ResourceInstance[]): Promise<ReadResult[]> {
        reads++;
        if (reads === 1)
          return Promise.resolve(
            batch.map((i): ReadResult => ({
              address: i.address,
              status: 'found',
              attributes: i.attributes,
            })),
          );
        // The second read never settles and ignores the signal: the core must not wait for it.
        queueMicrotask(() => controller.abort());
        return new Promise<ReadResult[]>(() => undefined);
      },
    });
    const report = await detectDrift({
      state: makeState(instances),
      providers: [provider],
      concurrency: 1,
      signal: controller.signal,
    });
    expect(report.resources.map((r) => [r.status, r.error?.code])).toEqual([
      ['in-sync', undefined],
      ['unknown', 'ABORTED'],
      ['unknown', 'ABORTED'],
      ['unknown', 'ABORTED'],
    ]);
    expect(reads).toBe(2);
    expect(report.alerts.map((a) => a.code)).toEqual(['aborted']);
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });

  it('stops a retry backoff at once when aborted', async () => {
    const controller = new AbortController();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const provider = defineProvider({
      name: 'throttled',
      supports: ['aws_s3_bucket'],
      read(batch: ResourceInstance[]): Promise<ReadResult[]> {
        setTimeout(() => controller.abort(), 1);
        return Promise.resolve(
          batch.map((i): ReadResult => ({
            address: i.address,
            status: 'error',
            error: { code: 'Throttling', message: 'wait', retryable: true, retryAfterMs: 60_000 },
          })),
        );
      },
    });
    const report = await detectDrift({
      state: makeState([bucket('a')]),
      providers: [provider],
      retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 120_000 },
      signal: controller.signal,
    });
    expect(report.resources[0]).toMatchObject({ status: 'unknown', error: { code: 'ABORTED' } });
    // The 60 s backoff timer is gone: only what was there before remains.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('rejects with the abort reason when aborted before reading starts', async () => {
    const reason = new Error('cancelled by user');
    await expect(
      detectDrift({
        state: makeState([bucket('a')]),
        providers: [],
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
  });
});

describe('unmanaged resources, several states, shards', () => {
  const a = bucket('a');
  const b = bucket('b');
  const role = makeInstance({ type: 'aws_iam_role', name: 'ci', id: 'ci-role' });
  const snapshot = {
    resources: {
      [a.address]: { attributes: a.attributes },
      [role.address]: { attributes: { ...role.attributes, max_session_duration: 7200 } },
    },
    byId: {
      aws_s3_bucket: {
        'b-bucket': { attributes: b.attributes },
        'shadow-it': { attributes: { id: 'shadow-it', bucket: 'shadow-it' }, name: 'Shadow IT' },
      },
      aws_instance: { 'i-0abc': { attributes: { id: 'i-0abc' } } },
    },
  };

  it('reports live objects of managed types that no state holds, with an import block', async () => {
    const report = await detectDrift({
      state: makeState([a, role]),
      providers: [snapshotProvider({ data: snapshot })],
      unmanaged: true,
    });
    expect(report.unmanaged).toEqual([
      {
        type: 'aws_s3_bucket',
        id: 'b-bucket',
        provider: 'snapshot',
        importBlock: 'import {\n  to = aws_s3_bucket.b_bucket\n  id = "b-bucket"\n}',
        remediation: {
          action: 'import',
          summary: `Import aws_s3_bucket b-bucket as aws_s3_bucket.b_bucket: add the import block, generate its configuration, review it and apply`,
          command: 'terraform plan -generate-config-out=generated.tf',
          code: 'import {\n  to = aws_s3_bucket.b_bucket\n  id = "b-bucket"\n}',
        },
      },
      {
        type: 'aws_s3_bucket',
        id: 'shadow-it',
        provider: 'snapshot',
        name: 'Shadow IT',
        importBlock: 'import {\n  to = aws_s3_bucket.shadow_it\n  id = "shadow-it"\n}',
        remediation: {
          action: 'import',
          summary: `Import aws_s3_bucket shadow-it as aws_s3_bucket.shadow_it: add the import block, generate its configuration, review it and apply`,
          command: 'terraform plan -generate-config-out=generated.tf',
          code: 'import {\n  to = aws_s3_bucket.shadow_it\n  id = "shadow-it"\n}',
        },
      },
    ]);
    expect(report.summary.unmanaged).toBe(2);
    expect(report.summary.total).toBe(2);
  });

  it('scans two states: instances keep their source, and an object in either state is not unmanaged', async () => {
    const other = makeState([b], { serial: 7, lineage: 'l2', source: 'prod/terraform.tfstate' });
    const report = await detectDrift({
      state: [makeState([a, role], { source: 'dev/terraform.tfstate' }), other],
      providers: [snapshotProvider({ data: snapshot })],
      unmanaged: true,
    });
    expect(report.states).toEqual([
      { source: 'dev/terraform.tfstate', serial: 1, lineage: 'test-lineage' },
      { source: 'prod/terraform.tfstate', serial: 7, lineage: 'l2' },
    ]);
    expect(report.resources.map((r) => [r.address, r.source])).toEqual([
      ['aws_iam_role.ci', 'dev/terraform.tfstate'],
      ['aws_s3_bucket.a', 'dev/terraform.tfstate'],
      ['aws_s3_bucket.b', 'prod/terraform.tfstate'],
    ]);
    expect(report.unmanaged.map((u) => u.id)).toEqual(['shadow-it']);
  });

  it('reports a failing list as an alert, not a failure', async () => {
    const broken = defineProvider({
      ...fakeProvider({ name: 'nolist', types: ['aws_s3_bucket'], live: new Map() }),
      // eslint-disable-next-line require-yield
      list: async function* () {
        await Promise.resolve();
        throw new Error('ListBuckets denied');
      },
    });
    const report = await detectDrift({
      state: makeState([a]),
      providers: [broken],
      unmanaged: true,
    });
    expect(report.alerts).toEqual([
      {
        code: 'list-failed',
        message: 'Provider nolist could not list aws_s3_bucket: ListBuckets denied',
      },
    ]);
  });

  it('merges shard reports into exactly the report of one run', async () => {
    const instances = Array.from({ length: 40 }, (_, i) =>
      makeInstance({
        type: i % 2 ? 'aws_s3_bucket' : 'aws_iam_role',
        name: `r${i}`,
        attributes: { id: `id-${i}`, v: i },
      }),
    );
    instances.push(
      makeInstance({ type: 'aws_s3_bucket', name: 'r1', id: 'old', deposed: 'deadbeef' }),
    );
    instances.push(makeInstance({ type: 'aws_lambda_function', name: 'fn', id: 'fn' }));
    const live = new Map<string, Live>(
      instances.map((i, n) => [
        i.address,
        n % 5 === 0 ? null : n % 7 === 0 ? { ...i.attributes, v: -1 } : i.attributes,
      ]),
    );
    const listed = [
      { type: 'aws_s3_bucket', id: 'stray' },
      { type: 'aws_s3_bucket', id: 'id-1' },
    ];
    const providers = () => [
      fakeProvider({ types: ['aws_s3_bucket', 'aws_iam_role'], live, listed, maxBatchSize: 4 }),
    ];
    const state = makeState(instances);
    const ignore = [{ address: 'aws_iam_role.r4' }];
    const one = await detectDrift({ state, providers: providers(), unmanaged: true, ignore });
    const shards = await Promise.all(
      [0, 1, 2].map((index) =>
        detectDrift({
          state,
          providers: providers(),
          unmanaged: true,
          ignore,
          shard: { index, count: 3 },
        }),
      ),
    );
    expect(shards.every((s) => s.resources.length < one.resources.length)).toBe(true);
    expect(stable(mergeReports(shards))).toBe(stable(one));
    expect(one.unmanaged.map((u) => u.id)).toEqual(['stray']);
  });
});

describe('detectDrift streaming and edge cases', () => {
  it('accepts results streamed from an async iterable', async () => {
    const instances = ['a', 'b', 'c'].map((n) => bucket(n));
    const provider = defineProvider({
      name: 'streaming',
      supports: ['aws_s3_bucket'],
      async *read(batch: ResourceInstance[]): AsyncIterable<ReadResult> {
        for (const i of [...batch].reverse()) {
          await Promise.resolve();
          yield i.name === 'b'
            ? { address: i.address, status: 'not-found' }
            : { address: i.address, status: 'found', attributes: i.attributes };
        }
      },
    });
    const report = await detectDrift({ state: makeState(instances), providers: [provider] });
    expect(report.resources.map((r) => r.status)).toEqual(['in-sync', 'missing', 'in-sync']);
  });

  it('reads the same address from two states in separate batches', async () => {
    const dev = bucket('a', { bucket: 'dev' });
    const prod = bucket('a', { bucket: 'prod' });
    const provider = defineProvider({
      name: 'by-bucket',
      supports: ['aws_s3_bucket'],
      read: (batch: ResourceInstance[]): Promise<ReadResult[]> => {
        expect(new Set(batch.map((i) => i.address)).size).toBe(batch.length);
        return Promise.resolve(
          batch.map((i): ReadResult => ({
            address: i.address,
            status: 'found',
            attributes: { ...i.attributes, bucket: 'prod' },
          })),
        );
      },
    });
    const report = await detectDrift({
      state: [
        makeState([dev], { source: 'dev.tfstate' }),
        makeState([prod], { source: 'prod.tfstate' }),
      ],
      providers: [provider],
    });
    expect(report.resources.map((r) => [r.source, r.status])).toEqual([
      ['dev.tfstate', 'drifted'],
      ['prod.tfstate', 'in-sync'],
    ]);
  });

  it('reports list progress and skips whole resources matched by an ignore rule', async () => {
    const a = bucket('a');
    const b = bucket('b');
    const events: ProgressEvent[] = [];
    const provider = fakeProvider({
      types: ['aws_s3_bucket'],
      live: new Map([[a.address, a.attributes]]),
    });
    const report = await detectDrift({
      state: makeState([a, b]),
      providers: [provider],
      ignore: 'aws_s3_bucket.b   # retired, deleted by hand\n',
      unmanaged: true,
      onProgress: (e) => events.push(e),
    });
    expect(report.resources.map((r) => r.address)).toEqual([a.address]);
    expect(provider.calls.flat().map((i) => i.address)).toEqual([a.address]);
    expect(report.alerts).toEqual([
      {
        code: 'ignored',
        message: 'Resources skipped entirely by ignore rules',
        addresses: ['aws_s3_bucket.b'],
      },
    ]);
    expect(events.filter((e) => e.phase === 'list')).toEqual([
      { phase: 'list', done: 1, total: 1 },
    ]);
  });

  it('keeps scanning when an onProgress listener throws', async () => {
    const report = await detectDrift({
      state: makeState([bucket('a')]),
      providers: [fakeProvider({ types: ['aws_s3_bucket'], live: new Map() })],
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(report.resources[0]?.status).toBe('missing');
  });
});

describe('detectDrift abort while listing', () => {
  it('stops a list that never ends and says the unmanaged list may be incomplete', async () => {
    const controller = new AbortController();
    const a = bucket('a');
    const endless = defineProvider({
      ...fakeProvider({
        name: 'endless',
        types: ['aws_s3_bucket'],
        live: new Map([[a.address, a.attributes]]),
      }),
      list: async function* () {
        yield { type: 'aws_s3_bucket', id: 'first' };
        controller.abort();
        await new Promise(() => undefined);
      },
    });
    const report = await detectDrift({
      state: makeState([a]),
      providers: [endless],
      unmanaged: true,
      signal: controller.signal,
    });
    expect(report.resources[0]?.status).toBe('in-sync');
    expect(report.alerts.map((x) => x.code)).toEqual(['aborted']);
  });
});

describe('detectDrift with a stream that breaks off', () => {
  it('keeps the results yielded before the failure and retries only the rest', async () => {
    const instances = ['a', 'b', 'c'].map((n) => bucket(n));
    const batches: string[][] = [];
    const provider = defineProvider({
      name: 'breaks',
      supports: ['aws_s3_bucket'],
      async *read(batch: ResourceInstance[]): AsyncIterable<ReadResult> {
        batches.push(batch.map((i) => i.name));
        await Promise.resolve();
        const first = batch[0] as ResourceInstance;
        yield { address: first.address, status: 'found', attributes: first.attributes };
        if (batch.length > 1)
          throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      },
    });
    const report = await detectDrift({
      state: makeState(instances),
      providers: [provider],
      retry: FAST,
    });
    expect(batches).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
    expect(report.resources.map((r) => r.status)).toEqual(['in-sync', 'in-sync', 'in-sync']);
  });

  it('reports the rest unknown when the failure is not retryable', async () => {
    const instances = ['a', 'b'].map((n) => bucket(n));
    const provider = defineProvider({
      name: 'breaks-hard',
      supports: ['aws_s3_bucket'],
      async *read(batch: ResourceInstance[]): AsyncIterable<ReadResult> {
        await Promise.resolve();
        yield { address: (batch[0] as ResourceInstance).address, status: 'not-found' };
        throw new Error('decoder bug');
      },
    });
    const report = await detectDrift({
      state: makeState(instances),
      providers: [provider],
      retry: FAST,
    });
    expect(report.resources.map((r) => [r.status, r.error?.code])).toEqual([
      ['missing', undefined],
      ['unknown', 'PROVIDER_BUG'],
    ]);
  });
});
