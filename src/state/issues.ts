/**
 * Collects the problems found while converting a state document, so one error can name
 * every bad spot (up to a limit) instead of only the first.
 */
import { StateParseError, type StateParseIssue } from '../errors.js';

const MAX_ISSUES = 50;

/** Finer reasons for shape problems, in `StateParseError.reason`. @internal */
type ShapeReason = 'MISSING_FIELD' | 'WRONG_TYPE' | 'INVALID_VALUE';

/** Accumulates issues with their JSON Pointers. @internal */
export class IssueCollector {
  readonly issues: StateParseIssue[] = [];
  private reason: ShapeReason | undefined;

  constructor(readonly source: string) {}

  /** Records a problem at `path` (a JSON Pointer). */
  add(path: string, message: string, reason: ShapeReason): void {
    this.reason ??= reason;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }

  /** A field that must be there is absent. */
  missing(path: string, what: string): void {
    this.add(path, `${what} is missing`, 'MISSING_FIELD');
  }

  /** A field holds the wrong JSON type. */
  wrongType(path: string, expected: string, actual: unknown): void {
    this.add(path, `expected ${expected}, got ${describeType(actual)}`, 'WRONG_TYPE');
  }

  /** Throws one {@link StateParseError} naming every issue, when there is any. */
  throwIfAny(what: string): void {
    const first = this.issues[0];
    if (first === undefined) return;
    const more = this.issues.length > 1 ? ` (and ${this.issues.length - 1} more)` : '';
    throw new StateParseError(`Invalid ${what}: ${first.path || '/'}: ${first.message}${more}`, {
      source: this.source,
      reason: this.reason ?? 'INVALID_VALUE',
      issues: this.issues,
    });
  }
}

/** The JSON type name of a value, for messages (never the value itself: it may be secret). @internal */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'bigint') return 'a number';
  return `a ${typeof value}`;
}

/** Whether a value is a plain JSON object (not null, not an array). @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
