import type { TypeRules } from '../types.js';

/**
 * Rules for every resource type (`*`): Terraform's SDK stores unset values as `null`, `""`
 * or `[]` interchangeably, `timeouts` is configuration only, and tag maps drop `aws:*` keys.
 * @internal
 */
export const commonRules: TypeRules = {
  emptyEqualsNull: true,
  computed: ['/timeouts'],
  tags: ['/tags', '/tags_all', '/labels', '/effective_labels', '/terraform_labels'],
  writeOnly: ['/password_wo', '/**/password_wo', '/secret_string_wo'],
};
