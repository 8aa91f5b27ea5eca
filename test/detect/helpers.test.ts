import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/detect/abort.js';
import { makeBatches } from '../../src/detect/batch.js';
import { BUILTIN_RESOLVED } from '../../src/packs/builtin-packs.js';
import { classifyError, scrubMessage, secretValuesOf } from '../../src/detect/classify-error.js';
import { SecretScrubber } from '../../src/shared/scrub-secrets.js';
import { hclString, importBlock, suggestName } from '../../src/detect/import-block.js';
import { mergeRules } from '../../src/diff/merge-rules.js';
import { createRateLimiter } from '../../src/detect/rate-limiter.js';
import { backoffDelay, resolveRetry } from '../../src/detect/retry.js';
import { hashAddress, inShard } from '../../src/detect/shard.js';
import { ProviderError, StateSourceError } from '../../src/errors.js';
import { makeInstance } from '../../src/testing/make-instance.js';

describe('backoffDelay', () => {
  const retry = resolveRetry({ attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 });
  it('grows exponentially with jitter in [d/2, d], capped', () => {
    expect(backoffDelay(0, retry, undefined, () => 0)).toBe(50);
    expect(backoffDelay(0, retry, undefined, () => 1)).toBe(100);
    expect(backoffDelay(2, retry, undefined, () => 1)).toBe(400);
    expect(backoffDelay(10, retry, undefined, () => 1)).toBe(1000);
  });
  it('waits at least retryAfterMs, still within the cap', () => {
    expect(backoffDelay(0, retry, 700, () => 0)).toBe(700);
    expect(backoffDelay(0, retry, 5000, () => 0)).toBe(1000);
  });
  it('fills defaults and clamps nonsense', () => {
    expect(resolveRetry(undefined)).toEqual({ attempts: 4, baseDelayMs: 250, maxDelayMs: 20_000 });
    expect(resolveRetry({ attempts: 0 }).attempts).toBe(1);
  });
});

describe('createRateLimiter', () => {
  it('lets a burst through, then spaces calls at the bucket rate', async () => {
    let now = 0;
    const controller = new AbortController();
    const limit = createRateLimiter(controller.signal, () => now);
    const waits: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      let settled = false;
      void limit('k', 2).then(() => (settled = true));
      await Promise.resolve();
      waits.push(settled);
    }
    // The bucket holds 2 tokens: a third call within the same instant has to wait.
    let third = false;
    const p = limit('k').then(() => (third = true));
    await Promise.resolve();
    expect(waits).toEqual([true, true]);
    expect(third).toBe(false);
    // Another key has its own bucket.
    await limit('other', 1);
    controller.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    now = 10_000;
    await expect(limit('k')).rejects.toThrow('stop');
  });
});

describe('sleep', () => {
  it('rejects at once and clears its timer when aborted', async () => {
    const c = new AbortController();
    const p = sleep(60_000, c.signal);
    c.abort(new Error('bye'));
    await expect(p).rejects.toThrow('bye');
  });
});

describe('classifyError', () => {
  it('keeps ReadErrors and maps ProviderError kinds', () => {
    expect(classifyError({ code: 'AccessDenied', message: 'no', retryable: false })).toEqual({
      code: 'AccessDenied',
      message: 'no',
      retryable: false,
    });
    expect(
      classifyError(
        new ProviderError('slow', { kind: 'throttled', retryable: true, retryAfterMs: 30 }),
      ),
    ).toEqual({
      code: 'THROTTLED',
      message: 'slow',
      retryable: true,
      retryAfterMs: 30,
    });
    expect(classifyError(new StateSourceError('x', { source: 's' })).code).toBe('STATE_SOURCE');
  });
  it('recognises aborts, AWS SDK errors, Node network errors and the rest', () => {
    expect(classifyError(new DOMException('stop', 'AbortError'))).toMatchObject({
      code: 'ABORTED',
      retryable: true,
    });
    const sdk = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $retryable: { throttling: true },
      $metadata: { httpStatusCode: 400 },
    });
    expect(classifyError(sdk)).toEqual({
      code: 'ThrottlingException',
      message: 'Rate exceeded',
      retryable: true,
    });
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(classifyError(denied)).toEqual({
      code: 'AccessDenied',
      message: 'denied',
      retryable: false,
    });
    expect(classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toMatchObject({
      code: 'ECONNRESET',
      retryable: true,
    });
    expect(classifyError(new Error('bug'))).toEqual({
      code: 'PROVIDER_BUG',
      message: 'bug',
      retryable: false,
    });
    expect(classifyError(42)).toMatchObject({
      code: 'PROVIDER_BUG',
      message: 'Provider failed with a non-error value: 42',
    });
  });
});

describe('secret scrubbing', () => {
  it('collects sensitive values and secret-named attributes, and redacts them', () => {
    const i = makeInstance({
      type: 'aws_db_instance',
      attributes: {
        id: 'db',
        master_password: 'p@ssw0rd!',
        nested: { key: 'abcd-1234' },
        short: 'ab',
      },
      sensitivePaths: ['/nested/key', '/short'],
    });
    const secrets = secretValuesOf([i], BUILTIN_RESOLVED.secrets);
    expect(secrets.sort()).toEqual(['abcd-1234', 'p@ssw0rd!']);
    expect(scrubMessage('bad p@ssw0rd! and abcd-1234', new SecretScrubber(secrets))).toBe(
      'bad [REDACTED] and [REDACTED]',
    );
  });
});

describe('import blocks', () => {
  it('suggests identifiers and escapes HCL strings', () => {
    expect(suggestName('My Bucket (prod)', 'x')).toBe('my_bucket_prod');
    expect(suggestName(undefined, '0abc')).toBe('r_0abc');
    expect(suggestName(undefined, '---')).toBe('imported');
    expect(hclString('a"b\\c${x}%{y}')).toBe('"a\\"b\\\\c$${x}%%{y}"');
    expect(importBlock('aws_s3_bucket', 'logs', 'logs')).toBe(
      'import {\n  to = aws_s3_bucket.logs\n  id = "logs"\n}',
    );
  });
});

describe('sharding and batching', () => {
  it('splits addresses deterministically and completely', () => {
    const addresses = Array.from({ length: 300 }, (_, i) => `aws_instance.web[${i}]`);
    const counts = [0, 1, 2].map(
      (index) => addresses.filter((a) => inShard(a, { index, count: 3 })).length,
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(Math.min(...counts)).toBeGreaterThan(60);
  });
  it('hashes with 32-bit FNV-1a, so shards agree across processes and releases', () => {
    // Reference vectors of the FNV-1a specification (draft-eastlake-fnv): a different hash
    // would move instances between the shards of a CI matrix running mixed versions.
    expect(hashAddress('')).toBe(0x811c9dc5);
    expect(hashAddress('a')).toBe(0xe40c292c);
    expect(hashAddress('foobar')).toBe(0xbf9cf968);
  });
  it('never puts one address twice in a batch', () => {
    const a = makeInstance({ type: 't', name: 'a', id: '1' });
    const deposed = makeInstance({ type: 't', name: 'a', id: '0', deposed: '00000001' });
    const b = makeInstance({ type: 't', name: 'b', id: '2' });
    const batches = makeBatches([a, deposed, b], 10);
    expect(batches.map((batch) => batch.map((i) => i.id))).toEqual([['1', '2'], ['0']]);
  });
});

describe('mergeRules', () => {
  it('concatenates lists, merges maps, later scalars win', () => {
    expect(
      mergeRules(
        { t: { sets: ['/a'], coerce: { '/x': 'number' }, emptyEqualsNull: false } },
        undefined,
        { t: { sets: ['/b'], coerce: { '/y': 'string' }, emptyEqualsNull: true } },
      ),
    ).toEqual({
      t: { sets: ['/a', '/b'], coerce: { '/x': 'number', '/y': 'string' }, emptyEqualsNull: true },
    });
  });
});
