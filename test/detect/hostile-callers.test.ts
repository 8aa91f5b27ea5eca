/**
 * Callers and providers that misbehave: out-of-range numeric options, callbacks that throw,
 * and provider calls that never settle. None of them may reject the scan with an untyped
 * error or hang it.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import type { DetectDriftOptions } from '../../src/detect/detect-drift.js';
import { InvalidOptionError } from '../../src/errors.js';
import { awsProvider } from '../../src/providers/aws/aws-provider.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import { terraformProvider } from '../../src/providers/terraform-provider.js';
import type { LiveResource } from '../../src/model/live-resource.js';
import type { Logger, Provider, ProviderContext, ReadResult } from '../../src/providers/types.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { loadState } from '../../src/state/load-state.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const bucket = (name: string): ResourceInstance =>
  makeInstance({ type: 'aws_s3_bucket', name, attributes: { id: name, bucket: name } });
const vpc = makeInstance({ type: 'aws_vpc', name: 'main', attributes: { id: 'vpc-1' } });

/** Reads every instance back exactly as in state. */
const found = (batch: ResourceInstance[]): ReadResult[] =>
  batch.map((i) => ({ address: i.address, status: 'found', attributes: i.attributes }));

/** A provider of `aws_vpc` that answers at once. */
const healthy = defineProvider({
  name: 'healthy',
  supports: ['aws_vpc'],
  read: async (batch) => found(batch),
});

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('numeric and callback options', () => {
  const p = healthy;
  const cases: [string, Partial<DetectDriftOptions>, string][] = [
    ['concurrency Infinity', { concurrency: Infinity }, '/concurrency'],
    ['concurrency NaN', { concurrency: NaN }, '/concurrency'],
    ['concurrency 1.5', { concurrency: 1.5 }, '/concurrency'],
    ['concurrency as a string', { concurrency: '8' as never }, '/concurrency'],
    ['retry.attempts Infinity', { retry: { attempts: Infinity } }, '/retry/attempts'],
    ['retry.attempts 0', { retry: { attempts: 0 } }, '/retry/attempts'],
    ['retry.attempts 1e9', { retry: { attempts: 1e9 } }, '/retry/attempts'],
    ['retry.attempts 2.5', { retry: { attempts: 2.5 } }, '/retry/attempts'],
    ['retry.baseDelayMs -1', { retry: { baseDelayMs: -1 } }, '/retry/baseDelayMs'],
    ['retry.baseDelayMs NaN', { retry: { baseDelayMs: NaN } }, '/retry/baseDelayMs'],
    ['retry.maxDelayMs Infinity', { retry: { maxDelayMs: Infinity } }, '/retry/maxDelayMs'],
    ['retry.maxDelayMs past a timer', { retry: { maxDelayMs: 2 ** 31 } }, '/retry/maxDelayMs'],
    ['retry not an object', { retry: 4 as never }, '/retry'],
    ['readTimeoutMs 0', { readTimeoutMs: 0 }, '/readTimeoutMs'],
    ['readTimeoutMs Infinity', { readTimeoutMs: Infinity }, '/readTimeoutMs'],
    ['readTimeoutMs past a timer', { readTimeoutMs: 2 ** 31 }, '/readTimeoutMs'],
    ['shard count Infinity', { shard: { index: 0, count: Infinity } }, '/shard'],
    ['shard index NaN', { shard: { index: NaN, count: 2 } }, '/shard'],
    ['shard null', { shard: null as never }, '/shard'],
    ['logger not an object', { logger: 'console' as never }, '/logger'],
    ['onProgress not a function', { onProgress: {} as never }, '/onProgress'],
    [
      'loadOptions.retries Infinity',
      { loadOptions: { retries: Infinity } },
      '/loadOptions/retries',
    ],
    [
      'loadOptions.timeoutMs Infinity',
      { loadOptions: { timeoutMs: Infinity } },
      '/loadOptions/timeoutMs',
    ],
    ['loadOptions not an object', { loadOptions: 'fast' as never }, '/loadOptions'],
  ];

  it.each(cases)('%s is an InvalidOptionError naming the option', async (_, extra, option) => {
    const scan = detectDrift({ state: makeState([vpc]), providers: [p], ...extra });
    await expect(scan).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(scan).rejects.toMatchObject({ code: 'INVALID_OPTION', option });
  });

  it('needs an options object', async () => {
    for (const options of [undefined, null, 'state.tfstate', []]) {
      await expect(detectDrift(options as never)).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        option: '',
      });
    }
  });

  it('keeps the message short and readable for hostile values', async () => {
    const error = await detectDrift({
      state: makeState([]),
      providers: [p],
      concurrency: {
        toString: () => {
          throw new Error('boom');
        },
      } as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toBe(
      'concurrency must be an integer from 1 to 9007199254740991, got object',
    );
  });

  it('checks loadState retry settings before any request', async () => {
    // Infinity retries would keep asking a failing backend forever; this one is never asked.
    for (const [options, option] of [
      [{ retries: Infinity }, '/retries'],
      [{ retries: -1 }, '/retries'],
      [{ timeoutMs: Infinity }, '/timeoutMs'],
      [{ retryDelayMs: NaN }, '/retryDelayMs'],
      [{ maxRetryDelayMs: 2 ** 31 }, '/maxRetryDelayMs'],
    ] as const) {
      await expect(loadState('http://127.0.0.1:9/state', options)).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        option,
      });
    }
  });

  it('checks the AWS provider numeric options', () => {
    for (const [options, path] of [
      [{ maxAttempts: Infinity }, 'maxAttempts'],
      [{ maxAttempts: 0 }, 'maxAttempts'],
      [{ rateLimits: { ec2: Infinity } }, 'rateLimits/ec2'],
      [{ rateLimits: { s3: NaN } }, 'rateLimits/s3'],
      [
        { assumeRole: { roleArn: 'arn:aws:iam::1:role/r', durationSeconds: Infinity } },
        'assumeRole/durationSeconds',
      ],
    ] as const) {
      expect(() => awsProvider(options)).toThrow(
        expect.objectContaining({
          code: 'PROVIDER_CONFIG',
          issues: [expect.objectContaining({ path })],
        }) as Error,
      );
    }
  });

  it('checks a provider readTimeoutMs and terraformProvider timeoutMs', () => {
    for (const bad of [0, -1, Infinity, NaN, 2 ** 31, '60000']) {
      expect(() => defineProvider({ ...healthy, readTimeoutMs: bad as number })).toThrow(
        expect.objectContaining({ code: 'PROVIDER_CONFIG' }) as Error,
      );
      expect(() => terraformProvider({ cwd: '.', timeoutMs: bad as number })).toThrow(
        expect.objectContaining({ code: 'PROVIDER_CONFIG' }) as Error,
      );
    }
  });
});

describe('callbacks that throw', () => {
  /** A logger whose every method throws. */
  const throwing: Logger = {
    debug: () => {
      throw new Error('debug broke');
    },
    info: () => {
      throw new Error('info broke');
    },
    warn: () => {
      throw new Error('warn broke');
    },
    error: () => {
      throw new Error('error broke');
    },
  };

  /** Logs through ctx, and answers for an address not in its batch (the core then warns). */
  const chatty = defineProvider({
    name: 'chatty',
    supports: ['aws_s3_bucket'],
    read: async (batch, ctx) => {
      ctx.logger.info('reading', { size: batch.length });
      ctx.logger.warn('slow API');
      ctx.onProgress({ phase: 'read', done: 0, total: batch.length });
      return [...found(batch), { address: 'aws_s3_bucket.ghost', status: 'not-found' as const }];
    },
  });

  it('a throwing logger.warn (called by the core and by a provider) fails nothing', async () => {
    const report = await detectDrift({
      state: makeState([bucket('a'), vpc]),
      providers: [chatty, healthy],
      logger: throwing,
    });
    expect(report.resources.map((r) => r.status)).toEqual(['in-sync', 'in-sync']);
    expect(report.alerts.filter((a) => a.code === 'callback-failed')).toEqual([
      {
        code: 'callback-failed',
        message:
          "The caller's logger.info threw or rejected; tfdrift stopped calling it and the scan went on",
      },
      {
        code: 'callback-failed',
        message:
          "The caller's logger.warn threw or rejected; tfdrift stopped calling it and the scan went on",
      },
    ]);
  });

  it('a rejecting async logger, a logger with throwing getters, and a partial logger', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rejecting = {
        debug: async () => undefined,
        info: async () => Promise.reject(new Error('async info broke')),
        warn: async () => undefined,
        error: async () => undefined,
      };
      const getters = new Proxy({} as Logger, {
        get: () => {
          throw new Error('getter broke');
        },
      });
      for (const logger of [rejecting, getters, { warn: () => undefined }]) {
        const report = await detectDrift({
          state: makeState([bucket('a')]),
          providers: [chatty],
          logger: logger as Logger,
        });
        expect(report.resources[0]?.status).toBe('in-sync');
      }
      await sleep(10);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a throwing onProgress is reported once and no longer called', async () => {
    let calls = 0;
    const report = await detectDrift({
      state: makeState([bucket('a'), vpc]),
      providers: [chatty, healthy],
      onProgress: () => {
        calls++;
        throw new Error('listener broke');
      },
    });
    expect(calls).toBe(1);
    expect(report.resources.every((r) => r.status === 'in-sync')).toBe(true);
    expect(report.alerts.map((a) => a.code)).toContain('callback-failed');
  });
});

describe('provider calls that never settle', () => {
  /** A provider whose read never settles and ignores the signal; it records its contexts. */
  function hung(extra: Partial<Provider> = {}): Provider & { contexts: ProviderContext[] } {
    const contexts: ProviderContext[] = [];
    const provider = defineProvider({
      name: 'hung',
      supports: ['aws_s3_bucket'],
      read: (_batch, ctx) => {
        contexts.push(ctx);
        return never<ReadResult[]>();
      },
      ...extra,
    });
    return Object.assign(provider, { contexts });
  }

  it('gives a hung read up after readTimeoutMs, unknown READ_TIMEOUT, not retried', async () => {
    const provider = hung();
    const report = await detectDrift({
      state: makeState([bucket('a'), bucket('b'), vpc]),
      providers: [provider, healthy],
      readTimeoutMs: 50,
      retry: { attempts: 4, baseDelayMs: 1 },
    });
    expect(report.resources.map((r) => [r.address, r.status, r.error?.code])).toEqual([
      ['aws_s3_bucket.a', 'unknown', 'READ_TIMEOUT'],
      ['aws_s3_bucket.b', 'unknown', 'READ_TIMEOUT'],
      ['aws_vpc.main', 'in-sync', undefined],
    ]);
    expect(report.resources[0]?.error).toEqual({
      code: 'READ_TIMEOUT',
      message: 'Provider hung read showed no sign of life for 50 ms and was given up',
      retryable: true,
    });
    // One call: retrying a hung provider would wait the whole timeout again.
    expect(provider.contexts).toHaveLength(1);
    // The call may still be running: its signal tells it the scan is over.
    expect(provider.contexts[0]?.signal.aborted).toBe(true);
  });

  it('uses the provider readTimeoutMs when the scan gives none', async () => {
    const report = await detectDrift({
      state: makeState([bucket('a')]),
      providers: [hung({ readTimeoutMs: 30 })],
    });
    expect(report.resources[0]?.error?.code).toBe('READ_TIMEOUT');
    expect(report.resources[0]?.error?.message).toMatch(/for 30 ms/);
  });

  it('keeps what a stream yielded before it hung', async () => {
    const provider = defineProvider({
      name: 'stream',
      supports: ['aws_s3_bucket'],
      async *read(batch) {
        yield* found(batch.slice(0, 1));
        await never();
      },
    });
    const report = await detectDrift({
      state: makeState([bucket('a'), bucket('b')]),
      providers: [provider],
      readTimeoutMs: 50,
    });
    expect(report.resources.map((r) => r.status)).toEqual(['in-sync', 'unknown']);
  });

  it('does not give up a read that keeps showing signs of life, nor one waiting in the rate limiter', async () => {
    const slowStream = defineProvider({
      name: 'slow-stream',
      supports: ['aws_s3_bucket'],
      async *read(batch) {
        for (const result of found(batch)) {
          await sleep(40);
          yield result;
        }
      },
    });
    const throttled = defineProvider({
      name: 'throttled',
      supports: ['aws_vpc'],
      read: async (batch, ctx) => {
        // 5 per second: the sixth and seventh calls wait about 200 and 400 ms.
        for (let i = 0; i < 7; i++) await ctx.limit('test:vpc', 5);
        return found(batch);
      },
    });
    const report = await detectDrift({
      state: makeState([...['a', 'b', 'c', 'd', 'e', 'f'].map(bucket), vpc]),
      providers: [slowStream, throttled],
      readTimeoutMs: 150,
    });
    expect(report.resources.map((r) => r.status)).toEqual(Array(7).fill('in-sync'));
  });

  it('gives up a hung list and a hung attribute with an alert', async () => {
    const provider = defineProvider({
      name: 'hung-extras',
      supports: ['aws_s3_bucket'],
      read: async (batch) =>
        batch.map((i) => ({
          address: i.address,
          status: 'found' as const,
          attributes: { ...i.attributes, bucket: 'changed' },
        })),
      list: (): AsyncIterable<LiveResource> => ({
        [Symbol.asyncIterator]: () => ({ next: () => never() }),
      }),
      attribute: () => never(),
    });
    const report = await detectDrift({
      state: makeState([bucket('a')]),
      providers: [provider],
      unmanaged: true,
      readTimeoutMs: 50,
    });
    expect(report.resources[0]?.status).toBe('drifted');
    const codes = report.alerts.map((a) => a.code);
    expect(codes).toContain('list-failed');
    expect(codes).toContain('attribution-failed');
    expect(report.alerts.find((a) => a.code === 'list-failed')?.message).toMatch(
      /hung-extras list showed no sign of life for 50 ms/,
    );
  });
});
