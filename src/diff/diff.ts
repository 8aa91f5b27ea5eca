import { BUILTIN_RESOLVED } from '../packs/builtin-packs.js';
import { firstUnequalKey, rawEqual } from './raw-equal.js';
import { RuleAutomaton } from './rule-node.js';
import { createContext, diffMember, diffObject } from './structural-diff.js';
import type { Operation, TypeRules } from './types.js';

// Compiled once per rules object; a WeakMap so callers' rules are never retained.
const compiled = new WeakMap<TypeRules, RuleAutomaton>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function automatonFor(rules: TypeRules): RuleAutomaton {
  let automaton = compiled.get(rules);
  if (automaton === undefined) {
    automaton = new RuleAutomaton(rules, [], BUILTIN_RESOLVED.comparators);
    compiled.set(rules, automaton);
  }
  return automaton;
}

/**
 * Returns the RFC 6902 patch that turns `expected` into `actual` after normalizing both
 * with `rules`. A `compare` rule may name any comparator of the built-in packs (`cidr`,
 * `iam-policy`, `ip-protocol`, `arn-name`, `azure-location`).
 *
 * Without rules the comparison is exact: applying the patch to `expected` (for instance with
 * fast-json-patch's `applyPatch`) yields a value deep-equal to `actual`. With rules, the
 * result equals `actual` up to normalization: set order, coerced scalars, equivalent JSON or
 * policy strings, dropped computed members, and so on. Operations come in an order that
 * applies (array removals by descending index), with RFC 6901 pointers and JSON values only.
 *
 * @param expected - The value Terraform recorded (state attributes).
 * @param actual - The value read live.
 * @param rules - Normalization rules for this value (pointer globs relative to it).
 * @returns The operations; empty when nothing meaningful changed.
 * @example
 * ```ts
 * import { diff } from 'tfdrift';
 * diff(
 *   { ingress: [{ port: 443 }, { port: 80 }], tags: { Env: 'prod' } },
 *   { ingress: [{ port: 80 }, { port: 443 }], tags: { Env: 'dev' } },
 *   { sets: ['/ingress'] },
 * );
 * // → [{ op: 'replace', path: '/tags/Env', value: 'dev' }]
 * ```
 * @public
 */
export function diff(expected: unknown, actual: unknown, rules?: TypeRules): Operation[] {
  // Two objects (the usual case): the walk resumes where the equality check stopped.
  let from: string | null | undefined;
  if (isRecord(expected) && isRecord(actual)) {
    from = firstUnequalKey(expected, actual);
    if (from === undefined) return [];
  } else if (rawEqual(expected, actual)) {
    return [];
  }
  const automaton = rules === undefined ? null : automatonFor(rules);
  const ctx = createContext({
    emptyNull: automaton?.emptyNullEverywhere ?? false,
    withChanges: false,
    redactor: null,
  });
  const root = automaton?.root ?? null;
  // A default at the root goes through diffMember's void handling.
  if (from !== undefined && (root === null || !root.hasDefault)) {
    diffObject(
      expected as Record<string, unknown>,
      actual as Record<string, unknown>,
      root,
      ctx,
      undefined,
      from,
    );
  } else {
    diffMember(expected, actual, root, ctx);
  }
  return ctx.ops;
}
