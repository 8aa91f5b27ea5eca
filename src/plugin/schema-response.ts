/**
 * The `GetProviderSchema` response, read lazily. A big provider's response is tens of
 * megabytes (the AWS provider describes about 1,500 resource types) and a scan reads a few
 * types of it: the top level is walked once to note where each resource type's schema lies,
 * and a type's schema is decoded the first time it is asked for. The raw bytes are what the
 * on-disk schema cache stores.
 */
import type { Reader, Type } from 'protobufjs';
import type { ResourceSchema, WireBlock } from './schema.js';
import { blockFromWire } from './schema.js';

/** Resource schemas by type name, each decoded on first use. @internal */
export interface SchemaTable {
  /** The schema of `type`, or `undefined` when the provider has no such type. */
  get(type: string): ResourceSchema | undefined;
  /** Every type name, in the provider's order. */
  readonly types: readonly string[];
}

/** The wire shape of a decoded `Schema`. @internal */
export interface WireSchema {
  version?: number;
  block?: WireBlock;
}

/** What the protobuf library must provide to read a response. @internal */
export interface SchemaResponseTypes {
  /** `GetProviderSchema.Response`, used for every field but the schema maps. */
  response: Type;
  /** `Schema`. */
  schema: Type;
  /** Creates a reader over bytes (`protobufjs.Reader.create`). */
  reader: (bytes: Uint8Array) => Reader;
}

/** The fields holding `map<string, Schema>` tables: resources, list resources, and ones a drift read does not use. */
const RESOURCE_SCHEMAS = 2;
const DATA_SOURCE_SCHEMAS = 3;
const FUNCTIONS = 7;
const EPHEMERAL_RESOURCE_SCHEMAS = 8;
const LIST_RESOURCE_SCHEMAS = 9;
const SKIPPED_TABLES = new Set([DATA_SOURCE_SCHEMAS, FUNCTIONS, EPHEMERAL_RESOURCE_SCHEMAS]);
const LENGTH_DELIMITED = 2;

/** Decodes a `Schema` message into the schema model. @internal */
export function schemaFromWire(wire: WireSchema | undefined): ResourceSchema {
  return { version: Number(wire?.version ?? 0), block: blockFromWire(wire?.block) };
}

const TO_OBJECT = {
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: false,
  arrays: true,
} as const;

function lazyTable(entries: Map<string, Uint8Array>, types: SchemaResponseTypes): SchemaTable {
  const decoded = new Map<string, ResourceSchema>();
  return {
    types: [...entries.keys()],
    get(type) {
      let schema = decoded.get(type);
      if (schema === undefined) {
        const bytes = entries.get(type);
        if (bytes === undefined) return undefined;
        schema = schemaFromWire(types.schema.toObject(types.schema.decode(bytes), TO_OBJECT));
        decoded.set(type, schema);
      }
      return schema;
    },
  };
}

/** Reads one `map<string, Schema>` entry: field 1 the key, field 2 the value's bytes. */
function readMapEntry(reader: Reader, end: number): [string, Uint8Array] {
  let key = '';
  let value: Uint8Array = new Uint8Array();
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === LENGTH_DELIMITED) key = reader.string();
    else if (field === 2 && (tag & 7) === LENGTH_DELIMITED) value = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return [key, value];
}

/**
 * Splits a `GetProviderSchema` response: the resource and list-resource schema tables are
 * indexed without being decoded; every other field (provider schema, diagnostics, server
 * capabilities) is decoded at once. Data-source, ephemeral-resource and function
 * definitions are skipped.
 * @internal
 */
export function readSchemaResponse(
  bytes: Uint8Array,
  types: SchemaResponseTypes,
): { rest: Record<string, unknown>; resources: SchemaTable; listResources: SchemaTable } {
  const reader = types.reader(bytes);
  const tables = new Map<number, Map<string, Uint8Array>>([
    [RESOURCE_SCHEMAS, new Map()],
    [LIST_RESOURCE_SCHEMAS, new Map()],
  ]);
  const restParts: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    const table = tables.get(field);
    if ((table !== undefined || SKIPPED_TABLES.has(field)) && (tag & 7) === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const end = reader.pos + length;
      if (table === undefined) reader.skip(length);
      else {
        const [key, value] = readMapEntry(reader, end);
        table.set(key, value);
      }
      reader.pos = end;
    } else {
      reader.skipType(tag & 7);
      restParts.push(bytes.subarray(start, reader.pos));
    }
  }
  const rest = types.response.toObject(
    types.response.decode(Buffer.concat(restParts)),
    TO_OBJECT,
  ) as Record<string, unknown>;
  return {
    rest,
    resources: lazyTable(tables.get(RESOURCE_SCHEMAS) as Map<string, Uint8Array>, types),
    listResources: lazyTable(tables.get(LIST_RESOURCE_SCHEMAS) as Map<string, Uint8Array>, types),
  };
}
