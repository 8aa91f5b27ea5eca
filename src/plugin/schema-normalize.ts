/**
 * Schema-driven normalization for resource types no rule pack covers. Both sides (the
 * upgraded state and the live read) go through the same function: set-typed attributes and
 * `SET` blocks are put in a canonical order so they compare as sets, and computed-only
 * attributes (which the provider, not the user, sets) are left out. Sensitive and write-only
 * attributes become rules, so the diff redacts the former and lists the latter as not
 * checked.
 */
import { canonicalStringify } from '../diff/canonical-json.js';
import type { TypeRules } from '../diff/types.js';
import type { CtyType } from './cty-type.js';
import { memberType } from './cty-type.js';
import type { SchemaAttribute, SchemaBlock } from './schema.js';

const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

function sortedSet(values: unknown[]): unknown[] {
  return values
    .map((v) => [canonicalStringify(v), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
}

function normalizeValue(value: unknown, type: CtyType): unknown {
  if (value === null || typeof value !== 'object') return value;
  switch (type.kind) {
    case 'set':
      return Array.isArray(value)
        ? sortedSet(value.map((v) => normalizeValue(v, type.element)))
        : value;
    case 'list':
      return Array.isArray(value) ? value.map((v) => normalizeValue(v, type.element)) : value;
    case 'tuple':
      return Array.isArray(value)
        ? value.map((v, i) => normalizeValue(v, type.elements[i] ?? { kind: 'dynamic' }))
        : value;
    case 'map':
    case 'object': {
      if (Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const t = memberType(type, k);
        out[k] = t === undefined ? v : normalizeValue(v, t);
      }
      return out;
    }
    default:
      return value;
  }
}

const computedOnly = (a: SchemaAttribute) => a.computed && !a.optional && !a.required;

function normalizeObject(
  value: Record<string, unknown>,
  block: SchemaBlock,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const a of block.attributes) {
    if (computedOnly(a)) delete out[a.name];
    else if (a.name in out) out[a.name] = normalizeValue(out[a.name], a.type);
  }
  for (const b of block.blockTypes) {
    const v = out[b.name];
    if (v === null || v === undefined) continue;
    const one = (item: unknown) =>
      typeof item === 'object' && item !== null && !Array.isArray(item)
        ? normalizeObject(item as Record<string, unknown>, b.block)
        : item;
    if (Array.isArray(v)) {
      const items = v.map(one);
      out[b.name] = b.nesting === 'SET' ? sortedSet(items) : items;
    } else if (b.nesting === 'MAP' && typeof v === 'object') {
      out[b.name] = Object.fromEntries(Object.entries(v).map(([k, item]) => [k, one(item)]));
    } else out[b.name] = one(v);
  }
  return out;
}

/**
 * Normalizes a resource's attributes by its schema (same function for both sides).
 * @internal
 */
export function normalizeBySchema(
  attributes: Record<string, unknown>,
  block: SchemaBlock,
): Record<string, unknown> {
  return normalizeObject(attributes, block);
}

function collect(
  block: SchemaBlock,
  prefix: string,
  into: { sensitive: string[]; writeOnly: string[] },
  depth: number,
): void {
  if (depth > 32) return;
  const visit = (a: SchemaAttribute, base: string) => {
    const p = `${base}/${escapeToken(a.name)}`;
    if (a.sensitive) into.sensitive.push(p);
    if (a.writeOnly) into.writeOnly.push(p);
    if (a.nested) {
      const inner = a.nested.nesting === 'SINGLE' ? p : `${p}/*`;
      for (const n of a.nested.attributes) visit(n, inner);
    }
  };
  for (const a of block.attributes) visit(a, prefix);
  for (const b of block.blockTypes) {
    const p = `${prefix}/${escapeToken(b.name)}`;
    collect(
      b.block,
      b.nesting === 'SINGLE' || b.nesting === 'GROUP' ? p : `${p}/*`,
      into,
      depth + 1,
    );
  }
}

/**
 * The rules a schema implies for one resource type: sensitive attributes (redacted) and
 * write-only attributes (never readable: not checked).
 * @internal
 */
export function rulesFromSchema(block: SchemaBlock): TypeRules {
  const into = { sensitive: [] as string[], writeOnly: [] as string[] };
  collect(block, '', into, 0);
  const rules: TypeRules = {};
  if (into.sensitive.length > 0) rules.sensitive = into.sensitive;
  if (into.writeOnly.length > 0) rules.writeOnly = into.writeOnly;
  return rules;
}
