import type { TypeRules } from '../../diff/types.js';

/**
 * Rules for every resource type (`*`): Terraform's SDK stores unset values as `null`, `""`
 * or `[]` interchangeably, `timeouts` is configuration only, and the common write-only
 * arguments (`password_wo`, `secret_string_wo`) are never returned.
 * @internal
 */
export const commonRules: TypeRules = {
  emptyEqualsNull: true,
  computed: ['/timeouts'],
  writeOnly: ['/password_wo', '/**/password_wo', '/secret_string_wo'],
};
