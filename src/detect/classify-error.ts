/**
 * Turns whatever a provider returned or threw into the `{ code, message, retryable }` a
 * report carries: classified, scrubbed of the scan's secret values, then truncated.
 */
import { isTfdriftError } from '../errors.js';
import type { ReadError } from '../providers/types.js';
import { collectSecretValues } from '../diff/secret-values.js';
import { secretPlaces } from '../diff/secret-places.js';
import { SecretScrubber } from '../shared/scrub-secrets.js';
import { setOwn } from '../shared/set-own.js';
import { truncateAtWord } from '../shared/truncate-at-word.js';
import type { ResourceInstance } from '../state/types.js';

/** A classified read error, with the wait the service asked for. @internal */
export interface ClassifiedError {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** Longest error message a report keeps. @internal */
export const MAX_ERROR_MESSAGE = 1000;

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

/**
 * Classifies a read failure. Order: a {@link ReadError} as given; a tfdrift `ProviderError`
 * by its `kind`; an abort; AWS SDK v3 style errors (`$retryable`, `$metadata.httpStatusCode`);
 * Node system errors; anything else is a provider bug, not retried.
 * @internal
 */
export function classifyError(value: unknown): ClassifiedError {
  const message = messageOf(value);
  const retryAfterMs = retryAfterOf(value);
  const withWait = (c: ClassifiedError): ClassifiedError =>
    retryAfterMs === undefined ? c : { ...c, retryAfterMs };

  if (isReadError(value)) {
    return withWait({ code: value.code, message, retryable: value.retryable });
  }
  if (isTfdriftError(value) && value.code === 'PROVIDER') {
    const e = value as unknown as { kind: string; retryable: boolean };
    return withWait({
      code: KIND_CODES[e.kind] ?? e.kind.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
      message,
      retryable: e.retryable,
    });
  }
  if (isTfdriftError(value)) {
    return withWait({ code: value.code, message, retryable: false });
  }
  const e = (typeof value === 'object' && value !== null ? value : {}) as {
    name?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    return { code: 'ABORTED', message, retryable: true };
  }
  if (e.name === 'TimeoutError') return withWait({ code: 'TIMEOUT', message, retryable: true });
  const status = e.$metadata?.httpStatusCode;
  if (e.$retryable !== undefined || typeof status === 'number') {
    const code =
      typeof e.name === 'string' && e.name !== 'Error' ? e.name : `HTTP_${String(status)}`;
    const retryable =
      e.$retryable !== undefined ||
      (typeof status === 'number' && (status === 429 || status >= 500));
    return withWait({ code, message, retryable });
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
export function secretValuesOf(instances: readonly ResourceInstance[]): string[] {
  const secrets = new Set<string>();
  for (const instance of instances) {
    const places = secretPlaces(instance.type, instance.sensitivePaths);
    collectSecretValues(instance.attributes, places, secrets);
  }
  return [...secrets];
}

/**
 * A scrubber for the secrets of every given instance, built on first use: a provider's error
 * may quote a secret of any instance of the scan, not only of the batch it was reading.
 * @internal
 */
export function lazyScrubber(instances: readonly ResourceInstance[]): () => SecretScrubber {
  let scrubber: SecretScrubber | undefined;
  return () => (scrubber ??= new SecretScrubber(secretValuesOf(instances)));
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
