import { describe, expect, it } from 'vitest';
import { defineProvider } from '../../src/providers/define-provider.js';
import type { LiveResource } from '../../src/model/live-resource.js';
import type { Provider, ReadResult } from '../../src/providers/types.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { checkProvider } from '../../src/testing/check-provider.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const here = makeInstance({
  type: 'x_thing',
  name: 'here',
  attributes: { id: 'h1', password: 's3cret-value' },
  sensitivePaths: ['/password'],
});
const away = makeInstance({ type: 'x_thing', name: 'away', id: 'a1' });
const denied = makeInstance({ type: 'x_thing', name: 'denied', id: 'd1' });
const LIVE = new Set(['h1']);

// A well-behaved provider: the baseline each broken variant departs from.
function good(overrides: Partial<Provider> = {}): Provider {
  return defineProvider({
    name: 'good',
    supports: ['x_thing'],
    read(batch: ResourceInstance[], ctx): Promise<ReadResult[]> {
      if (ctx.signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
      return Promise.resolve(
        batch.map((i): ReadResult => {
          if (i.id === 'd1')
            return {
              address: i.address,
              status: 'error',
              error: { code: 'AccessDenied', message: 'denied', retryable: false },
            };
          return LIVE.has(i.id ?? '')
            ? { address: i.address, status: 'found', attributes: { id: i.id } }
            : { address: i.address, status: 'not-found' };
        }),
      );
    },
    async *list(): AsyncIterable<LiveResource> {
      await Promise.resolve();
      yield { type: 'x_thing', id: 'h1' };
    },
    ...overrides,
  });
}

const fixtures = {
  found: [here],
  notFound: [away],
  failing: [denied],
  secrets: ['s3cret-value'],
  listTypes: ['x_thing'],
};

describe('checkProvider', () => {
  it('passes a conforming provider', async () => {
    expect(await checkProvider(good(), fixtures)).toEqual([]);
  });

  it('reports unsupported fixtures', async () => {
    expect(
      await checkProvider(good({ supports: ['y_thing'] }), { found: [here], notFound: [] }),
    ).toContain('supports: x_thing.here (x_thing) is not supported');
  });

  it('reports missing, extra and duplicate results', async () => {
    const sloppy = good({
      read: (batch: ResourceInstance[]): Promise<ReadResult[]> =>
        Promise.resolve([
          { address: 'x_thing.ghost', status: 'not-found' },
          ...batch.slice(1).flatMap((i): ReadResult[] => [
            { address: i.address, status: 'not-found' },
            { address: i.address, status: 'not-found' },
          ]),
        ]),
    });
    const failures = await checkProvider(sloppy, { found: [here], notFound: [away] });
    expect(failures).toEqual(
      expect.arrayContaining([
        'read: a result for x_thing.ghost, which is not in the batch',
        'read: two results for x_thing.away',
        'read: no result for x_thing.here',
      ]),
    );
  });

  it('reports a provider that confuses errors with not-found, or leaks secrets', async () => {
    const liar = good({
      read: (batch: ResourceInstance[]): Promise<ReadResult[]> =>
        Promise.resolve(
          batch.map((i): ReadResult =>
            i.id === 'h1'
              ? {
                  address: i.address,
                  status: 'error',
                  error: {
                    code: 'Boom',
                    message: `bad password ${String(i.attributes.password)}`,
                    retryable: false,
                  },
                }
              : { address: i.address, status: 'not-found' },
          ),
        ),
    });
    const failures = await checkProvider(liar, fixtures);
    expect(failures).toEqual(
      expect.arrayContaining([
        'read: x_thing.here came back error, expected found',
        'read (x_thing.here): an error message contains a fixture secret',
        'failing read: x_thing.denied came back not-found, expected error',
        'abort: x_thing.away came back not-found under an aborted signal',
      ]),
    );
  });

  it('reports unclassified errors and hanging reads', async () => {
    const unclassified = good({
      read: (batch: ResourceInstance[]): Promise<ReadResult[]> =>
        Promise.resolve(
          batch.map((i): ReadResult => ({
            address: i.address,
            status: 'error',
            error: { message: 'what' } as never,
          })),
        ),
    });
    expect(
      await checkProvider(unclassified, { found: [], notFound: [], failing: [denied] }),
    ).toEqual(['failing read: the error for x_thing.denied is not classified']);
    const hanging = good({ read: () => new Promise<ReadResult[]>(() => undefined) });
    expect(await checkProvider(hanging, { found: [here], notFound: [], timeoutMs: 20 })).toEqual(
      expect.arrayContaining([
        'read: read did not settle within 20 ms',
        'abort: read with an aborted signal did not settle within 20 ms',
      ]),
    );
  });

  it('reports list inconsistencies', async () => {
    const badList = good({
      async *list(): AsyncIterable<LiveResource> {
        await Promise.resolve();
        yield { type: 'x_thing', id: 'ghost' };
        yield { type: 'x_thing', id: 'ghost' };
        yield { type: 'z_other', id: 'z' };
      },
    });
    const failures = await checkProvider(badList, {
      found: [],
      notFound: [],
      listTypes: ['x_thing'],
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        'list: x_thing ghost listed twice',
        'list: z_other z was not asked for',
        'list consistency: listed x_thing ghost reads as not-found',
      ]),
    );
    const { list: _list, ...noList } = good();
    expect(
      await checkProvider(noList, { found: [], notFound: [], listTypes: ['x_thing'] }),
    ).toEqual(['list: listTypes given but the provider has no list()']);
  });
});

describe('makeInstance / makeState', () => {
  it('spells addresses like Terraform', () => {
    expect(
      makeInstance({ type: 'aws_subnet', name: 'p', module: 'module.net', indexKey: 'a' }).address,
    ).toBe('module.net.aws_subnet.p["a"]');
    expect(makeInstance({ type: 'aws_ami', name: 'x', mode: 'data', indexKey: 0 }).address).toBe(
      'data.aws_ami.x[0]',
    );
    expect(makeInstance({ type: 'aws_s3_bucket', attributes: { id: 'b' } })).toMatchObject({
      id: 'b',
      provider: 'registry.terraform.io/hashicorp/aws',
    });
    expect(makeState([]).resources).toEqual([]);
  });
});
