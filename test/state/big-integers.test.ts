/**
 * Integers beyond 2^53 keep their exact value: detected cheaply after `JSON.parse`, then the
 * text is re-read losslessly and such integers become `bigint`.
 */
import { describe, expect, it } from 'vitest';
import { parseState } from '../../src/state/parse-state.js';
import { StateParseError } from '../../src/errors.js';
import {
  MAX_INTEGER_DIGITS,
  parseJsonLossless,
  stringifyLossless,
} from '../../src/state/lossless-json.js';

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

function stateText(attributes: string): string {
  return `{"version":4,"serial":3,"lineage":"l","outputs":{"big":{"value":18446744073709551615,"type":"number"}},"resources":[{"mode":"managed","type":"t","name":"n","provider":${JSON.stringify(AWS)},"instances":[{"schema_version":0,"attributes":${attributes}}]}]}`;
}

describe('big integers', () => {
  it('keeps unsafe integers exact as bigint, safe ones as numbers', () => {
    const parsed = parseState(
      stateText(
        '{"id":"x","hash":10669755453527594976,"neg":-9007199254740993,"safe":9007199254740991,"float":1.5e300,"list":[12345678901234567890]}',
      ),
    );
    const attributes = parsed.resources[0]?.attributes as Record<string, unknown>;
    expect(attributes.hash).toBe(10669755453527594976n);
    expect(attributes.neg).toBe(-9007199254740993n);
    expect(attributes.safe).toBe(9007199254740991);
    expect(attributes.float).toBe(1.5e300);
    expect(attributes.list).toEqual([12345678901234567890n]);
    expect(parsed.outputs.big?.value).toBe(18446744073709551615n);
  });

  it('leaves documents without big integers as plain numbers (fast path)', () => {
    const parsed = parseState(stateText('{"id":"1234567890123456789012","n":123456789012345}'));
    const attributes = parsed.resources[0]?.attributes as Record<string, unknown>;
    expect(attributes.id).toBe('1234567890123456789012');
    expect(attributes.n).toBe(123456789012345);
  });

  it('reads the v3 backend-hash fixture shape without losing the hash', () => {
    const text =
      '{"version":3,"backend":{"hash":10669755453527594976},"modules":[{"path":["root"],"resources":{"null_resource.a":{"primary":{"id":"1","attributes":{"id":"1"}}}}}]}';
    expect(parseState(text).resources).toHaveLength(1);
    const raw = parseJsonLossless(text, { maxDepth: 100 }) as { backend: { hash: unknown } };
    expect(raw.backend.hash).toBe(10669755453527594976n);
  });

  it('writes bigint back as a bare integer literal', () => {
    const value = { a: 10669755453527594976n, b: [1, -9007199254740993n], c: 'text' };
    const json = stringifyLossless(value);
    expect(json).toBe('{"a":10669755453527594976,"b":[1,-9007199254740993],"c":"text"}');
    expect(parseJsonLossless(json, { maxDepth: 10 })).toEqual(value);
  });
});

describe('parseJsonLossless', () => {
  it('parses what JSON.parse parses, identically', () => {
    const samples = [
      '{"a":[1,2.5,-3e2,true,false,null,"x\\u00e9\\n\\"",{}],"b":{"c":[]}}',
      '  [ 1 , [ ] , { "k" : "v" } ]  ',
      '"just a string"',
      '0',
    ];
    for (const text of samples)
      expect(parseJsonLossless(text, { maxDepth: 50 })).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":1,}', 'NOT_JSON', ''],
    ['{"a" 1}', 'NOT_JSON', '/a'],
    ['[1 2]', 'NOT_JSON', '/1'],
    ['{"a":"\u0001"}', 'NOT_JSON', '/a'],
    ['{"a":[1,', 'TRUNCATED', '/a/1'],
    ['{"a":"abc', 'TRUNCATED', '/a'],
    ['{1:2}', 'NOT_JSON', ''],
    ['[[[1]]]', 'TOO_DEEP', '/0/0'],
  ])('%j fails with %s at %j', (text, reason, pointer) => {
    try {
      parseJsonLossless(text, { maxDepth: 2, source: 's' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ reason, pointer, source: 's', code: 'STATE_PARSE' });
    }
  });
});

describe('parseJsonLossless on huge values', () => {
  // 8 MiB in one string used to overflow the stack of the string regular expression.
  const huge = 'x'.repeat(8 * 1024 * 1024);

  it('reads an 8 MiB string next to an unsafe integer, through parseState', () => {
    const text = `{"version":4,"serial":1,"lineage":"l","outputs":{"big":{"value":9007199254740993,"type":"number"},"blob":{"value":"${huge}","type":"string"}},"resources":[]}`;
    const state = parseState(text);
    expect(state.outputs.big?.value).toBe(9007199254740993n);
    expect(state.outputs.blob?.value).toHaveLength(huge.length);
  });

  it('decodes an 8 MiB string full of escapes', () => {
    const text = `{"n":9007199254740993,"s":"${'a\\n'.repeat(4 * 1024 * 1024)}"}`;
    const value = parseJsonLossless(text, { maxDepth: 10 }) as { s: string };
    expect(value.s).toHaveLength(8 * 1024 * 1024);
    expect(value.s.slice(0, 4)).toBe('a\na\n');
  });

  it('explains a syntax error after an 8 MiB string with a typed error', () => {
    expect(() => parseState(`{"version":4,"blob":"${huge}",}`)).toThrow(
      expect.objectContaining({ code: 'STATE_PARSE', reason: 'NOT_JSON' }) as Error,
    );
  });

  it('points at a bad escape and at a raw control character', () => {
    expect(() => parseJsonLossless(`{"a":"${huge}\\q"}`, { maxDepth: 5 })).toThrow(
      expect.objectContaining({ reason: 'NOT_JSON', pointer: '/a' }) as Error,
    );
    expect(() => parseJsonLossless(`{"a":"${huge}\u0007"}`, { maxDepth: 5 })).toThrow(
      expect.objectContaining({ reason: 'NOT_JSON', pointer: '/a' }) as Error,
    );
  });

  it(`refuses an integer of more than ${MAX_INTEGER_DIGITS} digits (BigInt of it is quadratic)`, () => {
    expect(parseJsonLossless(`[${'9'.repeat(MAX_INTEGER_DIGITS)}]`, { maxDepth: 5 })).toEqual([
      BigInt('9'.repeat(MAX_INTEGER_DIGITS)),
    ]);
    const error = (() => {
      try {
        parseState(`{"version":4,"serial":${'9'.repeat(2_000_000)}}`, { source: 's' });
      } catch (e) {
        return e as StateParseError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StateParseError);
    expect(error?.reason).toBe('NUMBER_TOO_LONG');
    expect(error?.pointer).toBe('/serial');
  });
});
