/**
 * The ledger of open drift: turns what a read found into news. A drift is opened once
 * (after confirmation), updated when its patch or status changes, and resolved when the
 * resource is in sync again or left the state. An `unknown` read changes nothing: a failed
 * read is no evidence either way.
 */
import type { LiveResource } from '../providers/types.js';
import type { ResourceReport } from '../report/types.js';
import type { ChangeActor } from './change-event.js';
import { instanceKey, unmanagedKey } from './instance-key.js';
import type { DriftEvent, WatchTrigger } from './watch-event.js';
import type { OpenDrift } from './watch-store.js';

/** Why and when a resource was looked at. @internal */
export interface Observation {
  trigger: WatchTrigger;
  /** When the read started (ISO 8601). */
  at: string;
  actor?: ChangeActor;
  eventName?: string;
  eventAt?: string;
}

/** What a finding means for the ledger. @internal */
export type Verdict =
  { kind: 'none' } | { kind: 'candidate'; key: string } | { kind: 'event'; event: DriftEvent };

const OPEN_STATUSES = new Set(['drifted', 'missing']);

/** Whether a report is drift that can be opened. @internal */
export function isDrift(report: ResourceReport): boolean {
  return OPEN_STATUSES.has(report.status);
}

function samePatch(a: OpenDrift, b: { status: string; patch: unknown }): boolean {
  return a.status === b.status && JSON.stringify(a.patch) === JSON.stringify(b.patch);
}

function withContext(drift: OpenDrift, seen: Observation): OpenDrift {
  if (seen.actor) drift.actor = seen.actor;
  if (seen.eventName !== undefined) drift.eventName = seen.eventName;
  if (seen.eventAt !== undefined) drift.eventAt = seen.eventAt;
  return drift;
}

function openFromReport(report: ResourceReport, seen: Observation, firstSeen: string): OpenDrift {
  const drift: OpenDrift = { key: instanceKey(report), address: report.address } as OpenDrift;
  if (report.deposed !== undefined) drift.deposed = report.deposed;
  drift.resourceType = report.type;
  if (report.id !== undefined) drift.id = report.id;
  if (report.source !== undefined) drift.source = report.source;
  drift.status = report.status;
  drift.patch = report.patch;
  drift.changes = report.changes;
  if (report.remediation) drift.remediation = report.remediation;
  drift.firstSeen = firstSeen;
  drift.lastSeen = seen.at;
  return withContext(drift, seen);
}

function eventOf(type: DriftEvent['type'], drift: OpenDrift, trigger: WatchTrigger): DriftEvent {
  return { type, ...drift, trigger };
}

/** The open drifts, by key, with the rules that turn findings into events. @internal */
export class DriftLedger {
  readonly open: Map<string, OpenDrift>;

  constructor(open: Record<string, OpenDrift>) {
    this.open = new Map(Object.entries(open));
  }

  /**
   * Judges one report. A new drift is opened only when `mayOpen` (it was confirmed, or no
   * confirmation is asked for); otherwise it is a candidate to confirm.
   */
  judge(report: ResourceReport, seen: Observation, mayOpen: boolean): Verdict {
    const key = instanceKey(report);
    const open = this.open.get(key);
    if (report.status === 'unknown') return { kind: 'none' };
    if (isDrift(report)) {
      if (open) {
        if (samePatch(open, report)) {
          open.lastSeen = seen.at;
          return { kind: 'none' };
        }
        const updated = openFromReport(report, seen, open.firstSeen);
        if (!seen.actor && open.actor) updated.actor = open.actor;
        this.open.set(key, updated);
        return { kind: 'event', event: eventOf('drift-updated', updated, seen.trigger) };
      }
      if (!mayOpen) return { kind: 'candidate', key };
      const opened = openFromReport(report, seen, seen.at);
      this.open.set(key, opened);
      return { kind: 'event', event: eventOf('drift-opened', opened, seen.trigger) };
    }
    if (!open) return { kind: 'none' };
    return { kind: 'event', event: this.resolve(key, report.status, seen) as DriftEvent };
  }

  /** Resolves an open drift (`status` is what the resource is now). */
  resolve(key: string, status: DriftEvent['status'], seen: Observation): DriftEvent | undefined {
    const open = this.open.get(key);
    if (!open) return undefined;
    this.open.delete(key);
    const resolved: OpenDrift = { ...open, status, patch: [], changes: [], lastSeen: seen.at };
    delete resolved.remediation;
    return eventOf('drift-resolved', resolved, seen.trigger);
  }

  /**
   * Judges the unmanaged objects of a complete listing: new ones open, those no longer
   * listed resolve. Only call it when the listing did not fail.
   */
  judgeUnmanaged(listed: readonly LiveResource[], seen: Observation): DriftEvent[] {
    const events: DriftEvent[] = [];
    const present = new Set<string>();
    for (const live of listed) {
      const key = unmanagedKey(live.type, live.id);
      present.add(key);
      if (this.open.has(key)) {
        (this.open.get(key) as OpenDrift).lastSeen = seen.at;
        continue;
      }
      const drift: OpenDrift = {
        key,
        address: `${live.type}.${live.id}`,
        resourceType: live.type,
        id: live.id,
        status: 'unmanaged',
        patch: [],
        changes: [],
        firstSeen: seen.at,
        lastSeen: seen.at,
      };
      if (live.remediation !== undefined) {
        drift.remediation = live.remediation;
      } else if (live.importBlock !== undefined) {
        drift.remediation = {
          action: 'import',
          summary: `Import ${live.type} ${live.id} into Terraform, or delete it`,
          code: live.importBlock,
        };
      }
      this.open.set(key, drift);
      events.push(eventOf('drift-opened', drift, seen.trigger));
    }
    for (const [key, drift] of this.open) {
      if (drift.status === 'unmanaged' && !present.has(key)) {
        events.push(this.resolve(key, 'in-sync', seen) as DriftEvent);
      }
    }
    return events;
  }

  /** The open drifts as stored. */
  toRecord(): Record<string, OpenDrift> {
    return Object.fromEntries(this.open);
  }
}
