/**
 * Stage "diff": one read outcome becomes one report entry. Not found is `missing`; a failed
 * read is `unknown` with its message scrubbed of the scan's secrets; a found object is diffed
 * (expected side from state and configuration, live side with owned parts reconciled, the
 * provider's rules, the instance's ignore paths) into `drifted` or `in-sync`. A diff that
 * throws makes the entry `unknown` with code `DIFF_FAILED`, never the scan fail.
 */
import { diffResource } from '../../diff/diff-resource.js';
import type { Provider } from '../../providers/types.js';
import type { ResourceReport } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import { scrubDetails, scrubMessage } from '../classify-error.js';
import type { ReadOutcome } from '../read-batch.js';
import { errorReport, makeReport } from '../resource-report.js';
import type { ScanContext } from './scan-context.js';

/** What {@link diffOutcome} needs of the scan. @internal */
export type DiffContext = Pick<
  ScanContext,
  | 'scrubber'
  | 'several'
  | 'rulesFor'
  | 'reconcile'
  | 'expectedFor'
  | 'ignorePathsFor'
  | 'revealSensitive'
  | 'packs'
>;

/** The report entry of `instance`, read by `provider` with `outcome`. Never throws. @internal */
export function diffOutcome(
  instance: ResourceInstance,
  provider: Provider,
  outcome: ReadOutcome,
  scan: DiffContext,
): ResourceReport {
  if (outcome.kind === 'not-found')
    return makeReport(instance, provider.name, 'missing', scan.several);
  if (outcome.kind === 'error') {
    return errorReport(
      instance,
      provider.name,
      { ...outcome.error, message: scrubMessage(outcome.error.message, scan.scrubber()) },
      scan.several,
    );
  }
  try {
    const expected = scan.expectedFor(instance, outcome.expected ?? instance.attributes);
    const live = scan.reconcile(instance, expected, outcome.attributes);
    const d = diffResource(expected, live, {
      type: instance.type,
      address: instance.address,
      rules: scan.rulesFor(provider),
      packs: scan.packs,
      read: outcome.read,
      sensitivePaths: instance.sensitivePaths,
      ignorePaths: scan.ignorePathsFor(instance),
      revealSensitive: scan.revealSensitive,
    });
    return makeReport(
      instance,
      provider.name,
      d.patch.length > 0 ? 'drifted' : 'in-sync',
      scan.several,
      {
        patch: d.patch,
        changes: d.changes,
        notChecked: d.notChecked,
        details:
          outcome.details === undefined
            ? undefined
            : scrubDetails(outcome.details, scan.scrubber()),
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return errorReport(
      instance,
      provider.name,
      { code: 'DIFF_FAILED', message: scrubMessage(message, scan.scrubber()), retryable: false },
      scan.several,
    );
  }
}
