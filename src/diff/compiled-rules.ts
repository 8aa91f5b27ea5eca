/**
 * Rule compilation and its cache. Rules are compiled once per (rule set, type, ignore
 * globs) and cached on the rule-set object through a WeakMap, so two callers with different
 * rules never see each other's compiled rules and nothing leaks when a rule set is dropped.
 * A rule set is treated as immutable once used.
 */
import type { Comparator } from '../packs/types.js';
import { RuleAutomaton } from './rule-node.js';
import type { RuleSet, TypeRules } from './types.js';

/** Comparators by name, as resolved packs provide them. @internal */
export type ComparatorTable = ReadonlyMap<string, Comparator>;

const LIST_KEYS = [
  'sets',
  'json',
  'caseInsensitive',
  'computed',
  'sensitive',
  'writeOnly',
  'trailingDot',
  'timestamps',
] as const;

const RECORD_KEYS = ['keyedLists', 'coerce', 'defaults', 'reservedKeys', 'compare'] as const;

const TYPE_CACHE_LIMIT = 4096;

/**
 * A view of a resource's map attributes: which of them are left out of the comparison
 * because a derived map (AWS `tags_all`, Google `effective_labels`) stands for them. `id`
 * names the view in the cache; the plain view leaves nothing out.
 * @internal
 */
export interface MapView {
  /** A stable name of the view. */
  id: string;
  /** Attribute pointers the view leaves out. */
  skips: readonly string[];
}

/** The view that leaves nothing out. @internal */
export const PLAIN_VIEW: MapView = { id: '', skips: [] };

/**
 * Merges rules; later rules add to earlier ones (lists concatenate, records override).
 * @internal
 */
export function mergeTypeRules(layers: readonly (TypeRules | undefined)[]): TypeRules {
  const out: TypeRules = {};
  const lists = out as Record<string, string[] | undefined>;
  const records = out as Record<string, Record<string, unknown> | undefined>;
  let emptyNull: boolean | string[] | undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const key of LIST_KEYS) {
      const more = layer[key];
      if (more !== undefined) lists[key] = [...(lists[key] ?? []), ...more];
    }
    for (const key of RECORD_KEYS) {
      const more = layer[key];
      if (more !== undefined) records[key] = { ...(records[key] ?? {}), ...more };
    }
    const e = layer.emptyEqualsNull;
    if (e === true || emptyNull === true) emptyNull = true;
    else if (Array.isArray(e)) emptyNull = [...(Array.isArray(emptyNull) ? emptyNull : []), ...e];
    else if (e === false && emptyNull === undefined) emptyNull = false;
  }
  if (emptyNull !== undefined) out.emptyEqualsNull = emptyNull;
  return out;
}

/**
 * Compiled rules of a stack of rule sets (built-in first, then the caller's).
 * @internal
 */
export class CompiledRules {
  // type → map view → ignore globs → automaton (no key strings built per call in the
  // common single-glob case).
  private readonly byType = new Map<string, Map<string, Map<string, RuleAutomaton>>>();
  private size = 0;

  constructor(
    private readonly layers: readonly RuleSet[],
    private readonly comparators: ComparatorTable,
  ) {}

  /**
   * The automaton for `type`, with `ignore` pointer globs skipped, and the maps `view`
   * leaves out.
   */
  forType(type: string, ignore: readonly string[] = [], view: MapView = PLAIN_VIEW): RuleAutomaton {
    let variants = this.byType.get(type);
    if (variants === undefined) {
      variants = new Map();
      this.byType.set(type, variants);
    }
    let byGlobs = variants.get(view.id);
    if (byGlobs === undefined) {
      byGlobs = new Map();
      variants.set(view.id, byGlobs);
    }
    const key =
      ignore.length === 0 ? '' : ignore.length === 1 ? (ignore[0] as string) : ignore.join('\n');
    let automaton = byGlobs.get(key);
    if (automaton === undefined) {
      const skips = view.skips;
      automaton = this.compile(type, skips.length === 0 ? ignore : [...ignore, ...skips]);
      if (this.size >= TYPE_CACHE_LIMIT) {
        // Many distinct ignore lists: start over rather than grow without bound.
        for (const views of this.byType.values()) for (const globs of views.values()) globs.clear();
        this.size = 0;
      }
      byGlobs.set(key, automaton);
      this.size++;
    }
    return automaton;
  }

  private compile(type: string, ignore: readonly string[]): RuleAutomaton {
    const underscore = type.indexOf('_');
    const family = underscore === -1 ? undefined : `${type.slice(0, underscore + 1)}*`;
    const merged = mergeTypeRules(
      this.layers.flatMap((set) => [
        set['*'],
        family === undefined ? undefined : set[family],
        set[type],
      ]),
    );
    return new RuleAutomaton(merged, ignore, this.comparators);
  }
}

/** Rule sets and the comparators their `compare` rules name, as resolved packs hold them. @internal */
export interface RuleBase {
  /** Rules by type. */
  readonly rules: RuleSet;
  /** Comparators by name. */
  readonly comparators: ComparatorTable;
}

/**
 * A per-owner cache of compiled rules: one entry per base (resolved packs), then per extra
 * rule set.
 * @internal
 */
export class RuleCache {
  private readonly base: WeakMap<RuleBase, CompiledRules> = new WeakMap();
  private readonly withExtra: WeakMap<RuleBase, WeakMap<RuleSet, CompiledRules>> = new WeakMap();

  /** Compiled rules of `base`, or of `base` then `extra`. */
  get(base: RuleBase, extra?: RuleSet): CompiledRules {
    if (extra === undefined) {
      let compiled = this.base.get(base);
      if (compiled === undefined) {
        compiled = new CompiledRules([base.rules], base.comparators);
        this.base.set(base, compiled);
      }
      return compiled;
    }
    let inner = this.withExtra.get(base);
    if (inner === undefined) {
      inner = new WeakMap();
      this.withExtra.set(base, inner);
    }
    let compiled = inner.get(extra);
    if (compiled === undefined) {
      compiled = new CompiledRules([base.rules, extra], base.comparators);
      inner.set(extra, compiled);
    }
    return compiled;
  }
}
