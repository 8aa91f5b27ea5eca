import type { RuleSet } from '../types.js';
import { awsRules } from './aws.js';
import { azurermRules } from './azurerm.js';
import { commonRules } from './common.js';
import { googleRules } from './google.js';

/** Moves a provider's `*` rules to its type-name prefix key (`google_*`). */
function scoped(prefix: string, rules: RuleSet): RuleSet {
  const out: RuleSet = {};
  for (const [type, typeRules] of Object.entries(rules)) {
    out[type === '*' ? `${prefix}*` : type] = typeRules;
  }
  return out;
}

/**
 * Built-in normalization rules for common resource types of the aws, google and azurerm
 * providers, plus `*` (every type) and provider-wide `google_*` / `azurerm_*` entries.
 * `diffResource` always applies them first, then the rules of providers and callers.
 * @internal
 */
export const builtinRules: RuleSet = {
  '*': commonRules,
  ...awsRules,
  ...scoped('google_', googleRules),
  ...scoped('azurerm_', azurermRules),
};
