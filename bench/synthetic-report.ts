/**
 * Large drift reports for the format benchmark, built from a real scan: `detectDrift` runs
 * once on a synthetic state of 5,000 instances and its live snapshot (bench/synthetic-state.ts,
 * bench/synthetic-snapshot.ts), and its resource reports are repeated under distinct module
 * addresses up to the requested size. The content (patches, changes, import blocks, status
 * mix) is what the engine produces; a share of in-sync entries is turned into `unknown`
 * (a throttled read) and `unsupported` so every section of every format has entries.
 *
 * Repeated entries share their patch and change arrays, so the report takes less memory
 * than a scan's own would; the formatters' work and output are the same.
 */
import { detectDrift } from '../src/detect/detect-drift.js';
import { snapshotProvider } from '../src/providers/snapshot-provider.js';
import type { DriftReport, ResourceReport } from '../src/model/report.js';
import { parseState } from '../src/state/parse-state.js';
import { generateSnapshot } from './synthetic-snapshot.js';
import { generateState } from './synthetic-state.js';

/** Resources scanned for real; the report repeats them. */
const BASE = 5_000;

function withStatusMix(resources: ResourceReport[]): ResourceReport[] {
  let inSync = 0;
  return resources.map((r) => {
    if (r.status !== 'in-sync') return r;
    inSync++;
    if (inSync % 50 === 0) {
      return {
        ...r,
        status: 'unknown',
        error: { code: 'ThrottlingException', message: 'Rate exceeded', retryable: true },
      };
    }
    if (inSync % 100 === 1) return { ...r, status: 'unsupported', provider: 'none' };
    return r;
  });
}

/** The scan whose entries large reports repeat: run once, handed to each child as JSON. @internal */
export async function generateBaseReport(): Promise<DriftReport> {
  const raw = generateState(BASE, 42);
  const { snapshot } = generateSnapshot(raw, { seed: 7 });
  const report = await detectDrift({
    state: parseState(JSON.stringify(raw), { source: 'synthetic.tfstate' }),
    providers: [snapshotProvider({ data: snapshot })],
    unmanaged: true,
  });
  return { ...report, resources: withStatusMix(report.resources) };
}

/**
 * What the large report looks like: `typical` keeps the scan's mix (about 5% drifted, 2%
 * missing, 2% unknown, 1% unsupported); `all-missing` is a scan against the wrong account or
 * after a region outage, where every resource needs a line in every format.
 * @internal
 */
export type ReportScenario = 'typical' | 'all-missing';

/** A report of `count` resources (and about 1% as many unmanaged objects). @internal */
export function expandReport(
  base: DriftReport,
  count: number,
  scenario: ReportScenario,
): DriftReport {
  const missing = base.resources.find((r) => r.status === 'missing');
  const baseResources =
    scenario === 'all-missing' && missing !== undefined
      ? base.resources.map((r) => ({
          ...missing,
          address: r.address,
          type: r.type,
          provider: r.provider,
          ...(r.id === undefined ? {} : { id: r.id }),
        }))
      : base.resources;
  const resources: ResourceReport[] = new Array<ResourceReport>(count);
  const unmanaged: DriftReport['unmanaged'] = [];
  for (let i = 0; i < count; i++) {
    const copy = Math.floor(i / baseResources.length);
    const r = baseResources[i % baseResources.length] as ResourceReport;
    resources[i] = copy === 0 ? r : { ...r, address: `module.copy_${copy}.${r.address}` };
    if (i % baseResources.length === 0) {
      for (const u of base.unmanaged)
        unmanaged.push(copy === 0 ? u : { ...u, id: `${u.id}-${copy}` });
    }
  }
  const summary = { ...base.summary, total: count, unmanaged: unmanaged.length };
  summary.inSync = summary.drifted = summary.missing = summary.unknown = summary.unsupported = 0;
  for (const r of resources) {
    if (r.status === 'in-sync') summary.inSync++;
    else summary[r.status]++;
  }
  summary.coverage = (count - summary.unknown - summary.unsupported) / count;
  return { ...base, summary, resources, unmanaged };
}
