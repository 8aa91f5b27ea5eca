/**
 * Normalization rules are data: per resource type, which attributes are unordered sets,
 * which hold JSON, which are computed, and so on. The same rules run on both sides before
 * the diff. Knowledge about particular providers (which comparator an attribute needs) comes
 * from packs (src/packs), which use the generic keys below.
 */
import type { Operation } from 'fast-json-patch';

export type { Operation };

/** A scalar type an attribute is coerced to before comparison (`"443"` ≡ `443`). @public */
export type ScalarType = 'string' | 'number' | 'boolean';

/**
 * Normalization rules for one resource type. Every key takes JSON Pointer globs relative to
 * the resource's attributes (`*` matches one token, `**` any number), e.g. `/ingress`,
 * `/ingress/*\/cidr_blocks`.
 * @public
 */
export interface TypeRules {
  /** Unordered arrays, compared as multisets of canonical elements. */
  sets?: string[];
  /** Ordered lists whose elements are matched by a key field: pointer → key name. */
  keyedLists?: Record<string, string>;
  /** String attributes holding JSON, compared structurally. */
  json?: string[];
  /** Attributes where `null`, absent and empty (`""`, `[]`, `{}`) are the same. `true` means every attribute. */
  emptyEqualsNull?: boolean | string[];
  /** Attributes coerced to a scalar type before comparison. */
  coerce?: Record<string, ScalarType>;
  /** String attributes compared case-insensitively. */
  caseInsensitive?: string[];
  /** Default values: a live value equal to the default matches a state value that is null or absent. */
  defaults?: Record<string, unknown>;
  /** Computed or volatile attributes, never compared. */
  computed?: string[];
  /** Attributes that hold secrets even when state does not mark them sensitive. */
  sensitive?: string[];
  /** Write-only attributes the API never returns: reported in `notChecked`. */
  writeOnly?: string[];
  /**
   * Map attributes some of whose keys belong to the platform and are never compared: map
   * pointer glob → key prefixes (the hashicorp/aws pack drops `aws:` tag keys this way). Such
   * a map also matches the same pairs given as an API's `[{ Key, Value }]` list.
   */
  reservedKeys?: Record<string, string[]>;
  /** Strings compared with a trailing dot ignored (DNS names). */
  trailingDot?: string[];
  /** Timestamps compared as instants (`…T00:00:00Z` ≡ `…T00:00:00.000+00:00`). */
  timestamps?: string[];
  /**
   * Values compared by a named comparator of a pack: pointer glob → comparator name (such as
   * `iam-policy`, `cidr` or `ip-protocol` from the built-in packs). See docs/packs.md.
   */
  compare?: Record<string, string>;
}

/**
 * Rules by resource type. The key `*` applies to every type, and a provider prefix such as
 * `google_*` to every type of that provider. For one type, the rules of `*`, then of the
 * prefix, then of the type are merged (lists concatenate, records override).
 * @public
 */
export type RuleSet = Record<string, TypeRules>;
