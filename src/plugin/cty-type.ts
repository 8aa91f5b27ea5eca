/**
 * Terraform's value types (cty), as the plugin protocol writes them in JSON: `"string"`,
 * `"number"`, `"bool"`, `"dynamic"`, `["list", T]`, `["set", T]`, `["map", T]`,
 * `["object", {name: T}]` (optionally with a third element naming optional attributes) and
 * `["tuple", [T…]]`.
 */

/** A cty type. @internal */
export type CtyType =
  | { kind: 'string' | 'number' | 'bool' | 'dynamic' }
  | { kind: 'list' | 'set' | 'map'; element: CtyType }
  | { kind: 'object'; attributes: Record<string, CtyType> }
  | { kind: 'tuple'; elements: CtyType[] };

/** A type description the plugin sent that is not a cty type. @internal */
class CtyTypeError extends Error {
  override readonly name = 'CtyTypeError';
}

const MAX_DEPTH = 256;
const PRIMITIVES = new Set(['string', 'number', 'bool', 'dynamic']);

/** Reads a cty type from its JSON form (already parsed). @internal */
export function parseCtyType(json: unknown, depth = 0): CtyType {
  if (depth > MAX_DEPTH) throw new CtyTypeError('type nested too deeply');
  if (typeof json === 'string' && PRIMITIVES.has(json)) {
    return { kind: json as 'string' | 'number' | 'bool' | 'dynamic' };
  }
  if (Array.isArray(json) && typeof json[0] === 'string') {
    const [kind, arg] = json as [string, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') {
      return { kind, element: parseCtyType(arg, depth + 1) };
    }
    if (kind === 'object' && typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
      const attributes: Record<string, CtyType> = Object.create(null) as Record<string, CtyType>;
      for (const [name, t] of Object.entries(arg)) attributes[name] = parseCtyType(t, depth + 1);
      return { kind, attributes };
    }
    if (kind === 'tuple' && Array.isArray(arg)) {
      return { kind, elements: arg.map((t) => parseCtyType(t, depth + 1)) };
    }
  }
  throw new CtyTypeError(`not a cty type: ${JSON.stringify(json)?.slice(0, 80)}`);
}

/** Reads a cty type from the bytes a schema attribute carries. @internal */
export function parseCtyTypeBytes(bytes: Uint8Array): CtyType {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new CtyTypeError('attribute type is not JSON');
  }
  return parseCtyType(json);
}

/** The JSON form of a type (the inverse of {@link parseCtyType}). @internal */
export function ctyTypeJson(type: CtyType): unknown {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, ctyTypeJson(type.element)];
    case 'object':
      return [
        'object',
        Object.fromEntries(Object.entries(type.attributes).map(([k, t]) => [k, ctyTypeJson(t)])),
      ];
    case 'tuple':
      return ['tuple', type.elements.map(ctyTypeJson)];
    default:
      return type.kind;
  }
}

/** The type Terraform infers for a JSON value given where `dynamic` is expected. @internal */
export function inferCtyType(value: unknown, depth = 0): CtyType {
  if (depth > MAX_DEPTH) throw new CtyTypeError('value nested too deeply');
  if (value === null || value === undefined) return { kind: 'dynamic' };
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (Array.isArray(value)) {
    return { kind: 'tuple', elements: value.map((v) => inferCtyType(v, depth + 1)) };
  }
  const attributes: Record<string, CtyType> = Object.create(null) as Record<string, CtyType>;
  for (const [k, v] of Object.entries(value)) attributes[k] = inferCtyType(v, depth + 1);
  return { kind: 'object', attributes };
}

/** The type of member `key` of a map or object type (`undefined` for an attribute the object type lacks). @internal */
export function memberType(type: CtyType, key: string): CtyType | undefined {
  if (type.kind === 'map') return type.element;
  return type.kind === 'object' ? type.attributes[key] : undefined;
}
