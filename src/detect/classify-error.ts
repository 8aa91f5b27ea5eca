/**
 * Turns whatever a provider returned or threw into the `{ code, message, retryable }` a
 * report carries: classified, scrubbed of the scan's secret values, then truncated.
 */
import { isTfdriftError } from '../errors.js';
import type { ReadError } from '../providers/types.js';
import { collectSecretValues } from '../diff/secret-values.js';
import { secretPlaces, type SecretTable } from '../diff/secret-places.js';
import { SecretScrubber } from '../shared/scrub-secrets.js';
import { setOwn } from '../shared/set-own.js';
import { THROTTLING_CODES } from '../shared/throttling-codes.js';
import { truncateAtWord } from '../shared/truncate-at-word.js';
import type { ResourceInstance } from '../model/state.js';

/** A classified read error, with the wait the service asked for. @internal */
export interface ClassifiedError {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** Longest error message a report keeps. @internal */
const MAX_ERROR_MESSAGE = 1000;

const KIND_CODES: Record<string, string> = {
  auth: 'AUTH',
  permission: 'PERMISSION',
  throttled: 'THROTTLED',
  timeout: 'TIMEOUT',
  aborted: 'ABORTED',
  transient: 'TRANSIENT',
  'provider-bug': 'PROVIDER_BUG',
  invalid_identity: 'INVALID_IDENTITY',
};

// Node system errors that a later attempt may not meet.
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function isReadError(value: unknown): value is ReadError {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false;
  const v = value as Partial<ReadError>;
  return typeof v.code === 'string' && typeof v.retryable === 'boolean';
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  if (typeof value === 'string') return value;
  try {
    return `Provider failed with a non-error value: ${JSON.stringify(value) ?? String(value)}`;
  } catch {
    return 'Provider failed with a non-error value';
  }
}

function retryAfterOf(value: unknown): number | undefined {
  const ms = (value as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The parts of a thrown or returned value the classification looks at. */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  retryable?: unknown;
  status?: unknown;
  statusCode?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shapeOf(value: unknown): ErrorShape {
  return typeof value === 'object' && value !== null ? value : {};
}

/** The HTTP status a failure carries, in any of the usual places. */
function httpStatusOf(e: ErrorShape): number | undefined {
  for (const candidate of [e.$metadata?.httpStatusCode, e.statusCode, e.status]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

/** The first string code among `code`, `Code` and a `name` other than plain `Error`. */
function codeOf(e: ErrorShape): string | undefined {
  for (const candidate of [e.code, e.Code, e.name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error')
      return candidate;
  }
  return undefined;
}

/** Throttling is retryable whatever carries it: a code, a name, or HTTP 429. */
function isThrottling(e: ErrorShape): boolean {
  return (
    [e.code, e.Code, e.name].some((c) => typeof c === 'string' && THROTTLING_CODES.has(c)) ||
    httpStatusOf(e) === 429
  );
}

/**
 * Classifies a read failure. Order: a {@link ReadError} as given; a tfdrift `ProviderError`
 * by its `kind`; an abort; any other error or object that says whether it is `retryable`
 * (with its `code`); AWS SDK v3 style errors (`$retryable`, `$metadata.httpStatusCode`);
 * throttling by code, name or HTTP 429; Node system errors; anything else is a provider bug,
 * not retried. Throttling is retryable whichever shape carries it.
 * @internal
 */
export function classifyError(value: unknown): ClassifiedError {
  const message = messageOf(value);
  const retryAfterMs = retryAfterOf(value);
  const withWait = (c: ClassifiedError): ClassifiedError =>
    retryAfterMs === undefined ? c : { ...c, retryAfterMs };
  const e = shapeOf(value);
  const throttled = isThrottling(e);

  if (isReadError(value)) {
    return withWait({ code: value.code, message, retryable: value.retryable || throttled });
  }
  if (isTfdriftError(value) && value.code === 'PROVIDER') {
    const p = value as unknown as { kind: string; retryable: boolean };
    return withWait({
      code: KIND_CODES[p.kind] ?? p.kind.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
      message,
      retryable: p.retryable || throttled,
    });
  }
  if (isTfdriftError(value)) {
    return withWait({ code: value.code, message, retryable: false });
  }
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    return { code: 'ABORTED', message, retryable: true };
  }
  if (e.name === 'TimeoutError') return withWait({ code: 'TIMEOUT', message, retryable: true });
  const status = httpStatusOf(e);
  if (typeof e.retryable === 'boolean') {
    const code = codeOf(e) ?? (e.retryable ? 'TRANSIENT' : 'PROVIDER_BUG');
    return withWait({ code, message, retryable: e.retryable || throttled });
  }
  if (e.$retryable !== undefined || typeof e.$metadata?.httpStatusCode === 'number') {
    const code =
      typeof e.name === 'string' && e.name !== 'Error' ? e.name : `HTTP_${String(status)}`;
    const retryable =
      e.$retryable !== undefined || throttled || (typeof status === 'number' && status >= 500);
    return withWait({ code, message, retryable });
  }
  if (throttled) {
    return withWait({ code: codeOf(e) ?? 'HTTP_429', message, retryable: true });
  }
  if (typeof e.code === 'string' && TRANSIENT_SYSTEM_CODES.has(e.code)) {
    return withWait({ code: e.code, message, retryable: true });
  }
  return withWait({ code: 'PROVIDER_BUG', message, retryable: false });
}

/**
 * The secret values of some instances: everything at their sensitive places (state paths and
 * the provider schema's sensitive attributes) and under secret-looking names at any depth.
 * @internal
 */
export function secretValuesOf(
  instances: readonly ResourceInstance[],
  table: SecretTable,
): string[] {
  const secrets = new Set<string>();
  for (const instance of instances) {
    const places = secretPlaces(instance.type, instance.sensitivePaths, table);
    collectSecretValues(instance.attributes, places, secrets);
  }
  return [...secrets];
}

/**
 * A scrubber for the secrets of every given instance, built on first use: a provider's error
 * may quote a secret of any instance of the scan, not only of the batch it was reading.
 * @internal
 */
export function lazyScrubber(
  instances: readonly ResourceInstance[],
  table: SecretTable,
): () => SecretScrubber {
  let scrubber: SecretScrubber | undefined;
  return () => (scrubber ??= new SecretScrubber(secretValuesOf(instances, table)));
}

/**
 * Replaces every secret in `message` with `[REDACTED]`, then truncates it (in that order, so
 * a secret straddling the cut cannot leave its start behind). @internal
 */
export function scrubMessage(message: string, scrubber: SecretScrubber): string {
  return truncateAtWord(scrubber.scrub(message), MAX_ERROR_MESSAGE - 1);
}

/**
 * Provider details with every string value scrubbed of the scan's secrets (formatters keep
 * only scalars, and cut long strings after this). @internal
 */
export function scrubDetails(
  details: Record<string, unknown>,
  scrubber: SecretScrubber,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    setOwn(out, key, typeof value === 'string' ? scrubber.scrub(value) : value);
  }
  return out;
}
