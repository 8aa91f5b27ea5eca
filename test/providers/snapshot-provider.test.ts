import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { checkProvider } from '../../src/testing/check-provider.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const dir = mkdtempSync(join(tmpdir(), 'tfdrift-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const web = makeInstance({
  type: 'aws_instance',
  name: 'web',
  attributes: { id: 'i-1', instance_type: 't3.micro' },
});
const gone = makeInstance({ type: 'aws_instance', name: 'gone', attributes: { id: 'i-2' } });
const absent = makeInstance({ type: 'aws_instance', name: 'absent', attributes: { id: 'i-3' } });
const sub = makeInstance({
  type: 'aws_subnet',
  name: 'a',
  module: 'module.net["eu.west"]',
  indexKey: 'x.y',
  attributes: { id: 'subnet-1' },
});
const byIdBucket = makeInstance({
  type: 'aws_s3_bucket',
  name: 'logs',
  attributes: { id: 'logs' },
});
const missingBucket = makeInstance({
  type: 'aws_s3_bucket',
  name: 'old',
  attributes: { id: 'old' },
});
const nullBucket = makeInstance({
  type: 'aws_s3_bucket',
  name: 'deleted',
  attributes: { id: 'deleted' },
});
const emptyType = makeInstance({ type: 'aws_iam_user', name: 'bob', attributes: { id: 'bob' } });
const other = makeInstance({ type: 'google_storage_bucket', name: 'x', attributes: { id: 'x' } });

const data = {
  version: 1,
  types: ['aws_iam_user'],
  resources: {
    [web.address]: { attributes: { id: 'i-1', instance_type: 't3.large' } },
    [gone.address]: null,
    [sub.address]: { attributes: { id: 'subnet-1' } },
    'aws_instance.unmanaged': { attributes: { id: 'i-9' }, name: 'stray box' },
  },
  byId: {
    aws_s3_bucket: {
      logs: { attributes: { id: 'logs' } },
      deleted: null,
      extra: { attributes: { id: 'extra' } },
    },
  },
};

describe('snapshotProvider', () => {
  it('passes the provider conformance suite', async () => {
    const failures = await checkProvider(snapshotProvider({ data }), {
      found: [web, sub, byIdBucket],
      notFound: [gone, absent, missingBucket, nullBucket, emptyType],
      listTypes: ['aws_instance', 'aws_s3_bucket'],
    });
    expect(failures).toEqual([]);
  });

  it('reads by address and by type + id; absent from a covered type is missing, other types unsupported', async () => {
    const report = await detectDrift({
      state: makeState([
        web,
        gone,
        absent,
        sub,
        byIdBucket,
        missingBucket,
        nullBucket,
        emptyType,
        other,
      ]),
      providers: [snapshotProvider({ data })],
      unmanaged: true,
    });
    expect(Object.fromEntries(report.resources.map((r) => [r.address, r.status]))).toEqual({
      'aws_instance.absent': 'missing',
      'aws_instance.gone': 'missing',
      'aws_instance.web': 'drifted',
      'aws_iam_user.bob': 'missing',
      'aws_s3_bucket.deleted': 'missing',
      'aws_s3_bucket.logs': 'in-sync',
      'aws_s3_bucket.old': 'missing',
      'google_storage_bucket.x': 'unsupported',
      'module.net["eu.west"].aws_subnet.a["x.y"]': 'in-sync',
    });
    expect(report.unmanaged.map((u) => [u.type, u.id, u.name])).toEqual([
      ['aws_instance', 'i-9', 'stray box'],
      ['aws_s3_bucket', 'extra', undefined],
    ]);
  });

  it('looks up a deposed object by id only', async () => {
    const deposed = makeInstance({
      type: 'aws_instance',
      name: 'web',
      attributes: { id: 'i-old' },
      deposed: '12345678',
    });
    const report = await detectDrift({
      state: makeState([deposed]),
      providers: [snapshotProvider({ data })],
    });
    expect(report.resources[0]).toMatchObject({ deposed: '12345678', status: 'missing' });
  });

  it('reads a snapshot file', async () => {
    const file = join(dir, 'live.json');
    writeFileSync(file, JSON.stringify(data));
    const report = await detectDrift({
      state: makeState([web]),
      providers: [snapshotProvider({ file })],
    });
    expect(report.resources[0]?.status).toBe('drifted');
  });

  it('throws ProviderConfigError with the JSON Pointer of an invalid spot', () => {
    const bad = { resources: { 'aws_instance.web': { attributes: 'not an object' } } };
    expect(() => snapshotProvider({ data: bad })).toThrow(
      expect.objectContaining({
        code: 'PROVIDER_CONFIG',
        provider: 'snapshot',
        issues: [expect.objectContaining({ path: '/resources/aws_instance.web/attributes' })],
      }),
    );
    expect(() => snapshotProvider({ data: { byId: { t: { 'a/b': 5 } } } })).toThrow(
      /\/byId\/t\/a~1b/,
    );
    expect(() => snapshotProvider({ data: { version: 2, resources: {} } })).toThrow(/\/version/);
    expect(() => snapshotProvider({ data: {} })).toThrow(/needs `resources`, `byId` or `types`/);
    expect(() => snapshotProvider({ data: [] })).toThrow(
      expect.objectContaining({ code: 'PROVIDER_CONFIG' }),
    );
  });

  it('throws ProviderConfigError for unreadable or non-JSON files and wrong options', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "resources": ');
    expect(() => snapshotProvider({ file: notJson })).toThrow(/is not JSON/);
    // V8 quotes the text around a JSON error; a snapshot of live objects holds secrets.
    const leaky = join(dir, 'leaky.json');
    writeFileSync(leaky, '{ "resources": { "password": hunter2-live-secret } }');
    let thrown: unknown;
    try {
      snapshotProvider({ file: leaky });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'PROVIDER_CONFIG', message: /is not JSON: Unexpected/ });
    expect(String((thrown as Error).message)).not.toContain('hunter2');
    expect((thrown as Error).cause).toBeUndefined();
    expect(() => snapshotProvider({ file: join(dir, 'nope.json') })).toThrow(
      /Cannot read snapshot file/,
    );
    expect(() => snapshotProvider({})).toThrow(/exactly one of `file` and `data`/);
    expect(() => snapshotProvider({ file: 'a', data: {} })).toThrow(/exactly one/);
  });

  it('reads at most maxBytes of a file: a larger one, or a device that never ends, is refused', () => {
    const file = join(dir, 'big-snapshot.json');
    writeFileSync(file, JSON.stringify(data));
    const size = Buffer.byteLength(JSON.stringify(data));
    expect(() => snapshotProvider({ file, maxBytes: size })).not.toThrow();
    expect(() => snapshotProvider({ file, maxBytes: size - 1 })).toThrow(
      expect.objectContaining({
        code: 'PROVIDER_CONFIG',
        message: expect.stringContaining(`maxBytes ${size - 1}`) as unknown,
      }) as Error,
    );
    // Read whole, /dev/zero took 2 GB and more than a minute before failing.
    expect(() => snapshotProvider({ file: '/dev/zero', maxBytes: 1024 * 1024 })).toThrow(
      /larger than the limit/,
    );
    for (const maxBytes of [0, 1.5, Infinity]) {
      expect(() => snapshotProvider({ file, maxBytes })).toThrow(/maxBytes must be an integer/);
    }
  });

  it('rejects a read under an aborted signal instead of answering not-found', async () => {
    const report = await detectDrift({
      state: makeState([gone]),
      providers: [snapshotProvider({ data })],
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect(report).toBeInstanceOf(DOMException);
  });
});

describe('snapshot validation', () => {
  it('accepts exactly what the zod schema accepts', async () => {
    const fc = await import('fast-check');
    const { SnapshotSchema } = await import('../../src/providers/snapshot-schema.js');
    const value = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    );
    const entry = fc.oneof(
      fc.constant(null),
      value,
      fc.record(
        {
          attributes: fc.oneof(fc.dictionary(fc.string(), value, { maxKeys: 3 }), value),
          name: fc.oneof(fc.string(), fc.integer()),
          location: fc.string(),
        },
        { requiredKeys: [] },
      ),
    );
    const doc = fc.oneof(
      value,
      fc.record(
        {
          version: fc.oneof(fc.constant(1), fc.constant(2), fc.string()),
          types: fc.oneof(
            fc.array(fc.string(), { maxLength: 2 }),
            fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
            fc.string(),
          ),
          resources: fc.oneof(fc.dictionary(fc.string(), entry, { maxKeys: 3 }), value),
          byId: fc.oneof(
            fc.dictionary(
              fc.string(),
              fc.oneof(fc.dictionary(fc.string(), entry, { maxKeys: 3 }), value),
              { maxKeys: 2 },
            ),
            value,
          ),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(doc, (d) => {
        let accepted = true;
        try {
          snapshotProvider({ data: d });
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(SnapshotSchema.safeParse(d).success);
      }),
      { numRuns: 500 },
    );
  });
});
