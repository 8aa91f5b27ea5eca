/**
 * Documents that are not states but end up where a state goes: tfdrift's own live snapshot
 * (whose `"version": 1` once read as an empty legacy state, so every scan was "in sync") and
 * a drift report. Each is a typed error that says what it looks like.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseState, UnsupportedStateError } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const snapshot = readFileSync(join(ROOT, 'examples', 'basic', 'live-snapshot.json'), 'utf8');

function thrown(input: unknown): UnsupportedStateError {
  try {
    parseState(input as object, { source: 'input.json' });
  } catch (error) {
    if (error instanceof UnsupportedStateError) return error;
    throw error;
  }
  throw new Error('parsed as a state');
}

describe('documents that look like something else', () => {
  it('the example live snapshot ("version": 1) is not an empty v1 state', () => {
    expect(JSON.parse(snapshot)).toMatchObject({ version: 1 });
    const error = thrown(snapshot);
    expect(error).toMatchObject({
      code: 'STATE_UNSUPPORTED',
      kind: 'live-snapshot',
      source: 'input.json',
    });
    expect(error.message).toContain('tfdrift live snapshot');
    expect(error.message).toContain('--snapshot');
  });

  it('every snapshot shape: by address, by id, types only, with and without a version', () => {
    expect(thrown({ resources: { 'aws_s3_bucket.a': { attributes: {} } } }).kind).toBe(
      'live-snapshot',
    );
    expect(thrown({ version: 1, byId: { aws_vpc: {} } }).kind).toBe('live-snapshot');
    expect(thrown({ version: 1, types: ['aws_vpc'] }).kind).toBe('live-snapshot');
  });

  it('a drift report', () => {
    const report = {
      schemaVersion: 1,
      generatedAt: '2026-01-01T00:00:00Z',
      summary: { total: 0 },
      resources: [],
      unmanaged: [],
      alerts: [],
    };
    expect(thrown(report).kind).toBe('drift-report');
  });

  it('real legacy states still parse (modules present, even with no resources)', () => {
    const v1 = parseState({
      version: 1,
      serial: 2,
      modules: [{ path: ['root'], outputs: {}, resources: {} }],
    });
    expect(v1).toMatchObject({ format: 'v1', resources: [] });
  });
});
