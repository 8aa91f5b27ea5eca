/**
 * The tfdrift error hierarchy. Every error tfdrift throws is a {@link TfdriftError} with a
 * literal `code`, so callers can branch on `error.code` without `instanceof` (which fails
 * across realms and duplicated installs).
 *
 * Only configuration and state-level problems throw. A failed live read never throws: it
 * becomes an `unknown` resource in the report.
 */

/** Every code a {@link TfdriftError} can carry. @public */
export type TfdriftErrorCode =
  | 'STATE_PARSE'
  | 'STATE_UNSUPPORTED'
  | 'STATE_SOURCE'
  | 'CONFIG_PARSE'
  | 'PROVIDER_CONFIG'
  | 'PROVIDER'
  | 'INVALID_OPTION'
  | 'REPORT_PARSE'
  | 'WATCH_STORE';

/** Options shared by every tfdrift error constructor. @public */
export interface TfdriftErrorOptions {
  /** The underlying error, kept for debugging. Never holds a secret. */
  cause?: unknown;
}

const TFDRIFT_ERROR = Symbol.for('tfdrift.error');

/**
 * Base class of every error tfdrift throws.
 * @public
 */
export abstract class TfdriftError extends Error {
  /** A stable, machine-readable code. */
  abstract readonly code: TfdriftErrorCode;

  constructor(message: string, options?: TfdriftErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // A brand for isTfdriftError that survives duplicated installs and realms.
    Object.defineProperty(this, TFDRIFT_ERROR, { value: true });
  }
}

/** One problem found while parsing a state: where (a JSON Pointer) and what. @public */
export interface StateParseIssue {
  /** RFC 6901 JSON Pointer into the state document (`""` is the whole document). */
  path: string;
  /** What is wrong there. */
  message: string;
}

/** Options of {@link StateParseError}. @public */
export interface StateParseErrorOptions extends TfdriftErrorOptions {
  /** The name of the source (a file path, URL, or `<input>`). */
  source?: string;
  /** Every problem found, each with its JSON Pointer. */
  issues?: StateParseIssue[];
  /** A finer code, such as `NOT_JSON`, `TRUNCATED`, `BOM`, `EMPTY`, `TOO_DEEP`, `TOO_LARGE`, `INVALID`. */
  reason?: string;
}

/**
 * The input is meant to be a Terraform state but is malformed: not JSON, truncated, a field
 * of the wrong type, a missing field. `issues` holds the JSON Pointer of every bad spot.
 * @public
 */
export class StateParseError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'StateParseError';
  /** Always `STATE_PARSE`. */
  readonly code = 'STATE_PARSE' as const;
  /** The source name (file path, URL, or `<input>`). */
  readonly source: string;
  /** Each problem with the JSON Pointer where it was found. */
  readonly issues: StateParseIssue[];
  /** A finer classification of the failure. */
  readonly reason: string;
  /** The JSON Pointer of the first bad spot (`""` for the document itself). */
  get pointer(): string {
    return this.issues[0]?.path ?? '';
  }

  constructor(message: string, options: StateParseErrorOptions = {}) {
    super(message, options);
    this.source = options.source ?? '<input>';
    this.issues = options.issues ?? [{ path: '', message }];
    this.reason = options.reason ?? 'INVALID';
  }
}

/** Options of {@link UnsupportedStateError}. @public */
export interface UnsupportedStateErrorOptions extends TfdriftErrorOptions {
  /** The name of the source. */
  source?: string;
  /** What the input was recognised as, e.g. `encrypted`, `backend-config`, `git-crypt`, `age`, `merge-conflict`, `version-2`, `binary-v0`. */
  kind: string;
  /** JSON Pointer of the spot that identified it (for example `/version`). */
  pointer?: string;
}

/**
 * The input was recognised, but it is not a state tfdrift can read: an encrypted state
 * without a passphrase, a `.terraform/terraform.tfstate` backend file, a git-crypt or age
 * file, merge-conflict markers, a format version that is too old or too new, or one of
 * tfdrift's own documents (a live snapshot, a drift report) passed as a state.
 * @public
 */
export class UnsupportedStateError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'UnsupportedStateError';
  /** Always `STATE_UNSUPPORTED`. */
  readonly code = 'STATE_UNSUPPORTED' as const;
  /** The source name. */
  readonly source: string;
  /** What the input was recognised as. */
  readonly kind: string;
  /** JSON Pointer of the identifying spot. */
  readonly pointer: string;

  constructor(message: string, options: UnsupportedStateErrorOptions) {
    super(message, options);
    this.source = options.source ?? '<input>';
    this.kind = options.kind;
    this.pointer = options.pointer ?? '';
  }
}

/** Options of {@link StateSourceError}. @public */
export interface StateSourceErrorOptions extends TfdriftErrorOptions {
  /** The source that failed, with any credential removed. */
  source: string;
  /** HTTP status, when the source answered over HTTP. */
  status?: number;
  /** Whether trying again later may succeed. */
  retryable?: boolean;
  /** A finer code: `TOO_LARGE` when the state is bigger than the `maxBytes` limit. Default `FETCH`. */
  reason?: string;
}

/**
 * A state could not be fetched: a missing file, a 404 from a backend, an auth failure.
 * The message names the source and never contains a credential.
 * @public
 */
export class StateSourceError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'StateSourceError';
  /** Always `STATE_SOURCE`. */
  readonly code = 'STATE_SOURCE' as const;
  /** The source that failed, with any credential removed. */
  readonly source: string;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  /** A finer classification: `TOO_LARGE` (over `maxBytes`) or `FETCH` (any other failure). */
  readonly reason: string;

  constructor(message: string, options: StateSourceErrorOptions) {
    super(message, options);
    this.source = options.source;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.reason = options.reason ?? 'FETCH';
  }
}

/** Options of {@link ConfigParseError}. @public */
export interface ConfigParseErrorOptions extends TfdriftErrorOptions {
  /** The file that failed to parse. */
  file?: string;
  /** 1-based line number, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

/**
 * Terraform configuration could not be read: an HCL syntax error, an unreadable module.
 * @public
 */
export class ConfigParseError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'ConfigParseError';
  /** Always `CONFIG_PARSE`. */
  readonly code = 'CONFIG_PARSE' as const;
  /** The file that failed. */
  readonly file: string | undefined;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** 1-based column, when known. */
  readonly column: number | undefined;

  constructor(message: string, options: ConfigParseErrorOptions = {}) {
    super(message, options);
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }
}

/** Options of {@link ProviderConfigError}. @public */
export interface ProviderConfigErrorOptions extends TfdriftErrorOptions {
  /** The provider's name. */
  provider?: string;
  /** Each invalid option and why. */
  issues?: { path: string; message: string }[];
}

/**
 * A provider was configured wrongly (bad options, a missing optional dependency, two
 * providers claiming the same type in a way that cannot be resolved).
 * @public
 */
export class ProviderConfigError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'ProviderConfigError';
  /** Always `PROVIDER_CONFIG`. */
  readonly code = 'PROVIDER_CONFIG' as const;
  /** The provider's name, when known. */
  readonly provider: string | undefined;
  /** Each invalid option and why. */
  readonly issues: { path: string; message: string }[];

  constructor(message: string, options: ProviderConfigErrorOptions = {}) {
    super(message, options);
    this.provider = options.provider;
    this.issues = options.issues ?? [];
  }
}

/** Options of {@link InvalidOptionError}. @public */
export interface InvalidOptionErrorOptions extends TfdriftErrorOptions {
  /** JSON Pointer of the invalid option in the options object, such as `/retry/attempts`. */
  option: string;
  /** Each bad spot and why, when an argument holds several (such as reports to merge). */
  issues?: { path: string; message: string }[];
}

/**
 * An option of a tfdrift function is out of range or of the wrong type: a concurrency of 0,
 * `retry.attempts: Infinity`, a negative timeout, a shard index past the count. Thrown before
 * any work starts. Problems with a provider's own options are {@link ProviderConfigError}s.
 * @public
 */
export class InvalidOptionError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'InvalidOptionError';
  /** Always `INVALID_OPTION`. */
  readonly code = 'INVALID_OPTION' as const;
  /** JSON Pointer of the invalid option, such as `/retry/attempts`. */
  readonly option: string;
  /** Each bad spot and why (JSON Pointers); empty when `option` says it all. */
  readonly issues: { path: string; message: string }[];

  constructor(message: string, options: InvalidOptionErrorOptions) {
    super(message, options);
    this.option = options.option;
    this.issues = options.issues ?? [];
  }
}

/** Options of {@link ReportParseError}. @public */
export interface ReportParseErrorOptions extends TfdriftErrorOptions {
  /** Every problem found, each with its JSON Pointer into the report. */
  issues?: StateParseIssue[];
  /** A finer code: `NOT_JSON` for text that is not JSON, `INVALID` (default) for any other. */
  reason?: string;
}

/**
 * A drift report read back from storage is not a valid `DriftReport` (schema version 1): not
 * JSON, a missing field, a status or an operation tfdrift never writes. `issues` holds the
 * JSON Pointer of every bad spot.
 * @public
 */
export class ReportParseError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'ReportParseError';
  /** Always `REPORT_PARSE`. */
  readonly code = 'REPORT_PARSE' as const;
  /** Each problem with the JSON Pointer where it was found. */
  readonly issues: StateParseIssue[];
  /** A finer classification of the failure. */
  readonly reason: string;
  /** The JSON Pointer of the first bad spot (`""` for the document itself). */
  get pointer(): string {
    return this.issues[0]?.path ?? '';
  }

  constructor(message: string, options: ReportParseErrorOptions = {}) {
    super(message, options);
    this.issues = options.issues ?? [{ path: '', message }];
    this.reason = options.reason ?? 'INVALID';
  }
}

/** Options of {@link ProviderError}. @public */
export interface ProviderErrorOptions extends TfdriftErrorOptions {
  /** The provider's name. */
  provider?: string;
  /** A classification such as `auth`, `permission`, `throttled`, `timeout`, `aborted`, `transient`, `provider-bug`. */
  kind?: string;
  /** Whether the core may retry the read. */
  retryable?: boolean;
  /** How long the service asked us to wait before retrying. */
  retryAfterMs?: number;
}

/**
 * A live read failed. Providers return (or throw) it; the core retries it when `retryable`
 * and, when retries run out, reports the resource as `unknown` with this error's code and
 * message.
 * @public
 */
export class ProviderError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'ProviderError';
  /** Always `PROVIDER`. */
  readonly code = 'PROVIDER' as const;
  /** The provider's name, when known. */
  readonly provider: string | undefined;
  /** A classification of the failure. */
  readonly kind: string;
  /** Whether retrying may help. */
  readonly retryable: boolean;
  /** How long the service asked us to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message, options);
    this.provider = options.provider;
    this.kind = options.kind ?? 'provider-bug';
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Options of {@link WatchStoreError}. @public */
export interface WatchStoreErrorOptions extends TfdriftErrorOptions {
  /** Where the store lives (a file path), or the store's own name. */
  store: string;
  /** JSON Pointer of the first bad spot in the stored document (`""` for the document itself). */
  pointer?: string;
}

/**
 * The watch store cannot be read or written: its file is not JSON, holds a document of the
 * wrong shape, or cannot be replaced. `watchDrift` fails with it rather than starting over
 * with an empty store, which would alert every open drift again.
 * @public
 */
export class WatchStoreError extends TfdriftError {
  /** The class name, kept through minification. */
  override readonly name = 'WatchStoreError';
  /** Always `WATCH_STORE`. */
  readonly code = 'WATCH_STORE' as const;
  /** Where the store lives. */
  readonly store: string;
  /** JSON Pointer of the first bad spot in the stored document. */
  readonly pointer: string;

  constructor(message: string, options: WatchStoreErrorOptions) {
    super(message, options);
    this.store = options.store;
    this.pointer = options.pointer ?? '';
  }
}

/**
 * Whether `error` is a tfdrift error. Works across realms and duplicated installs, where
 * `instanceof` does not.
 * @public
 */
export function isTfdriftError(error: unknown): error is TfdriftError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[TFDRIFT_ERROR] === true &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
