import { describe, expect, it } from 'vitest';
import { defineProvider } from '../../src/providers/define-provider.js';
import type { Provider } from '../../src/providers/types.js';

const read: Provider['read'] = () => Promise.resolve([]);

describe('defineProvider', () => {
  it('returns a valid provider unchanged', () => {
    const p = { name: 'x', supports: ['aws_*'], read, maxBatchSize: 10 };
    expect(defineProvider(p)).toBe(p);
  });

  it('throws ProviderConfigError with one issue per invalid field', () => {
    const bad = {
      name: 'x',
      supports: [1],
      read,
      list: 'no',
      maxBatchSize: 0,
      concurrency: 1.5,
      sources: 'aws',
      rules: 3,
      close: 1,
      attribute: {},
    };
    expect(() => defineProvider(bad as never)).toThrow(
      expect.objectContaining({
        code: 'PROVIDER_CONFIG',
        provider: 'x',
        issues: [
          { path: '/supports', message: 'expected an array of resource types or a predicate' },
          { path: '/list', message: 'expected a function' },
          { path: '/attribute', message: 'expected a function' },
          { path: '/close', message: 'expected a function' },
          { path: '/sources', message: 'expected an array of provider source addresses' },
          { path: '/maxBatchSize', message: 'expected a positive integer' },
          { path: '/concurrency', message: 'expected a positive integer' },
          { path: '/rules', message: 'expected rules by resource type' },
        ],
      }),
    );
    expect(() => defineProvider(null as never)).toThrow(/expected an object/);
  });
});
