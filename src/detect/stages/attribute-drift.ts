/**
 * Stage "attribute": providers that can explain drift (who changed what, when) are asked
 * about their drifted resources, once per provider, after the diff. Attribution is a bonus:
 * a failure or a hang only adds an `attribution-failed` alert, and the answers are scrubbed
 * of the scan's secrets before they join the entries' `details`.
 */
import type { AttributionTarget, Provider } from '../../providers/types.js';
import type { Alert, ResourceReport } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import { raceAbort } from '../abort.js';
import { classifyError, scrubDetails, scrubMessage } from '../classify-error.js';
import { ReadTimeout, startWatchdog } from '../read-watchdog.js';
import type { ScanContext } from './scan-context.js';

/** What {@link attributeDrift} needs of the scan. @internal */
export type AttributeContext = Pick<
  ScanContext,
  'signal' | 'contextFor' | 'timeoutFor' | 'giveUp' | 'scrubber'
>;

function targetsByProvider(
  providers: readonly Provider[],
  checked: readonly { instance: ResourceInstance; report: ResourceReport }[],
): Map<Provider, AttributionTarget[]> {
  const withAttribution = providers.filter((p) => typeof p.attribute === 'function');
  const targetsOf = new Map<Provider, AttributionTarget[]>();
  if (withAttribution.length === 0) return targetsOf;
  for (const { instance, report } of checked) {
    if (report.status !== 'drifted') continue;
    const provider = withAttribution.find((p) => p.name === report.provider);
    if (!provider) continue;
    let list = targetsOf.get(provider);
    if (!list) targetsOf.set(provider, (list = []));
    list.push({ instance, report });
  }
  return targetsOf;
}

async function attributeWith(
  provider: Provider,
  targets: AttributionTarget[],
  scan: AttributeContext,
): Promise<Alert | undefined> {
  const { signal } = scan;
  const watchdog = startWatchdog(
    scan.contextFor(provider),
    scan.timeoutFor(provider),
    `Provider ${provider.name} attribute`,
  );
  try {
    const attribute = provider.attribute?.bind(provider);
    if (!attribute) return undefined;
    const answers = await raceAbort(watchdog.race(attribute(targets, watchdog.ctx)), signal);
    const byAddress = new Map<string, Record<string, unknown>>();
    for (const a of Array.isArray(answers) ? answers : []) {
      if (typeof a?.address === 'string' && typeof a.details === 'object' && a.details !== null) {
        byAddress.set(a.address, a.details);
      }
    }
    for (const { report } of targets) {
      const details = byAddress.get(report.address);
      if (details)
        report.details = { ...report.details, ...scrubDetails(details, scan.scrubber()) };
    }
    return undefined;
  } catch (error) {
    if (signal.aborted) return undefined;
    if (error instanceof ReadTimeout) scan.giveUp();
    return {
      code: 'attribution-failed',
      message: `Provider ${provider.name} could not attribute drift: ${scrubMessage(classifyError(error).message, scan.scrubber())}`,
    };
  } finally {
    watchdog.stop();
  }
}

/**
 * Asks each of `providers` that has `attribute` about the drifted entries among `checked`
 * that it read, and merges the answers into those entries' `details` (in place). Resolves
 * with the alerts of the providers that failed; never rejects.
 * @internal
 */
export async function attributeDrift(
  providers: readonly Provider[],
  checked: readonly { instance: ResourceInstance; report: ResourceReport }[],
  scan: AttributeContext,
): Promise<Alert[]> {
  if (scan.signal.aborted) return [];
  const targetsOf = targetsByProvider(providers, checked);
  const alerts = await Promise.all(
    [...targetsOf].map(([provider, targets]) => attributeWith(provider, targets, scan)),
  );
  return alerts.filter((a): a is Alert => a !== undefined);
}
