/**
 * The secret values an instance holds in state: every string at one of its secret places
 * (`secret-places.ts`), under a secret-looking name at any depth (`secret-names.ts`), or in a
 * `{ name: "DB_PASSWORD", value }` pair, including inside attributes that hold JSON text
 * (ECS container definitions). Redaction and error scrubbing look for these values wherever
 * they turn up, so a secret moved to another key, another set element or another attribute
 * stays hidden.
 */
import { escapeToken } from './json-pointer.js';
import { isSecretName, isSecretPairValue, mayNameSecrets } from '../shared/secret-names.js';
import type { PlaceTrie } from './secret-places.js';
import { isPlaceEnd, stepPlaces } from './secret-places.js';
import { MIN_SECRET_LENGTH } from '../shared/secret-matcher.js';

const MAX_DEPTH = 64;
/** JSON text longer than this is not parsed to look for named secrets inside. */
const MAX_JSON_TEXT = 1 << 20;

/**
 * `text` parsed when it is a JSON object or array that may name a secret, else `undefined`.
 * @internal
 */
export function parseJsonText(text: string): unknown {
  if (text.length < 2 || text.length > MAX_JSON_TEXT) return undefined;
  const first = text.trimStart()[0];
  if ((first !== '{' && first !== '[') || !mayNameSecrets(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Adds a secret string, and each long line of a multi-line one (a PEM cut by a message). */
function addSecret(value: string, into: Set<string>): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  into.add(value);
  if (value.includes('\n')) {
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= 16) into.add(trimmed);
    }
  }
}

/** Every string (and long number) inside `value`. */
function addAll(value: unknown, into: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') addSecret(value, into);
  else if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    if (text.length >= 6) into.add(text);
  } else if (Array.isArray(value)) {
    for (const item of value) addAll(item, into, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) addAll(item, into, depth + 1);
  }
}

function walk(value: unknown, places: PlaceTrie[], into: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    const parsed = parseJsonText(value);
    if (parsed !== undefined) walk(parsed, [], into, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const next = places.length === 0 ? places : stepPlaces(places, String(i));
      visit(value[i], next, false, into, depth);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const next = places.length === 0 ? places : stepPlaces(places, escapeToken(key));
    const named = isSecretName(key) || isSecretPairValue(record, key);
    visit(record[key], next, named, into, depth);
  }
}

function visit(
  value: unknown,
  places: PlaceTrie[],
  named: boolean,
  into: Set<string>,
  depth: number,
): void {
  if (isPlaceEnd(places) || (named && typeof value !== 'boolean')) addAll(value, into, depth + 1);
  else walk(value, places, into, depth + 1);
}

/**
 * Adds the secret values of one instance's attributes to `into`.
 * @internal
 */
export function collectSecretValues(
  attributes: unknown,
  places: PlaceTrie | null,
  into: Set<string>,
): void {
  visit(attributes, places === null ? [] : [places], false, into, 0);
}
