/**
 * The same state passed twice must not count every resource twice without a word.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const dir = mkdtempSync(join(tmpdir(), 'tfdrift-dup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stateFile = (name: string, serial: number, buckets: string[]) => {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      serial,
      lineage: 'prod-lineage',
      outputs: {},
      resources: buckets.map((b) => ({
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: b,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: { id: b, bucket: b } }],
      })),
    }),
  );
  return file;
};

const providers = () => [snapshotProvider({ data: { types: ['aws_s3_bucket'] } })];

describe('the same state given twice', () => {
  it('the same file twice is scanned once, with an alert', async () => {
    const file = stateFile('a.tfstate', 3, ['one', 'two']);
    const report = await detectDrift({ state: [file, file], providers: providers() });
    expect(report.summary.total).toBe(2);
    expect(report.states).toHaveLength(1);
    expect(report.alerts).toContainEqual({
      code: 'duplicate-state',
      message: `State ${file} is the same state as ${file}: scanned once`,
    });
  });

  it('a copy (same lineage, serial and instances) is scanned once', async () => {
    const file = stateFile('b.tfstate', 3, ['one', 'two']);
    const copy = join(dir, 'b-copy.tfstate');
    copyFileSync(file, copy);
    const report = await detectDrift({ state: [file, copy], providers: providers() });
    expect(report.summary.total).toBe(2);
    expect(report.alerts.map((a) => a.code)).toContain('duplicate-state');
  });

  it('the same parsed object twice is scanned once', async () => {
    const state = makeState([makeInstance({ type: 'aws_s3_bucket', name: 'x', id: 'x' })]);
    const report = await detectDrift({ state: [state, state], providers: providers() });
    expect(report.summary.total).toBe(1);
  });

  it('an older copy (same lineage, lower serial) is scanned too, with a same-lineage alert', async () => {
    const now = stateFile('c.tfstate', 5, ['one', 'two', 'three']);
    const old = stateFile('c-old.tfstate', 4, ['one', 'two']);
    const report = await detectDrift({ state: [now, old], providers: providers() });
    expect(report.summary.total).toBe(5);
    expect(report.alerts).toContainEqual({
      code: 'same-lineage',
      message: `States ${now} (serial 5), ${old} (serial 4) share lineage prod-lineage: one may be an older copy of another, and their resources are counted once per state`,
    });
  });

  it('two different states are both scanned, without alerts', async () => {
    const dev = makeState([makeInstance({ type: 'aws_s3_bucket', name: 'x', id: 'x' })], {
      lineage: 'dev',
    });
    const prod = makeState([makeInstance({ type: 'aws_s3_bucket', name: 'x', id: 'x' })], {
      lineage: 'prod',
    });
    const report = await detectDrift({ state: [dev, prod], providers: providers() });
    expect(report.summary.total).toBe(2);
    expect(report.alerts).toEqual([]);
  });
});
