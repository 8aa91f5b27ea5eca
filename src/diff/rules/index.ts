import type { RuleSet } from '../types.js';

/**
 * Built-in normalization rules for common resource types of the aws, google and azurerm
 * providers, plus `*` (every type). `diffResource` always applies them first.
 * @internal
 */
export const builtinRules: RuleSet = {
  '*': {
    emptyEqualsNull: true,
    computed: ['/timeouts'],
    tags: ['/tags', '/tags_all'],
  },
};
