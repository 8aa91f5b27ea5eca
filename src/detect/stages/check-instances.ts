/**
 * Checking instances against the live side: read (read-instances.ts), reconcile owned parts
 * and diff (diff-outcome.ts), report the instances left unread as `unknown` `ABORTED`, then
 * attribute the drift (attribute-drift.ts). `detectDrift` runs it once over the routed
 * instances of a scan; a caller that keeps a scan's context (continuous detection) runs
 * {@link checkInstances} to re-check a handful of instances without reloading the states
 * or listing the estate again.
 */
import type { Alert, ResourceReport } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import { errorReport, makeReport } from '../resource-report.js';
import { attributeDrift } from './attribute-drift.js';
import { diffOutcome } from './diff-outcome.js';
import { readInstances } from './read-instances.js';
import type { Routing } from './route-instances.js';
import { routeInstances } from './route-instances.js';
import type { ScanContext } from './scan-context.js';

/** The entries of the instances checked, and what the scan should know. @internal */
export interface CheckResult {
  /** One entry per instance, in the order of the instances given. */
  reports: ResourceReport[];
  /** `provider-extra-results` and `attribution-failed` alerts. */
  alerts: Alert[];
  /** How many instances were not read because the scan was aborted. */
  notRead: number;
}

const NOT_READ = {
  code: 'ABORTED',
  message: 'The scan was aborted before this resource was read',
  retryable: true,
};

/**
 * Checks `instances` as routed by `routing` (which must come from the same instances).
 * Preflight checks are the caller's, once per scan, before this. Never rejects on a failed
 * read, diff or attribution.
 * @internal
 */
export async function checkRouted(
  instances: readonly ResourceInstance[],
  routing: Routing,
  scan: ScanContext,
): Promise<CheckResult> {
  const found = new Map<ResourceInstance, ResourceReport>();
  for (const instance of routing.unsupported) {
    found.set(instance, makeReport(instance, instance.provider, 'unsupported', scan.several));
  }
  const alerts = await readInstances(routing.byProvider, scan, (instance, provider, outcome) => {
    found.set(instance, diffOutcome(instance, provider, outcome, scan));
  });
  let notRead = 0;
  const checked = instances.map((instance) => {
    let report = found.get(instance);
    if (report === undefined) {
      report = errorReport(
        instance,
        scan.route(instance)?.name ?? instance.provider,
        NOT_READ,
        scan.several,
      );
      notRead++;
    }
    return { instance, report };
  });
  alerts.push(...(await attributeDrift([...routing.byProvider.keys()], checked, scan)));
  return { reports: checked.map((c) => c.report), alerts, notRead };
}

/**
 * Re-checks `instances` with the context of a scan already made (see `createScanContext`):
 * route, read, reconcile owned parts, diff and attribute, as `detectDrift` does, without
 * loading states, running preflights or listing. The entries come back in the order given.
 * @internal
 */
export function checkInstances(
  instances: readonly ResourceInstance[],
  scan: ScanContext,
): Promise<CheckResult> {
  return checkRouted(instances, routeInstances(instances, scan.route), scan);
}
