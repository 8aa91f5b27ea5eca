/**
 * Converting values between the state's JSON shape and what the plugin protocol carries.
 *
 * - To the plugin (msgpack): every attribute of an object present (`null` when absent),
 *   numbers as numbers, `dynamic` values as `[type JSON bytes, value]`, blocks of the
 *   provider configuration written in Terraform's JSON configuration syntax (an object, or a
 *   list of objects) turned into what their nesting mode implies.
 * - From the plugin (msgpack or JSON): unknown values (msgpack extension 0) become `null`,
 *   `dynamic` values are unwrapped, numbers beyond the safe integer range stay exact as
 *   `bigint`, as the state parser keeps them.
 */
import type { CtyType } from './cty-type.js';
import { ctyTypeJson, inferCtyType, memberType, parseCtyType } from './cty-type.js';
import type { SchemaBlock } from './schema.js';

/** The marker the msgpack decoder puts where the plugin sent an unknown value. @internal */
export const UNKNOWN: unique symbol = Symbol('tfdrift.cty.unknown');

/** A value that does not fit its schema type; `path` is a JSON Pointer. @internal */
export class CtyValueError extends Error {
  override readonly name = 'CtyValueError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || '/'}: ${message}`);
  }
}

const MAX_DEPTH = 256;
const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');
const child = (path: string, token: string | number) => `${path}/${escapeToken(String(token))}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function toNumber(value: unknown, path: string): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return exactNumber(value);
  }
  throw new CtyValueError(path, `expected a number, got ${typeof value}`);
}

/** A decimal string as a number, or as a bigint when it is an integer beyond the safe range. */
function exactNumber(text: string): number | bigint {
  const n = Number(text);
  if (/^-?\d+$/.test(text.trim()) && !Number.isSafeInteger(n)) return BigInt(text.trim());
  return n;
}

/**
 * Converts a JSON value to the msgpack-ready value of `type`.
 * @internal
 */
export function toWireValue(value: unknown, type: CtyType, path = '', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new CtyValueError(path, 'nested too deeply');
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
        return String(value);
      }
      throw new CtyValueError(path, 'expected a string');
    case 'number':
      return toNumber(value, path);
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new CtyValueError(path, 'expected a boolean');
    case 'dynamic': {
      const inferred = inferCtyType(value);
      return [
        Buffer.from(JSON.stringify(ctyTypeJson(inferred))),
        toWireValue(value, inferred, path, depth + 1),
      ];
    }
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw new CtyValueError(path, `expected a ${type.kind}`);
      return value.map((v, i) => toWireValue(v, type.element, child(path, i), depth + 1));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) {
        throw new CtyValueError(path, `expected a tuple of ${type.elements.length}`);
      }
      return value.map((v, i) =>
        toWireValue(v, type.elements[i] as CtyType, child(path, i), depth + 1),
      );
    case 'map': {
      if (!isRecord(value)) throw new CtyValueError(path, 'expected a map');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = toWireValue(v, type.element, child(path, k), depth + 1);
      }
      return out;
    }
    case 'object': {
      if (!isRecord(value)) throw new CtyValueError(path, 'expected an object');
      for (const k of Object.keys(value)) {
        if (!(k in type.attributes)) throw new CtyValueError(child(path, k), 'unknown attribute');
      }
      const out: Record<string, unknown> = {};
      for (const [k, t] of Object.entries(type.attributes)) {
        out[k] = toWireValue(value[k], t, child(path, k), depth + 1);
      }
      return out;
    }
  }
}

/**
 * Converts a configuration body written in Terraform's JSON configuration syntax to the
 * msgpack-ready object value of `block`: every attribute present (null when absent), nested
 * blocks given as an object or a list of objects, absent ones as their nesting mode's empty
 * value.
 * @internal
 */
export function configValue(
  config: unknown,
  block: SchemaBlock,
  path = '',
  depth = 0,
): Record<string, unknown> {
  if (depth > 64) throw new CtyValueError(path, 'nested too deeply');
  const body = config ?? {};
  if (!isRecord(body)) throw new CtyValueError(path, 'expected an object');
  const known = new Set([
    ...block.attributes.map((a) => a.name),
    ...block.blockTypes.map((b) => b.name),
  ]);
  for (const k of Object.keys(body)) {
    if (!known.has(k)) throw new CtyValueError(child(path, k), 'unknown attribute or block');
  }
  const out: Record<string, unknown> = {};
  for (const a of block.attributes)
    out[a.name] = toWireValue(body[a.name], a.type, child(path, a.name));
  for (const b of block.blockTypes) {
    const p = child(path, b.name);
    const v = body[b.name];
    const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
    switch (b.nesting) {
      case 'SINGLE':
      case 'GROUP':
        if (items.length > 1) throw new CtyValueError(p, 'expected a single block');
        out[b.name] =
          items.length === 0 && b.nesting === 'SINGLE'
            ? null
            : configValue(items[0], b.block, p, depth + 1);
        break;
      case 'LIST':
      case 'SET':
        out[b.name] = items.map((item, i) => configValue(item, b.block, child(p, i), depth + 1));
        break;
      case 'MAP': {
        const labelled = items[0] ?? {};
        if (items.length > 1 || !isRecord(labelled)) {
          throw new CtyValueError(p, 'expected an object of labelled blocks');
        }
        const map: Record<string, unknown> = {};
        for (const [label, inner] of Object.entries(labelled)) {
          const one = Array.isArray(inner) && inner.length === 1 ? inner[0] : inner;
          map[label] = configValue(one, b.block, child(p, label), depth + 1);
        }
        out[b.name] = map;
        break;
      }
    }
  }
  return out;
}

function exact(value: unknown, path: string): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return exactNumber(value);
  throw new CtyValueError(path, 'expected a number');
}

function bytesToText(value: unknown): string | undefined {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return typeof value === 'string' ? value : undefined;
}

/**
 * Converts a value decoded from msgpack to the state's JSON shape, guided by `type`.
 * @internal
 */
export function fromWireValue(value: unknown, type: CtyType, path = '', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new CtyValueError(path, 'nested too deeply');
  if (value === null || value === undefined || value === UNKNOWN) return null;
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw new CtyValueError(path, 'expected a string');
      return value;
    case 'number':
      return exact(value, path);
    case 'bool':
      if (typeof value !== 'boolean') throw new CtyValueError(path, 'expected a boolean');
      return value;
    case 'dynamic': {
      if (!Array.isArray(value) || value.length !== 2) {
        throw new CtyValueError(path, 'expected a [type, value] pair');
      }
      const typeText = bytesToText(value[0]);
      if (typeText === undefined) throw new CtyValueError(path, 'expected type JSON');
      let inner: CtyType;
      try {
        inner = parseCtyType(JSON.parse(typeText));
      } catch {
        throw new CtyValueError(path, 'the dynamic value has no readable type');
      }
      return fromWireValue(value[1], inner, path, depth + 1);
    }
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw new CtyValueError(path, `expected a ${type.kind}`);
      return value.map((v, i) => fromWireValue(v, type.element, child(path, i), depth + 1));
    case 'tuple':
      if (!Array.isArray(value)) throw new CtyValueError(path, 'expected a tuple');
      return value.map((v, i) =>
        fromWireValue(v, type.elements[i] ?? { kind: 'dynamic' }, child(path, i), depth + 1),
      );
    case 'map':
    case 'object': {
      const entries =
        value instanceof Map
          ? [...(value as Map<unknown, unknown>)]
          : isRecord(value)
            ? Object.entries(value)
            : undefined;
      if (entries === undefined) throw new CtyValueError(path, `expected an ${type.kind}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const key = String(k);
        const t = memberType(type, key);
        if (t === undefined) continue; // an attribute newer than the schema: not comparable
        Object.defineProperty(out, key, {
          value: fromWireValue(v, t, child(path, key), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

/**
 * Converts a value decoded from a JSON `DynamicValue` to the state's JSON shape. In JSON,
 * `dynamic` values are written as `{"value": v, "type": t}`.
 * @internal
 */
export function fromJsonValue(value: unknown, type: CtyType, path = '', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new CtyValueError(path, 'nested too deeply');
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'number':
      return exact(value, path);
    case 'dynamic': {
      if (!isRecord(value) || !('type' in value)) {
        throw new CtyValueError(path, 'expected {"value", "type"}');
      }
      let inner: CtyType;
      try {
        inner = parseCtyType(value.type);
      } catch {
        throw new CtyValueError(path, 'the dynamic value has no readable type');
      }
      return fromJsonValue(value.value, inner, path, depth + 1);
    }
    case 'list':
    case 'set':
    case 'tuple':
      if (!Array.isArray(value)) throw new CtyValueError(path, `expected a ${type.kind}`);
      return value.map((v, i) =>
        fromJsonValue(
          v,
          type.kind === 'tuple' ? (type.elements[i] ?? { kind: 'dynamic' }) : type.element,
          child(path, i),
          depth + 1,
        ),
      );
    case 'map':
    case 'object': {
      if (!isRecord(value)) throw new CtyValueError(path, `expected an ${type.kind}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const t = memberType(type, k);
        if (t === undefined) continue;
        Object.defineProperty(out, k, {
          value: fromJsonValue(v, t, child(path, k), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      return value;
  }
}
