/**
 * What `watchDrift` yields: only news. A drift is opened once, updated when its patch or
 * status changes, and resolved when it is gone; scans and sink failures are reported too.
 */
import type { Operation } from 'fast-json-patch';
import type { Change } from '../model/change.js';
import type { DriftSummary, Remediation, ResourceStatus } from '../model/report.js';
import type { ChangeActor } from './change-event.js';

/** What made watchDrift look at a resource: a full scan, a change event, or a state change. @public */
export type WatchTrigger = 'scan' | 'event' | 'state' | 'confirm';

/** The status of an open drift: a resource report status, or `unmanaged` for a live object no state holds. @public */
export type WatchDriftStatus = ResourceStatus | 'unmanaged';

/**
 * A drift opened, updated or resolved.
 * @public
 */
export interface DriftEvent {
  /** `drift-opened` the first time, `drift-updated` when its patch or status changes, `drift-resolved` when it is gone. */
  type: 'drift-opened' | 'drift-updated' | 'drift-resolved';
  /** A stable identity of the drift: the state source, the address and the deposed key (or `unmanaged:<type>:<id>`). */
  key: string;
  /** The Terraform address (for an unmanaged object, `<type>.<id>`). */
  address: string;
  /** The deposed key, for a deposed object. */
  deposed?: string;
  /** The resource type. */
  resourceType: string;
  /** The object's id, when known. */
  id?: string;
  /** The state source it belongs to, when several states are watched. */
  source?: string;
  /** The status now: `drifted`, `missing` or `unmanaged` while open; `in-sync` (or `removed` from state) once resolved. */
  status: WatchDriftStatus | 'removed';
  /** The RFC 6902 patch from the state to the live side (empty once resolved). */
  patch: Operation[];
  /** The same changes for people; secret values redacted unless `revealSensitive`. */
  changes: Change[];
  /** Who made the change, when a change event said so. */
  actor?: ChangeActor;
  /** The change event's name (the API call), when a change event revealed the drift. */
  eventName?: string;
  /** When the change event that revealed the drift happened (ISO 8601). */
  eventAt?: string;
  /** What to do about it, when the scan said so. */
  remediation?: Remediation;
  /** When the drift was first seen (ISO 8601). */
  firstSeen: string;
  /** When it was last seen (ISO 8601); for `drift-resolved`, when it was found gone. */
  lastSeen: string;
  /** What made watchDrift look. */
  trigger: WatchTrigger;
}

/** A full scan finished. @public */
export interface ScanCompletedEvent {
  /** The event type. */
  type: 'scan-completed';
  /** When it finished (ISO 8601). */
  at: string;
  /** How long it took. */
  durationMs: number;
  /** Counts by status. */
  summary: DriftSummary;
  /** How many drifts are open now. */
  openDrift: number;
}

/** A full scan or a re-check failed as a whole (a state that cannot be loaded, a provider that cannot work). @public */
export interface ScanFailedEvent {
  /** The event type. */
  type: 'scan-failed';
  /** When (ISO 8601). */
  at: string;
  /** What was running. */
  trigger: WatchTrigger;
  /** What went wrong, with no secret in it. */
  error: { code: string; message: string };
}

/** A watched state changed (a new serial, or new content). @public */
export interface StateChangedEvent {
  /** The event type. */
  type: 'state-changed';
  /** When it was noticed (ISO 8601). */
  at: string;
  /** The state source. */
  source: string;
  /** The new serial, when known. */
  serial?: number;
  /** How many instances were re-checked because of it. */
  rechecked: number;
}

/** A sink failed to deliver an event; the delivery stays in the outbox and is retried. @public */
export interface SinkFailedEvent {
  /** The event type. */
  type: 'sink-failed';
  /** When (ISO 8601). */
  at: string;
  /** The sink's id. */
  sink: string;
  /** The drift event's key. */
  key: string;
  /** How many attempts were made so far. */
  attempts: number;
  /** What went wrong (no URL query, no secret). */
  message: string;
}

/** Everything `watchDrift` yields. @public */
export type WatchEvent =
  DriftEvent | ScanCompletedEvent | ScanFailedEvent | StateChangedEvent | SinkFailedEvent;

/** Whether a watch event is a drift event (opened, updated or resolved). @public */
export function isDriftEvent(event: WatchEvent): event is DriftEvent {
  return (
    event.type === 'drift-opened' ||
    event.type === 'drift-updated' ||
    event.type === 'drift-resolved'
  );
}
