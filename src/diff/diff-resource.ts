import type { Change } from '../model/change.js';
import { BUILTIN_RESOLVED } from '../packs/builtin-packs.js';
import type { ResolvedPacks } from '../packs/resolve-packs.js';
import type { DerivedMap } from '../packs/types.js';
import { PLAIN_VIEW, RuleCache } from './compiled-rules.js';
import type { MapView } from './compiled-rules.js';
import { firstUnequalKey } from './raw-equal.js';
import { Redactor } from './redaction.js';
import { createContext, diffObject } from './structural-diff.js';
import type { Operation, RuleSet } from './types.js';

/** Options of {@link diffResource}. @internal */
export interface DiffResourceOptions {
  /** Resource type: selects the rules. */
  type: string;
  /** Resource address: selects ignore rules. */
  address: string;
  /** Rules by type, applied after the packs' rules. */
  rules?: RuleSet;
  /** The resolved packs (default: the built-in packs). */
  packs?: ResolvedPacks;
  /** Top-level attributes the provider read (projection). */
  read?: string[];
  /** JSON Pointers of sensitive values from state. */
  sensitivePaths?: string[];
  /** Pointer globs to ignore for this resource (from `.driftignore` and `ignore_changes`). */
  ignorePaths?: string[];
  /** Show secret values instead of redacting them. */
  revealSensitive?: boolean;
}

/** The diff of one resource, as the report carries it. @internal */
export interface ResourceDiff {
  /** Operations turning the state attributes into the live attributes. */
  patch: Operation[];
  /** The same operations for people, with both values (redacted when secret). */
  changes: Change[];
  /** Pointers holding a value in state that could not be compared. */
  notChecked: string[];
}

// Compiled rules per rule-set object (WeakMap inside), shared by every diffResource call.
const cache = new RuleCache();

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Whether `record[key]` holds a map: an object, or the APIs' `[{ Key, Value }]` list. */
function hasMap(record: Record<string, unknown>, key: string): boolean {
  const value = record[key];
  return value !== null && typeof value === 'object';
}

// Views are cached by id in the compiled rules: build each one once.
const views = new WeakMap<DerivedMap, { full: MapView; partOnly: MapView }>();

function viewsOf(map: DerivedMap): { full: MapView; partOnly: MapView } {
  let found = views.get(map);
  if (found === undefined) {
    found = {
      full: { id: `${map.attribute}\u0000full`, skips: map.parts.map((p) => `/${p}`) },
      partOnly: {
        id: `${map.attribute}\u0000part`,
        skips: [map.attribute, ...map.parts.slice(1)].map((p) => `/${p}`),
      },
    };
    views.set(map, found);
  }
  return found;
}

/**
 * How the map attributes are compared (see {@link DerivedMap}): through the first derived map
 * state has, when both sides have it (or, for `use-first-part`, live has its first part) and
 * the reader read it; else, for `compare-first-part`, through the first part alone.
 */
function mapView(
  maps: readonly DerivedMap[],
  state: Record<string, unknown>,
  live: Record<string, unknown>,
  read: string[] | undefined,
): { view: MapView; map?: DerivedMap } {
  for (const map of maps) {
    if (!hasMap(state, map.attribute)) continue;
    const first = map.parts[0];
    const wasRead =
      read === undefined ||
      read.includes(map.attribute) ||
      (first !== undefined && read.includes(first));
    if (map.whenLiveLacks === 'use-first-part') {
      const liveHas = hasMap(live, map.attribute) || (first !== undefined && hasMap(live, first));
      if (liveHas && wasRead) return { view: viewsOf(map).full, map };
      continue;
    }
    return {
      view: hasMap(live, map.attribute) && wasRead ? viewsOf(map).full : viewsOf(map).partOnly,
      map,
    };
  }
  return { view: PLAIN_VIEW };
}

/**
 * Diffs one resource's state attributes against its live attributes, with the packs' rules
 * for its type, then `options.rules`, its ignore globs, projection (`read`) and redaction.
 *
 * Derived maps (the packs' `derivedMaps`, such as `tags_all`) are compared instead of their
 * parts when both sides have them; a `use-first-part` map whose live side only has its first
 * part is compared against that part.
 * @internal
 */
export function diffResource(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  options: DiffResourceOptions,
): ResourceDiff {
  const state = asRecord(expected);
  let live = asRecord(actual);
  const read = options.read;
  // Most resources are unchanged: a tight equality check first (no rules, no allocation).
  // The walk below resumes where it stopped, so no member is compared twice.
  let from: string | null | undefined;
  if (read === undefined) {
    from = firstUnequalKey(state, live);
    if (from === undefined) return { patch: [], changes: [], notChecked: [] };
  }
  const packs = options.packs ?? BUILTIN_RESOLVED;
  const { view, map } = mapView(packs.derivedMaps, state, live, read);
  if (
    map !== undefined &&
    map.whenLiveLacks === 'use-first-part' &&
    !hasMap(live, map.attribute) &&
    map.parts[0] !== undefined
  ) {
    live = { ...live, [map.attribute]: live[map.parts[0]] };
  }
  const compiled = cache.get(packs, options.rules).forType(options.type, options.ignorePaths, view);
  const redactor = new Redactor({
    type: options.type,
    secrets: packs.secrets,
    sensitivePaths: options.sensitivePaths ?? [],
    state,
    live,
    reveal: options.revealSensitive === true,
  });
  const ctx = createContext({
    emptyNull: compiled.emptyNullEverywhere,
    withChanges: true,
    redactor,
  });
  let readSet: Set<string> | undefined;
  if (read !== undefined) {
    readSet = new Set(read);
    for (const derived of packs.derivedMaps) {
      const first = derived.parts[0];
      if (first !== undefined && readSet.has(first)) readSet.add(derived.attribute);
    }
  }
  diffObject(state, live, compiled.root, ctx, readSet, from);
  return { patch: ctx.ops, changes: ctx.changes ?? [], notChecked: ctx.notChecked ?? [] };
}
