import { describe, expect, it } from 'vitest';
import {
  ConfigParseError,
  InvalidOptionError,
  isTfdriftError,
  ProviderConfigError,
  ProviderError,
  StateParseError,
  StateSourceError,
  TfdriftError,
  UnsupportedStateError,
  WatchStoreError,
} from '../src/errors.js';

describe('the error hierarchy', () => {
  const cases = [
    [
      new StateParseError('bad', { source: 's', reason: 'NOT_JSON' }),
      'STATE_PARSE',
      'StateParseError',
    ],
    [
      new UnsupportedStateError('enc', { kind: 'encrypted' }),
      'STATE_UNSUPPORTED',
      'UnsupportedStateError',
    ],
    [
      new StateSourceError('404', { source: 'http://x', status: 404 }),
      'STATE_SOURCE',
      'StateSourceError',
    ],
    [
      new ConfigParseError('syntax', { file: 'main.tf', line: 3 }),
      'CONFIG_PARSE',
      'ConfigParseError',
    ],
    [
      new ProviderConfigError('opts', { provider: 'aws' }),
      'PROVIDER_CONFIG',
      'ProviderConfigError',
    ],
    [new ProviderError('denied', { kind: 'permission' }), 'PROVIDER', 'ProviderError'],
    [
      new InvalidOptionError('attempts', { option: '/retry/attempts' }),
      'INVALID_OPTION',
      'InvalidOptionError',
    ],
    [
      new WatchStoreError('corrupt', { store: 'watch.json', pointer: '/drift' }),
      'WATCH_STORE',
      'WatchStoreError',
    ],
  ] as const;

  it.each(cases)('%s carries its literal code and name', (error, code, name) => {
    expect(error).toBeInstanceOf(TfdriftError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(isTfdriftError(error)).toBe(true);
    // The brand is not an enumerable field: JSON and spreads of errors stay clean.
    const brand = Object.getOwnPropertyDescriptor(error, Symbol.for('tfdrift.error'));
    expect(brand?.value).toBe(true);
    expect(brand?.enumerable).toBe(false);
  });

  it('rejects look-alikes and non-errors', () => {
    expect(isTfdriftError(new Error('plain'))).toBe(false);
    expect(isTfdriftError({ code: 'STATE_PARSE', message: 'fake' })).toBe(false);
    expect(isTfdriftError(null)).toBe(false);
    expect(isTfdriftError('STATE_PARSE')).toBe(false);
  });

  it('recognises an error branded by another copy of the library', () => {
    // What a second install of tfdrift produces: another class, the same registered brand.
    const foreign = Object.assign(new Error('from another copy'), { code: 'STATE_PARSE' });
    Object.defineProperty(foreign, Symbol.for('tfdrift.error'), { value: true });
    expect(foreign instanceof TfdriftError).toBe(false);
    expect(isTfdriftError(foreign)).toBe(true);
  });

  it('keeps defaults and the cause', () => {
    const cause = new Error('root');
    const error = new StateParseError('bad', { cause });
    expect(error.source).toBe('<input>');
    expect(error.reason).toBe('INVALID');
    expect(error.pointer).toBe('');
    expect(error.cause).toBe(cause);
    const provider = new ProviderError('x');
    expect(provider.retryable).toBe(false);
    expect(provider.kind).toBe('provider-bug');
  });
});
