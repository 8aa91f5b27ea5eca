/**
 * Combining normalization rules: a provider's rules, then the caller's `rules` on top.
 */
import type { RuleSet, TypeRules } from './types.js';

function mergeType(a: TypeRules, b: TypeRules): TypeRules {
  const out: TypeRules & Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    if (Array.isArray(prev) && Array.isArray(value)) out[key] = [...prev, ...value];
    else if (
      typeof prev === 'object' &&
      prev !== null &&
      !Array.isArray(prev) &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value)
    ) {
      out[key] = { ...prev, ...value };
    } else out[key] = value;
  }
  return out;
}

/** Merges rule sets left to right: lists concatenate, maps merge, scalars are replaced. @internal */
export function mergeRules(...sets: (RuleSet | undefined)[]): RuleSet | undefined {
  const present = sets.filter((s): s is RuleSet => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const out: RuleSet = {};
  for (const set of present) {
    for (const [type, rules] of Object.entries(set)) {
      const prev = out[type];
      out[type] = prev ? mergeType(prev, rules) : rules;
    }
  }
  return out;
}
