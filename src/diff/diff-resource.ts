import type { Change } from '../model/change.js';
import { RuleCache } from './compiled-rules.js';
import type { MapView } from './compiled-rules.js';
import { firstUnequalKey } from './raw-equal.js';
import { Redactor } from './redaction.js';
import { builtinRules } from './rules/index.js';
import { createContext, diffObject } from './structural-diff.js';
import type { Operation, RuleSet } from './types.js';

/** Options of {@link diffResource}. @internal */
export interface DiffResourceOptions {
  /** Resource type: selects the rules. */
  type: string;
  /** Resource address: selects ignore rules. */
  address: string;
  /** Rules by type (built-in rules are always applied first). */
  rules?: RuleSet;
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

/** Whether `record[key]` holds tags: a map, or the APIs' `[{ Key, Value }]` list. */
function hasTags(record: Record<string, unknown>, key: string): boolean {
  const value = record[key];
  return value !== null && typeof value === 'object';
}

/**
 * How the tag and label maps are compared (see {@link MapView}). Tags go through `tags_all`
 * when both sides have a tag map to compare it with; a live side that returned no tags at all
 * is compared attribute by attribute. Google labels go through `effective_labels` (which holds
 * labels added outside Terraform, as `tags_all` does) when both sides have it; when the live
 * side does not, only the configured `labels` are compared.
 */
function mapView(
  state: Record<string, unknown>,
  live: Record<string, unknown>,
  read: string[] | undefined,
): MapView {
  const wasRead = (...keys: string[]) => read === undefined || keys.some((k) => read.includes(k));
  if (
    hasTags(state, 'tags_all') &&
    (hasTags(live, 'tags_all') || hasTags(live, 'tags')) &&
    wasRead('tags_all', 'tags')
  )
    return 'tags_all';
  if (hasTags(state, 'effective_labels'))
    return hasTags(live, 'effective_labels') && wasRead('effective_labels', 'labels')
      ? 'effective_labels'
      : 'labels';
  return 'plain';
}

/**
 * Diffs one resource's state attributes against its live attributes, with the built-in rules
 * for its type, then `options.rules`, its ignore globs, projection (`read`) and redaction.
 *
 * Tags are compared through `tags_all` when state has it and live returned tags: `tags` is
 * then left out (it is a subset), and a live side that only returned `tags` is compared as
 * its `tags_all`. Google labels are compared through `effective_labels` the same way.
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
  const view = mapView(state, live, read);
  if (view === 'tags_all' && !hasTags(live, 'tags_all')) live = { ...live, tags_all: live.tags };
  const compiled = cache
    .get(builtinRules, options.rules)
    .forType(options.type, options.ignorePaths, view);
  const redactor = new Redactor({
    type: options.type,
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
    if (readSet.has('tags')) readSet.add('tags_all');
    if (readSet.has('labels')) readSet.add('effective_labels');
  }
  diffObject(state, live, compiled.root, ctx, readSet, from);
  return { patch: ctx.ops, changes: ctx.changes ?? [], notChecked: ctx.notChecked ?? [] };
}
