/**
 * The provider contract. A provider reads the live side of the resources it supports and,
 * optionally, lists live resources for unmanaged detection. Providers are plain objects,
 * passed to `detectDrift` explicitly; nothing is registered globally.
 */
import type { RuleSet } from '../diff/types.js';
import type { ResourceInstance } from '../model/state.js';
import type { LiveResource } from '../model/live-resource.js';
import type { ResourceReport } from '../model/report.js';
import type { Pack } from '../packs/types.js';

/** A drifted resource handed to {@link Provider.attribute}: its state instance and its report. @public */
export interface AttributionTarget {
  /** The drifted instance, as in state. */
  instance: ResourceInstance;
  /** Its report entry, with the patch and changes found. */
  report: ResourceReport;
}

/** A classified read failure, as a provider returns it. @public */
export interface ReadError {
  /** A stable code, e.g. `AccessDenied`, `Throttling`, `TIMEOUT`, `ABORTED`. */
  code: string;
  /** A human-readable message with no secret in it. */
  message: string;
  /** Whether the core may retry the read. */
  retryable: boolean;
  /** How long the service asked to wait before retrying. */
  retryAfterMs?: number;
}

/** The outcome of reading one resource instance. @public */
export type ReadResult =
  | {
      /** The instance's address, as in the batch. */
      address: string;
      status: 'found';
      /** The live attributes, shaped like the state's attributes. */
      attributes: Record<string, unknown>;
      /** Top-level attribute names the provider read; when given, only these are compared. */
      read?: string[];
      /** Extra information to attach to the resource report (for example attribution). */
      details?: Record<string, unknown>;
      /**
       * The expected side to compare with, when the provider derives it from the state (for
       * example the state upgraded to the provider's current schema, so that a schema upgrade
       * is not reported as drift). Default: the instance's attributes as stored.
       */
      expected?: Record<string, unknown>;
    }
  | {
      address: string;
      /** The provider has evidence that the object does not exist. */
      status: 'not-found';
    }
  | {
      address: string;
      /** The read failed: the resource is reported `unknown`, never `missing`. */
      status: 'error';
      /** A classified error: a {@link ReadError} or any thrown value (classified by the core). */
      error: ReadError | Error;
    };

/** A progress event. @public */
export interface ProgressEvent {
  /** The phase: loading states, reading resources, listing for unmanaged detection, diffing. */
  phase: 'load' | 'read' | 'list' | 'diff';
  /** Units done in this phase. */
  done: number;
  /** Units in this phase. */
  total: number;
  /** The provider concerned, for `read` and `list`. */
  provider?: string;
}

/** A minimal logger; `console` fits. @public */
export interface Logger {
  /** Detail for troubleshooting. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Normal progress. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Something degraded but the scan goes on. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** Something failed. */
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * A shared rate limiter. `limit(key, perSecond)` resolves when a call keyed by `key` (for
 * example `aws:123456789012:eu-west-1:ec2`) may run; the bucket for a key is created at
 * `perSecond` on first use. Rejects when the scan is aborted.
 * @public
 */
export type RateLimiter = (key: string, perSecond?: number) => Promise<void>;

/** What the core hands a provider on every call. @public */
export interface ProviderContext {
  /** Aborted when the scan is cancelled; pass it to every I/O call. */
  signal: AbortSignal;
  /**
   * Where to log. Never log a secret: the core scrubs the state's secrets from messages and
   * data (unless the caller set `revealSensitive`), but knows nothing of the provider's own.
   */
  logger: Logger;
  /** Report finer progress (optional for providers). */
  onProgress: (event: ProgressEvent) => void;
  /** The scan-wide rate limiter. */
  limit: RateLimiter;
}

/**
 * A provider: reads live resources for the types it supports.
 * @public
 */
export interface Provider {
  /** A stable name used in reports and errors. */
  readonly name: string;
  /**
   * Which instances this provider reads: a predicate (it sees the whole instance, so it can
   * route by provider source or alias), or a list of resource types (`aws_instance`, a
   * prefix glob such as `aws_*`, or `*`). When several providers support an instance, the
   * first one in the `providers` array reads it.
   */
  readonly supports: readonly string[] | ((instance: ResourceInstance) => boolean);
  /**
   * Provider source addresses this provider reads, matched in full
   * (`registry.terraform.io/hashicorp/aws`) or by suffix (`hashicorp/aws`); when given, an
   * instance must match one of them as well as `supports`.
   */
  readonly sources?: readonly string[];
  /**
   * Reads a batch of instances. Return (or yield) one result per address in the batch. A
   * thrown error marks every instance of the batch `unknown` (after retries if it is a
   * retryable {@link ReadError} or `ProviderError`).
   */
  read(
    batch: ResourceInstance[],
    ctx: ProviderContext,
  ): AsyncIterable<ReadResult> | Promise<ReadResult[]>;
  /** Lists live resources of the given types, for unmanaged detection. */
  list?(types: string[], ctx: ProviderContext): AsyncIterable<LiveResource>;
  /**
   * Optional: checks, once per scan and before any `read` or `list`, that the provider can
   * work at all (its SDK is installed, credentials resolve and are accepted, its working
   * directory and binary exist), given the instances it is about to read (possibly none,
   * when it is only asked to `list`). A rejection fails the whole scan with that error,
   * so one clear error (a `ProviderConfigError`) replaces thousands of identical `unknown`
   * resources. Problems of single resources (a permission on one object) belong in `read`.
   */
  preflight?(instances: readonly ResourceInstance[], ctx: ProviderContext): Promise<void>;
  /**
   * Optional: explains drifted resources, e.g. who changed them and when (the AWS provider
   * asks CloudTrail). `detectDrift` calls it once per provider, after the diff, with the
   * instances it reported `drifted`, and merges each returned `details` object into that
   * resource's `ResourceReport.details`. A rejection must not fail the scan.
   */
  attribute?(
    targets: AttributionTarget[],
    ctx: ProviderContext,
  ): Promise<{ address: string; details: Record<string, unknown> }[]>;
  /** Normalization rules this provider contributes, by resource type. */
  readonly rules?: RuleSet;
  /**
   * Packs this provider brings: what tfdrift should know about the state of the Terraform
   * providers it reads (rules, comparators, ownership, secrets). Resolved after the built-in
   * packs and before the caller's `packs`, for every instance of the scan. See docs/packs.md.
   */
  readonly packs?: readonly Pack[];
  /** The largest batch `read` accepts (default 100). */
  readonly maxBatchSize?: number;
  /** How many `read` calls of this provider may run at once (default: the scan's `concurrency`). */
  readonly concurrency?: number;
  /**
   * How long a call of this provider may go without a sign of life before the core gives it
   * up, in milliseconds (default 5 minutes; the scan's `readTimeoutMs` option, when given,
   * wins). A provider that enforces its own, longer timeouts declares them here.
   */
  readonly readTimeoutMs?: number;
  /** Releases clients and processes. */
  close?(): void | Promise<void>;
}
