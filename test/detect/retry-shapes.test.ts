/**
 * Custom providers report failures in many shapes. An `Error` that says `retryable: true`
 * is retried like a plain `ReadError`, and throttling (ThrottlingException,
 * TooManyRequestsException, RequestLimitExceeded, HTTP 429) is retried whatever carries it.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import type { ReadResult } from '../../src/providers/types.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const web = makeInstance({ type: 'x_thing', name: 'web', attributes: { id: 'w', size: 1 } });

class CustomError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly retryable?: boolean,
  ) {
    super(message);
  }
}

/** A provider that fails `failures` times (by returning or throwing `failure()`), then reads. */
function flaky(failure: () => unknown, how: 'return' | 'throw', failures = 1) {
  let calls = 0;
  const provider = defineProvider({
    name: 'flaky',
    supports: ['x_thing'],
    async read(batch: ResourceInstance[]): Promise<ReadResult[]> {
      calls++;
      await Promise.resolve();
      if (calls <= failures) {
        if (how === 'throw') throw failure();
        return batch.map((i) => ({
          address: i.address,
          status: 'error' as const,
          error: failure() as Error,
        }));
      }
      return batch.map((i) => ({
        address: i.address,
        status: 'found' as const,
        attributes: i.attributes,
      }));
    },
  });
  return { provider, calls: () => calls };
}

async function statusAfter(failure: () => unknown, how: 'return' | 'throw') {
  const { provider, calls } = flaky(failure, how);
  const report = await detectDrift({ state: makeState([web]), providers: [provider], retry: FAST });
  return { resource: report.resources[0], calls: calls() };
}

describe('retrying custom provider errors', () => {
  for (const how of ['return', 'throw'] as const) {
    it(`an Error with retryable: true and a code is retried (${how}n)`, async () => {
      const { resource, calls } = await statusAfter(
        () => new CustomError('backend busy', 'BACKEND_BUSY', true),
        how,
      );
      expect(calls).toBe(2);
      expect(resource?.status).toBe('in-sync');
    });

    it(`an Error with retryable: false keeps its code and is not retried (${how}n)`, async () => {
      const { resource, calls } = await statusAfter(
        () => new CustomError('bad id', 'BAD_ID', false),
        how,
      );
      expect(calls).toBe(1);
      expect(resource).toMatchObject({
        status: 'unknown',
        error: { code: 'BAD_ID', message: 'bad id', retryable: false },
      });
    });
  }

  const throttles: [string, () => unknown][] = [
    [
      'an Error named ThrottlingException',
      () => Object.assign(new Error('slow'), { name: 'ThrottlingException' }),
    ],
    [
      'an Error with code TooManyRequestsException',
      () => new CustomError('slow', 'TooManyRequestsException'),
    ],
    [
      'a plain object with code RequestLimitExceeded',
      () => ({ code: 'RequestLimitExceeded', message: 'slow' }),
    ],
    [
      'a ReadError that says Throttling but retryable: false',
      () => ({ code: 'Throttling', message: 'slow', retryable: false }),
    ],
    [
      'an Error with status 429',
      () => Object.assign(new Error('Too Many Requests'), { status: 429 }),
    ],
    [
      'an Error with statusCode 429',
      () => Object.assign(new Error('Too Many Requests'), { statusCode: 429 }),
    ],
  ];
  for (const [label, failure] of throttles) {
    it(`throttling is retried: ${label}`, async () => {
      for (const how of ['return', 'throw'] as const) {
        const { resource, calls } = await statusAfter(failure, how);
        expect({ how, calls, status: resource?.status }).toEqual({
          how,
          calls: 2,
          status: 'in-sync',
        });
      }
    });
  }

  it('a plain Error without retryable stays a provider bug, not retried', async () => {
    const { resource, calls } = await statusAfter(() => new Error('boom'), 'throw');
    expect(calls).toBe(1);
    expect(resource).toMatchObject({ status: 'unknown', error: { code: 'PROVIDER_BUG' } });
  });
});
