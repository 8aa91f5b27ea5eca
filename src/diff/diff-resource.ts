import type { Change } from '../report/types.js';
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
  patch: Operation[];
  changes: Change[];
  notChecked: string[];
}

/** Diffs one resource's state attributes against its live attributes. @internal */
export function diffResource(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  options: DiffResourceOptions,
): ResourceDiff {
  void expected;
  void actual;
  void options;
  throw new Error('not implemented');
}
