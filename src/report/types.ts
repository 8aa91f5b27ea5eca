/**
 * The drift report: what `detectDrift` returns and what every formatter reads.
 */
import type { Operation } from 'fast-json-patch';
import type { LiveResource } from '../providers/types.js';

/** The status of one managed resource instance. @public */
export type ResourceStatus = 'in-sync' | 'drifted' | 'missing' | 'unknown' | 'unsupported';

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

/** Why a resource is `unknown`. @public */
export interface ResourceError {
  /** A stable code, e.g. `AccessDenied`, `TIMEOUT`, `ABORTED`, `PROVIDER_BUG`. */
  code: string;
  /** What went wrong, with no secret in it. */
  message: string;
  /** Whether a later run may succeed. */
  retryable: boolean;
}

/** The verdict for one managed resource instance in state. @public */
export interface ResourceReport {
  /** Terraform's address of the instance (deposed objects carry their key in `deposed`). */
  address: string;
  /** The deposed key, for a deposed object. */
  deposed?: string;
  /** The resource type. */
  type: string;
  /** The provider (tfdrift provider name) that read it, or the state's provider address when none did. */
  provider: string;
  /** The object's id. */
  id?: string;
  /** The verdict. */
  status: ResourceStatus;
  /** The RFC 6902 patch that turns the state attributes into the live attributes (normalized). Empty unless `drifted`. */
  patch: Operation[];
  /** The same changes, with both values, for people. */
  changes: Change[];
  /** Pointers that hold a value in state but could not be compared (not read, write-only). */
  notChecked?: string[];
  /** Why the status is `unknown`. */
  error?: ResourceError;
  /** The state source the instance came from, when several states were scanned. */
  source?: string;
  /** Extra provider details (for example who changed the resource, from CloudTrail). */
  details?: Record<string, unknown>;
  /**
   * What to do about it, with the exact command: set by `detectDrift` on `drifted` and
   * `missing` resources, under its `remediation` policy.
   */
  remediation?: Remediation;
}

/**
 * What to do about a drifted, missing or unmanaged resource, with the exact command.
 * @public
 */
export interface Remediation {
  /**
   * The action: `replace` (recreate from code, the immutable default for drift), `revert`
   * (apply the code over the live change), `recreate` (a missing resource), `import` or
   * `delete` (an unmanaged resource), `accept` (take the live value into state and code).
   */
  action: 'replace' | 'revert' | 'recreate' | 'import' | 'delete' | 'accept';
  /** One line for people, e.g. `Replace aws_instance.web from code`. */
  summary: string;
  /** The exact shell command, e.g. `terraform apply -replace='aws_instance.web'`. */
  command?: string;
  /** Code to add, e.g. an HCL `import` block. */
  code?: string;
}

/**
 * Counts by status, and how much was compared. `total` is the sum of the five resource
 * statuses, and also of `checked + partiallyChecked + notChecked`.
 * @public
 */
export interface DriftSummary {
  /** Managed instances in the scanned states (after sharding). */
  total: number;
  /** Instances read whose normalized patch is empty. */
  inSync: number;
  /** Instances read whose normalized patch is not empty. */
  drifted: number;
  /** Instances the provider has evidence are gone. */
  missing: number;
  /** Instances whose read failed. */
  unknown: number;
  /** Instances no provider handles. */
  unsupported: number;
  /** Unmanaged live resources found (not part of `total`). */
  unmanaged: number;
  /** The share of instances whose live side was checked: (inSync + drifted + missing) / total, 1 when total is 0. */
  coverage: number;
  /** Instances read and compared in full: missing ones, and in-sync or drifted ones with nothing left in `notChecked`. */
  checked: number;
  /** Instances read whose state holds values that were not compared (a non-empty `notChecked`). */
  partiallyChecked: number;
  /** Instances whose live side was not compared at all: `unknown + unsupported`. */
  notChecked: number;
  /** The `notChecked` pointers of the partially checked instances, summed. */
  notCheckedAttributes: number;
}

/** A state that took part in the scan. @public */
export interface StateReference {
  /** The source name, with credentials removed. */
  source: string;
  /** The state serial, when known. */
  serial?: number;
  /** The state lineage, when known. */
  lineage?: string;
}

/** Something the reader should know about the scan as a whole. @public */
export interface Alert {
  /** A stable code, e.g. `declared-not-in-state`, `config-unreadable`, `list-failed`. */
  code: string;
  /** What happened. */
  message: string;
  /** The addresses concerned. */
  addresses?: string[];
}

/** The result of a drift scan. @public */
export interface DriftReport {
  /** The version of this shape. */
  schemaVersion: 1;
  /** When the scan finished (ISO 8601). */
  generatedAt: string;
  /** How long the scan took. */
  durationMs: number;
  /** The states scanned. */
  states: StateReference[];
  /** Counts by status. */
  summary: DriftSummary;
  /** One entry per managed instance in state, sorted by address (then deposed key). */
  resources: ResourceReport[];
  /** Live resources of managed types that no given state holds. */
  unmanaged: LiveResource[];
  /** Scan-wide notes. */
  alerts: Alert[];
}
