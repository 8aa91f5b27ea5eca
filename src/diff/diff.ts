import type { Operation, TypeRules } from './types.js';

/**
 * Returns the RFC 6902 patch that turns `expected` into `actual` after normalizing both.
 * @public
 */
export function diff(expected: unknown, actual: unknown, rules?: TypeRules): Operation[] {
  void expected;
  void actual;
  void rules;
  throw new Error('not implemented');
}
