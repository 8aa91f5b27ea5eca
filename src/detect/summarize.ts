/**
 * Report ordering and counts, shared by `detectDrift` and `mergeReports` so a merged report
 * is byte-identical to a single run.
 */
import type { LiveResource } from '../model/live-resource.js';
import type { Alert, DriftSummary, ResourceReport } from '../model/report.js';

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders resources by address, then deposed key (current object first), then source. @internal */
export function compareResources(a: ResourceReport, b: ResourceReport): number {
  return (
    compareStrings(a.address, b.address) ||
    compareStrings(a.deposed ?? '', b.deposed ?? '') ||
    compareStrings(a.source ?? '', b.source ?? '')
  );
}

/** Orders unmanaged resources by type, then id. @internal */
export function compareLive(a: LiveResource, b: LiveResource): number {
  return compareStrings(a.type, b.type) || compareStrings(a.id, b.id);
}

/** Orders alerts by code, then message. @internal */
function compareAlerts(a: Alert, b: Alert): number {
  return compareStrings(a.code, b.code) || compareStrings(a.message, b.message);
}

/**
 * Counts statuses and how much was compared. `coverage` is the share of instances whose live
 * side was read; `partiallyChecked` are read instances whose state holds values that were not
 * compared (`notChecked`), so `checked + partiallyChecked + notChecked === total`.
 * @internal
 */
export function summarize(resources: readonly ResourceReport[], unmanaged: number): DriftSummary {
  let inSync = 0;
  let drifted = 0;
  let missing = 0;
  let unknown = 0;
  let unsupported = 0;
  let partiallyChecked = 0;
  let notCheckedAttributes = 0;
  for (const r of resources) {
    if (r.status === 'in-sync') inSync++;
    else if (r.status === 'drifted') drifted++;
    else if (r.status === 'missing') missing++;
    else if (r.status === 'unknown') unknown++;
    else unsupported++;
    const skipped = r.notChecked?.length ?? 0;
    if (skipped > 0 && (r.status === 'in-sync' || r.status === 'drifted')) {
      partiallyChecked++;
      notCheckedAttributes += skipped;
    }
  }
  const total = resources.length;
  const read = inSync + drifted + missing;
  return {
    total,
    inSync,
    drifted,
    missing,
    unknown,
    unsupported,
    unmanaged,
    coverage: total === 0 ? 1 : read / total,
    checked: read - partiallyChecked,
    partiallyChecked,
    notChecked: unknown + unsupported,
    notCheckedAttributes,
  };
}

/**
 * Merges alerts with the same code and message (their addresses united and sorted), then
 * sorts them: the same alerts come out whether one scan or several shards raised them.
 * @internal
 */
export function mergeAlerts(alerts: readonly Alert[]): Alert[] {
  const byKey = new Map<string, { alert: Alert; addresses: Set<string> | undefined }>();
  for (const alert of alerts) {
    const key = `${alert.code}\u0000${alert.message}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        alert: { code: alert.code, message: alert.message },
        addresses: alert.addresses ? new Set(alert.addresses) : undefined,
      });
    } else if (alert.addresses) {
      seen.addresses ??= new Set();
      for (const a of alert.addresses) seen.addresses.add(a);
    }
  }
  const out: Alert[] = [];
  for (const { alert, addresses } of byKey.values()) {
    out.push(addresses ? { ...alert, addresses: [...addresses].sort(compareStrings) } : alert);
  }
  return out.sort(compareAlerts);
}
