/**
 * Stage "summarize": the report entries sorted by address, a remediation on every finding
 * (report/remediation.ts, under the caller's policy), the counts, the alerts merged and
 * sorted (summarize.ts, shared with `mergeReports` so a merged report equals a single run),
 * and an `aborted` alert when the scan was cut short.
 */
import type { LiveResource } from '../../model/live-resource.js';
import type { Alert, DriftReport, ResourceReport, StateReference } from '../../model/report.js';
import type { DeleteCommand } from '../../packs/types.js';
import type { RemediationPolicy } from '../../report/remediation.js';
import { attachRemediation } from '../../report/remediation.js';
import { compareResources, mergeAlerts, summarize } from '../summarize.js';

/** What a finished scan found. @internal */
export interface ScanFindings {
  /** `performance.now()` when the scan started. */
  started: number;
  states: StateReference[];
  /** One entry per checked instance, in any order. */
  resources: ResourceReport[];
  unmanaged: LiveResource[];
  alerts: Alert[];
  /** Whether the scan was aborted (some entries are then `ABORTED`, unmanaged incomplete). */
  aborted: boolean;
  /** How findings are remediated (default: the `replace` policy, built-in delete commands). */
  remediation?: {
    policy?: RemediationPolicy | undefined;
    deleteCommands?: ReadonlyMap<string, DeleteCommand>;
  };
}

/** The {@link DriftReport} of a scan. Sorts `findings.resources` in place. @internal */
export function summarizeReport(findings: ScanFindings): DriftReport {
  const alerts = [...findings.alerts];
  if (findings.aborted) {
    alerts.push({
      code: 'aborted',
      message:
        'The scan was aborted: resources not read are reported unknown with code ABORTED, and unmanaged resources may be incomplete',
    });
  }
  const resources = findings.resources.sort(compareResources);
  const { policy, deleteCommands } = findings.remediation ?? {};
  attachRemediation(resources, findings.unmanaged, policy, alerts, deleteCommands);
  return {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - findings.started),
    states: findings.states,
    summary: summarize(resources, findings.unmanaged.length),
    resources,
    unmanaged: findings.unmanaged,
    alerts: mergeAlerts(alerts),
  };
}
