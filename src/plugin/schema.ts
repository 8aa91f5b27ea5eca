/**
 * Provider schemas as the plugin protocol describes them (blocks, attributes, nested blocks
 * with a nesting mode, and in protocol 6 attributes with nested object types), and the
 * object type each one implies for the values the provider sends and expects.
 */
import type { CtyType } from './cty-type.js';
import { parseCtyTypeBytes } from './cty-type.js';

/** How a nested block or nested attribute repeats. @internal */
export type NestingMode = 'SINGLE' | 'LIST' | 'SET' | 'MAP' | 'GROUP';

/** One attribute of a schema block. @internal */
export interface SchemaAttribute {
  name: string;
  /** The attribute's type; for protocol 6 nested attributes, the implied type of `nested`. */
  type: CtyType;
  nested?: { attributes: SchemaAttribute[]; nesting: NestingMode };
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  writeOnly: boolean;
}

/** A nested block type. @internal */
export interface SchemaNestedBlock {
  name: string;
  nesting: NestingMode;
  block: SchemaBlock;
}

/** A schema block. @internal */
export interface SchemaBlock {
  attributes: SchemaAttribute[];
  blockTypes: SchemaNestedBlock[];
}

/** A resource's (or the provider's) schema. @internal */
export interface ResourceSchema {
  version: number;
  block: SchemaBlock;
}

/** The protobuf shape of a schema block, as decoded (snake_case field names). @internal */
export interface WireBlock {
  attributes?: WireAttribute[];
  block_types?: { type_name: string; nesting: string | number; block?: WireBlock }[];
}

/** The protobuf shape of a schema attribute. @internal */
export interface WireAttribute {
  name: string;
  type?: Uint8Array;
  nested_type?: { attributes?: WireAttribute[]; nesting: string | number };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  write_only?: boolean;
}

const MODES: NestingMode[] = ['SINGLE', 'LIST', 'SET', 'MAP', 'GROUP'];

function nestingMode(value: string | number): NestingMode {
  const mode = typeof value === 'number' ? MODES[value - 1] : (value as NestingMode);
  if (mode === undefined || !MODES.includes(mode)) {
    throw new Error(`unknown nesting mode ${String(value)}`);
  }
  return mode;
}

function wrap(nesting: NestingMode, object: CtyType): CtyType {
  switch (nesting) {
    case 'LIST':
      return { kind: 'list', element: object };
    case 'SET':
      return { kind: 'set', element: object };
    case 'MAP':
      return { kind: 'map', element: object };
    default:
      return object;
  }
}

function objectOf(attributes: SchemaAttribute[], blocks: SchemaNestedBlock[] = []): CtyType {
  const out: Record<string, CtyType> = Object.create(null) as Record<string, CtyType>;
  for (const a of attributes) out[a.name] = a.type;
  for (const b of blocks) out[b.name] = wrap(b.nesting, blockType(b.block));
  return { kind: 'object', attributes: out };
}

/** The object type a block implies: its attributes and nested blocks. @internal */
export function blockType(block: SchemaBlock): CtyType {
  return objectOf(block.attributes, block.blockTypes);
}

function attributeFromWire(wire: WireAttribute, depth: number): SchemaAttribute {
  if (depth > 64) throw new Error('schema nested too deeply');
  let nested: SchemaAttribute['nested'];
  let type: CtyType;
  if (wire.nested_type && (wire.type === undefined || wire.type.length === 0)) {
    const nesting = nestingMode(wire.nested_type.nesting);
    const attributes = (wire.nested_type.attributes ?? []).map((a) =>
      attributeFromWire(a, depth + 1),
    );
    nested = { attributes, nesting };
    type = wrap(nesting, objectOf(attributes));
  } else {
    type = parseCtyTypeBytes(wire.type ?? new Uint8Array());
  }
  return {
    name: wire.name,
    type,
    ...(nested ? { nested } : {}),
    required: wire.required === true,
    optional: wire.optional === true,
    computed: wire.computed === true,
    sensitive: wire.sensitive === true,
    writeOnly: wire.write_only === true,
  };
}

/** Converts a decoded protobuf schema block. @internal */
export function blockFromWire(wire: WireBlock | undefined, depth = 0): SchemaBlock {
  if (depth > 64) throw new Error('schema nested too deeply');
  return {
    attributes: (wire?.attributes ?? []).map((a) => attributeFromWire(a, depth + 1)),
    blockTypes: (wire?.block_types ?? []).map((b) => ({
      name: b.type_name,
      nesting: nestingMode(b.nesting),
      block: blockFromWire(b.block, depth + 1),
    })),
  };
}
