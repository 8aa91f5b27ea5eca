/**
 * The verdict of a scan, and the exit code a CI job should take from it. "In sync" is only
 * said of a scan that read every managed instance: a resource that could not be read is not
 * evidence of anything, so by default it fails the scan (as `terraform plan` fails when a
 * refresh fails) until the caller accepts unknowns explicitly.
 */
import type { DriftReport, DriftSummary } from '../model/report.js';

/** Statuses `failOn` can count. @public */
export type FailOnStatus = 'drifted' | 'missing' | 'unknown' | 'unsupported' | 'unmanaged';

/** Every {@link FailOnStatus}, in a stable order. @public */
export const FAIL_ON_STATUSES: readonly FailOnStatus[] = [
  'drifted',
  'missing',
  'unknown',
  'unsupported',
  'unmanaged',
];

/** Options of {@link scanVerdict}. @public */
export interface ScanVerdictOptions {
  /** Statuses that count as drift (default `['drifted', 'missing']`). */
  failOn?: readonly FailOnStatus[];
  /**
   * Accept `unknown` resources (failed reads): the scan is then judged on what was read.
   * Default `false`: any `unknown` makes the verdict `incomplete`.
   */
  acceptUnknown?: boolean;
}

/** What a scan says, for a CI gate. @public */
export interface ScanVerdict {
  /**
   * `in-sync`: nothing `failOn` counts, and every instance was read (or unknowns were
   * accepted); `drift`: something `failOn` counts; `incomplete`: some instances could not be
   * read and unknowns were not accepted.
   */
  verdict: 'in-sync' | 'drift' | 'incomplete';
  /** The exit code the `tfdrift` CLI uses: 0 in sync, 2 drift, 1 incomplete. */
  exitCode: 0 | 1 | 2;
  /** How many findings `failOn` counts. */
  failures: number;
}

/** The default of {@link ScanVerdictOptions.failOn}. @internal */
const DEFAULT_FAIL_ON: readonly FailOnStatus[] = ['drifted', 'missing'];

/**
 * Judges a report: `incomplete` (exit 1) when a read failed and unknowns are not accepted,
 * even if drift was found too (the picture is partial, as `terraform plan` fails when a
 * refresh fails); else `drift` (exit 2) when `failOn` counts anything; else `in-sync` (0).
 *
 * @example
 * ```ts
 * const { exitCode } = scanVerdict(report, { failOn: ['drifted', 'missing', 'unmanaged'] });
 * process.exitCode = exitCode;
 * ```
 * @public
 */
export function scanVerdict(report: DriftReport, options: ScanVerdictOptions = {}): ScanVerdict {
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const failures = failOn.reduce(
    (sum, status) =>
      sum + (status === 'unmanaged' ? report.unmanaged.length : report.summary[status]),
    0,
  );
  if (report.summary.unknown > 0 && options.acceptUnknown !== true) {
    return { verdict: 'incomplete', exitCode: 1, failures };
  }
  return failures > 0
    ? { verdict: 'drift', exitCode: 2, failures }
    : { verdict: 'in-sync', exitCode: 0, failures };
}

/**
 * The summary's first words, the same in every format: `Drift detected`, `No drift` (every
 * instance read), or `No drift in 40 of 52 resources; 12 not checked: 9 unknown, 3
 * unsupported`.
 * @internal
 */
export function headline(s: DriftSummary): { drift: boolean; complete: boolean; text: string } {
  if (s.drifted + s.missing > 0)
    return { drift: true, complete: s.notChecked === 0, text: 'Drift detected' };
  if (s.notChecked === 0) return { drift: false, complete: true, text: 'No drift' };
  const why = [
    s.unknown > 0 ? `${s.unknown} unknown` : '',
    s.unsupported > 0 ? `${s.unsupported} unsupported` : '',
  ].filter((part) => part !== '');
  return {
    drift: false,
    complete: false,
    text: `No drift in ${s.total - s.notChecked} of ${s.total} resource${s.total === 1 ? '' : 's'}; ${s.notChecked} not checked: ${why.join(', ')}`,
  };
}

/**
 * How much was compared, in words: `Checked 40 in full, 3 partially (7 attributes not
 * compared), 9 not checked.`
 * @internal
 */
export function comparedLine(s: DriftSummary): string {
  const partial =
    s.partiallyChecked === 0
      ? '0 partially'
      : `${s.partiallyChecked} partially (${s.notCheckedAttributes} attribute${s.notCheckedAttributes === 1 ? '' : 's'} not compared)`;
  return `Checked ${s.checked} in full, ${partial}, ${s.notChecked} not checked.`;
}
