/**
 * Combining shard reports: the report one run over all instances would have given.
 */
import { ProviderConfigError } from '../errors.js';
import type { LiveResource } from '../providers/types.js';
import type { DriftReport, ResourceReport } from '../report/types.js';
import { compareLive, compareResources, mergeAlerts, summarize } from './summarize.js';

/**
 * Merges the reports of the shards of one scan (`detectDrift({ shard: { index, count } })`)
 * into the report a single run would have given: resources in the same order, summary
 * recomputed, unmanaged resources and alerts de-duplicated. `generatedAt` is the latest
 * shard's, `durationMs` the longest (shards run side by side).
 *
 * @throws {@link ProviderConfigError} when given no report.
 * @example
 * ```ts
 * const shards = await Promise.all(
 *   [0, 1, 2].map((index) => detectDrift({ state, providers, shard: { index, count: 3 } })),
 * );
 * const report = mergeReports(shards);
 * ```
 * @public
 */
export function mergeReports(reports: DriftReport[]): DriftReport {
  const first = reports[0];
  if (!first) {
    throw new ProviderConfigError('mergeReports needs at least one report', {
      issues: [{ path: '', message: 'empty array' }],
    });
  }
  const resources: ResourceReport[] = [];
  const unmanaged = new Map<string, LiveResource>();
  let generatedAt = first.generatedAt;
  let durationMs = 0;
  for (const report of reports) {
    resources.push(...report.resources);
    for (const live of report.unmanaged) {
      const key = `${live.type}\u0000${live.id}`;
      if (!unmanaged.has(key)) unmanaged.set(key, live);
    }
    if (report.generatedAt > generatedAt) generatedAt = report.generatedAt;
    durationMs = Math.max(durationMs, report.durationMs);
  }
  resources.sort(compareResources);
  const live = [...unmanaged.values()].sort(compareLive);
  return {
    schemaVersion: 1,
    generatedAt,
    durationMs,
    states: first.states,
    summary: summarize(resources, live.length),
    resources,
    unmanaged: live,
    alerts: mergeAlerts(reports.flatMap((r) => r.alerts)),
  };
}
