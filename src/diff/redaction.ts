/**
 * Decides which changes are secret and redacts their values. A value is secret when:
 *
 * - its place is secret: the state's sensitive paths and the type's schema-sensitive
 *   attributes (`secret-places.ts`, which also follows set elements and derived maps), or the
 *   rules' `sensitive` globs;
 * - its name, or a name on its path, is secret (`secret-names.ts`), or it is the value of a
 *   `{ name: "DB_PASSWORD", value }` pair;
 * - it holds one of the instance's secret values (`secret-values.ts`), wherever it moved:
 *   under a new map key, into another set element, into another attribute.
 *
 * Strings that hold JSON (ECS container definitions) are redacted inside: the secret members
 * are replaced and the JSON re-serialized, so the rest of the change stays readable.
 */
import { setOwn } from '../shared/set-own.js';
import { SecretMatcher } from '../shared/secret-matcher.js';
import { escapeToken, unescapeToken } from './json-pointer.js';
import type { RuleNode } from './rule-node.js';
import { isSecretName, isSecretPairValue } from '../shared/secret-names.js';
import type { PlaceTrie, SecretTable } from './secret-places.js';
import { isPlaceEnd, secretPlaces, stepPlaces } from './secret-places.js';
import { collectSecretValues, parseJsonText } from './secret-values.js';

/** What replaces a secret value in a patch or a change. @internal */
export const REDACTED = '(sensitive)';

/** Secrets shorter than this only match a whole value, never part of a longer string. */
const MIN_INSIDE = 8;

const MAX_DEPTH = 64;

const NO_SECRETS: SecretTable = { byType: new Map(), mirrors: new Map() };

/** What the redactor knows about one resource. @internal */
export interface RedactorOptions {
  /** Resource type: selects the schema-sensitive attributes. */
  type?: string;
  /** Schema secrets and mirrored attributes (from the resolved packs); none when absent. */
  secrets?: SecretTable;
  /** JSON Pointers of the state's sensitive values. */
  sensitivePaths?: readonly string[];
  /** The state attributes: where the secret values come from. */
  state?: unknown;
  /** The live attributes: the other side of a `{ name, value }` pair. */
  live?: unknown;
  /** Only mark secrets (`sensitive: true`), leaving the values visible. */
  reveal?: boolean;
}

/** A name that marks its value secret; booleans and nulls are never secrets. */
function namedSecret(record: Record<string, unknown>, key: string, value: unknown): boolean {
  if (typeof value === 'boolean' || value === null) return false;
  return isSecretName(key) || isSecretPairValue(record, key);
}

/** The member of `doc` at the unescaped `tokens`, or `undefined`. */
function at(doc: unknown, tokens: readonly string[], count: number): unknown {
  let node = doc;
  for (let i = 0; i < count; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = unescapeToken(tokens[i] as string);
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Redacts values at sensitive places of one resource.
 * @internal
 */
export class Redactor {
  private readonly places: PlaceTrie | null;
  private matcher: SecretMatcher | null = null;

  constructor(private readonly options: RedactorOptions = {}) {
    this.places = secretPlaces(
      options.type ?? '',
      options.sensitivePaths ?? [],
      options.secrets ?? NO_SECRETS,
    );
  }

  /**
   * Redacts `value` found at `tokens` (escaped pointer tokens). Returns the value to show
   * and whether anything was secret.
   */
  redact(
    value: unknown,
    tokens: readonly string[],
    node: RuleNode | null,
  ): { value: unknown; sensitive: boolean } {
    const result = this.judge(value, tokens, node);
    return this.options.reveal === true && result.sensitive ? { value, sensitive: true } : result;
  }

  /** The instance's secret values, collected on first use (most resources never need them). */
  private secrets(): SecretMatcher {
    if (this.matcher === null) {
      const values = new Set<string>();
      collectSecretValues(this.options.state, this.places, values);
      this.matcher = new SecretMatcher(values, MIN_INSIDE);
    }
    return this.matcher;
  }

  private judge(
    value: unknown,
    tokens: readonly string[],
    node: RuleNode | null,
  ): { value: unknown; sensitive: boolean } {
    const secret = { value: REDACTED, sensitive: true };
    if (node !== null && node.sensitive) return secret;
    const named = typeof value !== 'boolean' && value !== null;
    let places: PlaceTrie[] = this.places === null ? [] : [this.places];
    for (const token of tokens) {
      if (named && isSecretName(unescapeToken(token))) return secret;
      if (places.length > 0) {
        places = stepPlaces(places, token);
        if (isPlaceEnd(places)) return secret;
      }
    }
    if (named && tokens.length > 0 && this.isPairValue(tokens)) return secret;
    const inner = this.inside(value, node, places, 0);
    return { value: inner, sensitive: inner !== value };
  }

  /** Whether the last token is the `value` of a secret `{ name, value }` pair on either side. */
  private isPairValue(tokens: readonly string[]): boolean {
    const last = unescapeToken(tokens[tokens.length - 1] as string);
    for (const doc of [this.options.state, this.options.live]) {
      const parent = asRecord(at(doc, tokens, tokens.length - 1));
      if (parent !== undefined && isSecretPairValue(parent, last)) return true;
    }
    return false;
  }

  private inside(
    value: unknown,
    node: RuleNode | null,
    places: PlaceTrie[],
    depth: number,
  ): unknown {
    if (typeof value === 'string') return this.insideString(value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      return this.secrets().matchesWhole(String(value)) ? REDACTED : value;
    }
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const childPlaces = places.length === 0 ? places : stepPlaces(places, String(i));
        const childNode = node === null ? null : node.element(i);
        const item: unknown = value[i];
        const next =
          isPlaceEnd(childPlaces) || childNode?.sensitive === true
            ? REDACTED
            : this.inside(item, childNode, childPlaces, depth + 1);
        if (next !== item && out === null) out = value.slice();
        if (out !== null) out[i] = next;
      }
      return out ?? value;
    }
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const childPlaces = places.length === 0 ? places : stepPlaces(places, escapeToken(key));
      const childNode = node === null ? null : node.child(key);
      const member = record[key];
      const next =
        isPlaceEnd(childPlaces) || childNode?.sensitive === true || namedSecret(record, key, member)
          ? REDACTED
          : this.inside(member, childNode, childPlaces, depth + 1);
      if (next !== member && out === null) {
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j] as string, record[keys[j] as string]);
      }
      if (out !== null) setOwn(out, key, next);
    }
    return out ?? value;
  }

  /** A string holding a secret is redacted whole; JSON text is redacted inside. */
  private insideString(value: string): unknown {
    if (this.secrets().matches(value)) return REDACTED;
    const parsed = parseJsonText(value);
    if (parsed === undefined) return value;
    const redacted = this.inside(parsed, null, [], 1);
    return redacted === parsed ? value : JSON.stringify(redacted);
  }
}
