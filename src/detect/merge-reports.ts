/**
 * Combining shard reports: the report one run over all instances would have given.
 */
import { InvalidOptionError } from '../errors.js';
import type { LiveResource } from '../model/live-resource.js';
import { describeIssues, reportIssues } from '../report/parse-report.js';
import type { DriftReport, ResourceReport, StateReference } from '../model/report.js';
import { compareLive, compareResources, mergeAlerts, summarize } from './summarize.js';

/**
 * Merges the reports of the shards of one scan (`detectDrift({ shard: { index, count } })`)
 * into the report a single run would have given: resources in the same order, summary
 * recomputed, unmanaged resources and alerts de-duplicated. `generatedAt` is the latest
 * shard's, `durationMs` the longest (shards run side by side).
 *
 * It also combines reports of different states (a CI matrix over workspaces): `states` is
 * the union of every report's states, and a live resource one report calls unmanaged is
 * dropped when another report manages the same type and id.
 *
 * Every report is validated as {@link parseReport} validates it first: shard reports are usually
 * read back from files, and a formatter must never be handed a status, an operation or a
 * number that is really markup.
 *
 * @throws {@link InvalidOptionError} when given no report, or a report that is not a valid
 * `DriftReport` (`option` is the first bad spot and `issues` holds each, as
 * `/<report index>/<path>`).
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
  return mergeValid(validated(reports));
}

/** {@link mergeReports} of reports known to be valid. */
function mergeValid(reports: DriftReport[]): DriftReport {
  const first = reports[0];
  if (!first) {
    throw new InvalidOptionError('mergeReports needs at least one report', {
      option: '',
      issues: [{ path: '', message: 'empty array' }],
    });
  }
  const resources: ResourceReport[] = [];
  const unmanaged = new Map<string, LiveResource>();
  const states = new Map<string, StateReference>();
  let generatedAt = first.generatedAt;
  let durationMs = 0;
  for (const report of reports) {
    // Reports of different states: keep equal addresses of two workspaces apart, as a
    // single run over several states does.
    const only = report.states.length === 1 ? report.states[0]?.source : undefined;
    const tag = only !== undefined && reports.some((r) => r.states.some((x) => x.source !== only));
    for (const resource of report.resources)
      resources.push(
        tag && resource.source === undefined ? { ...resource, source: only } : resource,
      );
    for (const state of report.states) {
      const key = `${state.source}\u0000${state.lineage ?? ''}\u0000${state.serial ?? ''}`;
      if (!states.has(key)) states.set(key, state);
    }
    for (const live of report.unmanaged) {
      const key = `${live.type}\u0000${live.id}`;
      if (!unmanaged.has(key)) unmanaged.set(key, live);
    }
    if (report.generatedAt > generatedAt) generatedAt = report.generatedAt;
    durationMs = Math.max(durationMs, report.durationMs);
  }
  resources.sort(compareResources);
  const managed = new Set(resources.map((r) => `${r.type}\u0000${r.id ?? ''}`));
  const live = [...unmanaged.entries()]
    .filter(([key]) => !managed.has(key))
    .map(([, resource]) => resource)
    .sort(compareLive);
  return {
    schemaVersion: 1,
    generatedAt,
    durationMs,
    states: [...states.values()],
    summary: summarize(resources, live.length),
    resources,
    unmanaged: live,
    alerts: mergeAlerts(reports.flatMap((r) => r.alerts)),
  };
}

/** The reports, checked against the report schema. */
function validated(reports: readonly unknown[]): DriftReport[] {
  if (!Array.isArray(reports)) {
    throw new InvalidOptionError('mergeReports needs an array of reports', {
      option: '',
      issues: [{ path: '', message: `got ${typeof reports}` }],
    });
  }
  return reports.map((report, index) => {
    const found = reportIssues(report, `/${index}`);
    // The report itself, not the schema's copy: the merge keeps each entry's key order.
    if (found.total === 0) return report as DriftReport;
    throw new InvalidOptionError(
      `mergeReports: report ${index} is not a valid DriftReport: ${describeIssues(found)}`,
      { option: found.issues[0]?.path ?? `/${index}`, issues: found.issues },
    );
  });
}
