import { Decoder, Encoder } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { parseCtyType } from '../../src/plugin/cty-type.js';
import { configValue, CtyValueError, fromJsonValue } from '../../src/plugin/cty-value.js';
import { dynamicValueCodec } from '../../src/plugin/dynamic-value.js';
import type { SchemaBlock } from '../../src/plugin/schema.js';
import { blockFromWire, blockType } from '../../src/plugin/schema.js';
import { normalizeBySchema, rulesFromSchema } from '../../src/plugin/schema-normalize.js';
import * as msgpack from '@msgpack/msgpack';

const bytes = (t: unknown) => Buffer.from(JSON.stringify(t));
const attr = (
  name: string,
  type: unknown,
  flags: Record<string, boolean> = { optional: true },
) => ({
  name,
  type: bytes(type),
  ...flags,
});

// The shape of the AWS provider's configuration: attributes, a LIST block, a SET block.
const providerBlock: SchemaBlock = blockFromWire({
  attributes: [
    attr('region', 'string'),
    attr('max_retries', 'number'),
    attr('skip', 'bool'),
    attr('extra', 'dynamic'),
  ],
  block_types: [
    {
      type_name: 'assume_role',
      nesting: 'LIST',
      block: { attributes: [attr('role_arn', 'string')] },
    },
    {
      type_name: 'endpoints',
      nesting: 'SET',
      block: { attributes: [attr('s3', 'string'), attr('sts', 'string')] },
    },
    { type_name: 'single', nesting: 1, block: { attributes: [attr('x', 'string')] } },
    { type_name: 'group', nesting: 'GROUP', block: { attributes: [attr('y', 'string')] } },
    { type_name: 'byname', nesting: 'MAP', block: { attributes: [attr('z', 'string')] } },
  ],
});

describe('provider configuration against its schema', () => {
  it('sends every attribute, null for absent ones, and each block as its nesting mode says', () => {
    const value = configValue(
      {
        region: 'eu-west-1',
        max_retries: '5',
        skip: 'true',
        endpoints: { s3: 'http://s3' },
        byname: { a: { z: '1' } },
      },
      providerBlock,
    );
    expect(value).toEqual({
      region: 'eu-west-1',
      max_retries: 5,
      skip: true,
      extra: null,
      assume_role: [],
      endpoints: [{ s3: 'http://s3', sts: null }],
      single: null,
      group: { y: null },
      byname: { a: { z: '1' } },
    });
  });

  it('encodes dynamic values as [type JSON, value], as go-cty reads them', () => {
    const codec = dynamicValueCodec(msgpack);
    const encoded = codec.encode(configValue({ extra: { a: [1, 'x'] } }, providerBlock));
    const raw = new Decoder().decode(encoded.msgpack as Uint8Array) as Record<string, unknown>;
    const [type, inner] = raw.extra as [Uint8Array, unknown];
    expect(JSON.parse(Buffer.from(type).toString())).toEqual([
      'object',
      { a: ['tuple', ['number', 'string']] },
    ]);
    expect(inner).toEqual({ a: [1, 'x'] });
  });

  it('names the attribute that does not fit', () => {
    expect(() => configValue({ nope: 1 }, providerBlock)).toThrow(CtyValueError);
    expect(() => configValue({ max_retries: 'many' }, providerBlock)).toThrow(
      /\/max_retries: expected a number/,
    );
    expect(() => configValue({ single: [{}, {}] }, providerBlock)).toThrow(
      /\/single: expected a single block/,
    );
  });
});

describe('values from the plugin', () => {
  const thing = blockFromWire({
    attributes: [
      attr('id', 'string'),
      attr('big', 'number'),
      attr('float', 'number'),
      attr('meta', 'dynamic'),
      attr('later', 'string'),
      attr('tags', ['set', 'string']),
      attr('arn', 'string', { computed: true }),
      attr('password', 'string', { optional: true, sensitive: true }),
      attr('token_wo', 'string', { optional: true, write_only: true }),
    ],
    block_types: [
      { type_name: 'rule', nesting: 'SET', block: { attributes: [attr('port', 'number')] } },
    ],
  });
  const type = blockType(thing);

  it('decodes msgpack: unknown (extension 0) as null, dynamic unwrapped, big integers exact', () => {
    const codec = dynamicValueCodec(msgpack);
    const unknown = Buffer.from([0xd4, 0x00, 0x00]); // fixext1, type 0: cty's unknown value
    const body = new Encoder({ useBigInt64: true }).encode({
      id: 'i-1',
      big: 18446744073709551615n,
      float: 1.5,
      meta: [bytes(['list', 'string']), ['a', 'b']],
      tags: ['b', 'a'],
      arn: 'arn',
      password: null,
      token_wo: null,
      rule: [{ port: 22 }],
    });
    // Splice an unknown value in for "later" by building the map by hand: fixmap header + pairs.
    const withUnknown = Buffer.concat([
      Buffer.from([0x80 + 10]),
      body.subarray(1),
      new Encoder().encode('later').subarray(0),
      unknown,
    ]);
    const decoded = codec.decode({ msgpack: withUnknown }, type) as Record<string, unknown>;
    expect(decoded).toEqual({
      id: 'i-1',
      big: 18446744073709551615n,
      float: 1.5,
      meta: ['a', 'b'],
      later: null,
      tags: ['b', 'a'],
      arn: 'arn',
      password: null,
      token_wo: null,
      rule: [{ port: 22 }],
    });
  });

  it('a msgpack nil, or nothing at all, is no object (not found)', () => {
    const codec = dynamicValueCodec(msgpack);
    expect(codec.decode({ msgpack: Buffer.from([0xc0]) }, type)).toBeNull();
    expect(codec.decode(undefined, type)).toBeNull();
    expect(codec.decode({ json: Buffer.from('null') }, type)).toBeNull();
  });

  it('decodes JSON values, with dynamic values as {value, type} and big numbers exact', () => {
    const codec = dynamicValueCodec(msgpack);
    const json =
      '{"id":"x","big":9007199254740993,"meta":{"value":{"k":true},"type":["object",{"k":"bool"}]}}';
    expect(codec.decode({ json: Buffer.from(json) }, type)).toEqual({
      id: 'x',
      big: 9007199254740993n,
      meta: { k: true },
    });
    expect(() => fromJsonValue({ meta: 3 }, type)).toThrow(CtyValueError);
  });

  it('normalizes both sides the same way: sets in canonical order, computed-only attributes out', () => {
    const a = normalizeBySchema(
      { id: 'x', tags: ['b', 'a'], arn: 'one', rule: [{ port: 443 }, { port: 22 }] },
      thing,
    );
    const b = normalizeBySchema(
      { id: 'x', tags: ['a', 'b'], arn: 'two', rule: [{ port: 22 }, { port: 443 }] },
      thing,
    );
    expect(a).toEqual(b);
    expect(a).not.toHaveProperty('arn');
  });

  it('derives sensitive and write-only rules from the schema', () => {
    expect(rulesFromSchema(thing)).toEqual({ sensitive: ['/password'], writeOnly: ['/token_wo'] });
  });

  it('refuses types and values nested beyond reason instead of overflowing the stack', () => {
    let deep: unknown = 'string';
    for (let i = 0; i < 1000; i++) deep = ['list', deep];
    expect(() => parseCtyType(deep)).toThrow(/too deeply/);
  });
});
