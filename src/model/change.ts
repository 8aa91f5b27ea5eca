/**
 * A change between the state and the live side of one resource, as people read it. The
 * machine-readable form is the RFC 6902 patch (`Operation`, from fast-json-patch). Part of
 * the domain model: the diff produces changes, reports carry them, formatters print them.
 */
import type { Operation } from 'fast-json-patch';

export type { Operation };

/** One change, for people: both values, and whether they are secret. @public */
export interface Change {
  /** The kind of change. */
  op: 'add' | 'remove' | 'replace';
  /** RFC 6901 JSON Pointer into the resource's attributes. */
  path: string;
  /** The value in state (absent for `add`). Redacted when `sensitive` unless `revealSensitive`. */
  expected?: unknown;
  /** The live value (absent for `remove`). Redacted when `sensitive` unless `revealSensitive`. */
  actual?: unknown;
  /** Whether either value is secret. */
  sensitive: boolean;
}
