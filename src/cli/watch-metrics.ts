/**
 * Prometheus metrics of `tfdrift watch`, kept from the events the watch yields: resources by
 * status (last full scan), open drift, scan duration, event lag (from a change event to its
 * drift alert) and sink failures, in the text exposition format.
 */
import type { WatchEvent } from '../index.js';

const STATUSES = ['inSync', 'drifted', 'missing', 'unknown', 'unsupported', 'unmanaged'] as const;
const LABELS: Record<(typeof STATUSES)[number], string> = {
  inSync: 'in-sync',
  drifted: 'drifted',
  missing: 'missing',
  unknown: 'unknown',
  unsupported: 'unsupported',
  unmanaged: 'unmanaged',
};

/** Counters and gauges fed by watch events. */
export class WatchMetrics {
  private resources: Partial<Record<(typeof STATUSES)[number], number>> = {};
  private openDrift = 0;
  private scanSeconds: number | undefined;
  private scans = 0;
  private scanFailures = 0;
  private lagSeconds: number | undefined;
  private sinkFailures = 0;
  private readonly driftEvents = new Map<string, number>();
  /** Whether the last full scan failed. */
  lastScanFailed = false;

  observe(event: WatchEvent): void {
    switch (event.type) {
      case 'scan-completed':
        this.scans++;
        this.lastScanFailed = false;
        this.scanSeconds = event.durationMs / 1000;
        this.openDrift = event.openDrift;
        for (const status of STATUSES) this.resources[status] = event.summary[status];
        break;
      case 'scan-failed':
        this.scanFailures++;
        if (event.trigger === 'scan') this.lastScanFailed = true;
        break;
      case 'sink-failed':
        this.sinkFailures++;
        break;
      case 'drift-opened':
      case 'drift-updated':
      case 'drift-resolved': {
        this.driftEvents.set(event.type, (this.driftEvents.get(event.type) ?? 0) + 1);
        this.openDrift +=
          event.type === 'drift-opened' ? 1 : event.type === 'drift-resolved' ? -1 : 0;
        if (event.eventAt !== undefined && event.type !== 'drift-resolved') {
          const lag = (Date.now() - Date.parse(event.eventAt)) / 1000;
          if (Number.isFinite(lag) && lag >= 0) this.lagSeconds = lag;
        }
        break;
      }
      default:
        break;
    }
  }

  /** The metrics in Prometheus' text format. */
  render(): string {
    const lines: string[] = [];
    const metric = (
      name: string,
      type: string,
      help: string,
      samples: [string, number][],
    ): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric(
      'tfdrift_resources',
      'gauge',
      'Managed instances by status in the last full scan (unmanaged: live objects no state holds).',
      STATUSES.filter((s) => this.resources[s] !== undefined).map((s) => [
        `{status="${LABELS[s]}"}`,
        this.resources[s] as number,
      ]),
    );
    metric('tfdrift_open_drift', 'gauge', 'Drifts open now.', [['', this.openDrift]]);
    metric(
      'tfdrift_scan_duration_seconds',
      'gauge',
      'Duration of the last full scan.',
      this.scanSeconds === undefined ? [] : [['', this.scanSeconds]],
    );
    metric('tfdrift_scans_total', 'counter', 'Full scans completed.', [['', this.scans]]);
    metric('tfdrift_scan_failures_total', 'counter', 'Scans and re-checks that failed.', [
      ['', this.scanFailures],
    ]);
    metric(
      'tfdrift_event_lag_seconds',
      'gauge',
      'Time from the last change event to its drift alert.',
      this.lagSeconds === undefined ? [] : [['', this.lagSeconds]],
    );
    metric('tfdrift_sink_failures_total', 'counter', 'Failed sink delivery attempts.', [
      ['', this.sinkFailures],
    ]);
    metric(
      'tfdrift_drift_events_total',
      'counter',
      'Drift events by type.',
      ['drift-opened', 'drift-updated', 'drift-resolved'].map((t) => [
        `{type="${t}"}`,
        this.driftEvents.get(t) ?? 0,
      ]),
    );
    return `${lines.join('\n')}\n`;
  }
}
