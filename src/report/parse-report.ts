/**
 * Reading a stored drift report back: the report schema checks it, and any problem leaves as
 * a {@link ReportParseError} with JSON Pointers, so zod stays an implementation detail.
 */
import { ReportParseError, type StateParseIssue } from '../errors.js';
import { jsonErrorWithoutExcerpt } from '../shared/json-error-message.js';
import { issuesFromZod } from '../state/zod-issues.js';
import { DriftReportSchema } from './schema.js';
import type { DriftReport } from '../model/report.js';

/** Issues listed in an error; the rest are counted in its message. */
const MAX_ISSUES = 20;

/**
 * Every way `input` fails to be a `DriftReport`, as JSON Pointers under `base`; empty when it
 * is one. At most {@link MAX_ISSUES} are listed and `total` counts them all.
 * @internal
 */
export function reportIssues(
  input: unknown,
  base = '',
): { issues: StateParseIssue[]; total: number } {
  const parsed = DriftReportSchema.safeParse(input);
  if (parsed.success) return { issues: [], total: 0 };
  return {
    issues: issuesFromZod(parsed.error, base).slice(0, MAX_ISSUES),
    total: parsed.error.issues.length,
  };
}

/**
 * The first issue of {@link reportIssues}, and how many more there are, for a message.
 * @internal
 */
export function describeIssues({
  issues,
  total,
}: {
  issues: StateParseIssue[];
  total: number;
}): string {
  const first = issues[0] ?? { path: '', message: 'invalid report' };
  const more = total - 1;
  return (
    `${first.path || '(the document)'}: ${first.message}` +
    (more > 0 ? ` (and ${more} more issue${more === 1 ? '' : 's'})` : '')
  );
}

/**
 * Whether `input` is a valid `DriftReport` (schema version 1), such as a report read back
 * from a file. Unknown extra fields are allowed: later versions may add optional ones.
 *
 * @example
 * ```ts
 * const value: unknown = JSON.parse(text);
 * if (isDriftReport(value)) console.log(value.summary.drifted);
 * ```
 * @public
 */
export function isDriftReport(input: unknown): input is DriftReport {
  return DriftReportSchema.safeParse(input).success;
}

/**
 * Checks a stored drift report and returns it typed: `input` is the report's JSON text or
 * the value it parsed to. The result is a copy holding only the fields the `DriftReport`
 * type lists (fields added by later versions are dropped). The same schema is published as
 * JSON Schema in `tfdrift/report.schema.json`.
 *
 * @throws {@link ReportParseError} when the text is not JSON (`reason: 'NOT_JSON'`) or the
 * value is not a valid report (`reason: 'INVALID'`); `issues` holds the JSON Pointer of each
 * bad spot, and `pointer` the first.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseReport } from 'tfdrift';
 *
 * const report = parseReport(await readFile('drift.json', 'utf8'));
 * console.log(report.summary.drifted);
 * ```
 * @public
 */
export function parseReport(input: unknown): DriftReport {
  const value = typeof input === 'string' ? parseJson(input) : input;
  const parsed = DriftReportSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const found = reportIssues(value);
  throw new ReportParseError(`Not a valid DriftReport: ${describeIssues(found)}`, {
    issues: found.issues,
  });
}

/** JSON text to a value, or a {@link ReportParseError} that says where the text breaks. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = `not JSON: ${jsonErrorWithoutExcerpt(error)}`;
    throw new ReportParseError(`Not a valid DriftReport: ${message}`, {
      issues: [{ path: '', message }],
      reason: 'NOT_JSON',
    });
  }
}
