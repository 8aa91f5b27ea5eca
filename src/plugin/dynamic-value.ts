/**
 * Encoding and decoding the protocol's `DynamicValue` (msgpack or JSON bytes) against a cty
 * type. Unknown values are msgpack extension type 0; integers beyond the safe range travel
 * as 64-bit integers or decimal strings and come back exact.
 */
import type { PluginDependencies } from './dependencies.js';
import type { CtyType } from './cty-type.js';
import { CtyValueError, fromJsonValue, fromWireValue, UNKNOWN } from './cty-value.js';
import type { DynamicValue } from './plugin-client.js';
import { parseJsonLossless } from '../state/lossless-json.js';

const MSGPACK_NIL = 0xc0;

/** A codec for one loaded msgpack module. @internal */
export interface DynamicValueCodec {
  /** Encodes a msgpack-ready value (see `toWireValue`). */
  encode(value: unknown): DynamicValue;
  /** Decodes to the state's JSON shape; `null` when the value is null (an object that is gone). */
  decode(value: DynamicValue | undefined, type: CtyType): unknown;
  /**
   * Decodes without a type, by the encoding's own structure (msgpack maps and JSON objects
   * both carry their keys): for values whose schema tfdrift does not fetch, such as
   * resource identities. `undefined` when unreadable.
   */
  decodeUntyped(value: DynamicValue | undefined): unknown;
}

/** Builds the codec. @internal */
export function dynamicValueCodec(msgpack: PluginDependencies['msgpack']): DynamicValueCodec {
  const extensionCodec = new msgpack.ExtensionCodec();
  extensionCodec.register({
    type: 0,
    encode: (input: unknown) => (input === UNKNOWN ? new Uint8Array([0]) : null),
    decode: () => UNKNOWN,
  });
  const encoder = new msgpack.Encoder({ extensionCodec, useBigInt64: true });
  const decoderOptions = { extensionCodec, useBigInt64: true } as const;
  return {
    encode(value) {
      return { msgpack: encoder.encode(value) };
    },
    decodeUntyped(value) {
      try {
        if (value?.msgpack && value.msgpack.length > 0) {
          return new msgpack.Decoder(decoderOptions).decode(value.msgpack);
        }
        if (value?.json && value.json.length > 0) {
          return JSON.parse(Buffer.from(value.json).toString('utf8')) as unknown;
        }
      } catch {
        // unreadable: undefined
      }
      return undefined;
    },
    decode(value, type) {
      if (value?.msgpack && value.msgpack.length > 0) {
        if (value.msgpack.length === 1 && value.msgpack[0] === MSGPACK_NIL) return null;
        let decoded: unknown;
        try {
          decoded = new msgpack.Decoder(decoderOptions).decode(value.msgpack);
        } catch (error) {
          throw new CtyValueError('', `unreadable msgpack value: ${(error as Error).message}`);
        }
        return fromWireValue(decoded, type);
      }
      if (value?.json && value.json.length > 0) {
        const text = Buffer.from(value.json).toString('utf8');
        let decoded: unknown;
        try {
          decoded = parseJsonLossless(text, { maxDepth: 512, source: 'plugin' });
        } catch {
          throw new CtyValueError('', 'unreadable JSON value');
        }
        return fromJsonValue(decoded, type);
      }
      return null;
    },
  };
}
