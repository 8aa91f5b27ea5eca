/**
 * Each failure is a tfdrift error named after what failed: option errors are
 * `InvalidOptionError`s with the option's JSON Pointer, a provider breaking its contract is a
 * `ProviderError`, and nothing reachable from the public API throws a bare `TypeError`.
 */
import { describe, expect, it } from 'vitest';
import {
  defineProvider,
  detectDrift,
  InvalidOptionError,
  isTfdriftError,
  ProviderError,
  type IgnoreRule,
  type Provider,
  type TerraformConfig,
} from '../src/index.js';
import { readRefreshedPlan } from '../src/providers/terraform-plan.js';
import { makeInstance, makeState } from '../src/testing/make-instance.js';

const bucket = makeInstance({ type: 'aws_s3_bucket', name: 'logs', id: 'logs' });
const state = makeState([bucket]);
const echo: Provider = defineProvider({
  name: 'echo',
  supports: ['aws_s3_bucket'],
  read: (batch) =>
    Promise.resolve(
      batch.map((i) => ({
        address: i.address,
        status: 'found' as const,
        attributes: i.attributes,
      })),
    ),
});

/** The rejection of `promise`. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('ignore rules passed to detectDrift', () => {
  it('of the wrong type are an InvalidOptionError at /ignore', async () => {
    const error = await rejection(
      detectDrift({ state, providers: [echo], ignore: 42 as unknown as string }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('/ignore');
  });

  it('holding an invalid rule object are an InvalidOptionError at that rule', async () => {
    const ignore: IgnoreRule[] = [{ address: 'aws_s3_bucket.*' }, { address: '' }];
    const error = await rejection(detectDrift({ state, providers: [echo], ignore }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('/ignore/1');
    expect((error as Error).message).toMatch(/^ignore rule 2: /);
  });
});

describe('a provider that breaks its contract', () => {
  it('returning something other than an array leaves the resource unknown as a provider bug', async () => {
    const broken = defineProvider({
      name: 'broken',
      supports: ['aws_s3_bucket'],
      read: () => Promise.resolve({ results: [] } as never),
    });
    const report = await detectDrift({ state, providers: [broken], retry: { attempts: 1 } });
    const [resource] = report.resources;
    expect(resource?.status).toBe('unknown');
    expect(resource?.error).toEqual({
      code: 'PROVIDER_BUG',
      message: 'Provider broken read() returned object, not an array of results',
      retryable: false,
    });
  });

  it('terraform show -json printing something other than a plan is a ProviderError', () => {
    let error: unknown;
    try {
      readRefreshedPlan({ version: 4, resources: [] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect(isTfdriftError(error)).toBe(true);
    expect((error as ProviderError).kind).toBe('provider-bug');
  });
});

describe('a configuration passed to detectDrift', () => {
  it('built by hand instead of by parseConfig is an InvalidOptionError at /config', async () => {
    const config: TerraformConfig = { dir: '.', files: [], resources: [] };
    const error = await rejection(detectDrift({ state, providers: [echo], config }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('/config');
  });
});
