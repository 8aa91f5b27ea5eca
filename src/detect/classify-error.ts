/**
 * Turns whatever a provider returned or threw into the `{ code, message, retryable }` a
 * report carries: classified, truncated, and scrubbed of the instance's secret values.
 */
import { isTfdriftError } from '../errors.js';
import type { ReadError } from '../providers/types.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import { THROTTLING_CODES } from '../shared/throttling-codes.js';
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

const SECRET_NAME =
  /(^|_)(password|passwd|secret|token|private_key|api_key|access_key|credentials?)($|_)/i;

function valueAt(attributes: unknown, pointer: string): unknown {
  if (pointer === '') return attributes;
  let node = attributes;
  for (const raw of pointer.slice(1).split('/')) {
    if (typeof node !== 'object' || node === null) return undefined;
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function collectStrings(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    // Very short values ("", "1", "on") would blank out ordinary words; they carry no secret.
    if (value.length >= 4) into.add(value);
  } else if (typeof value === 'number' && String(value).length >= 4) {
    into.add(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectStrings(item, into, depth + 1);
  }
}

/**
 * The secret values of some instances: everything under their `sensitivePaths`, plus
 * top-level attributes whose names say they hold a secret (password, token, private_key...).
 * @internal
 */
export function secretValuesOf(instances: readonly ResourceInstance[]): string[] {
  const secrets = new Set<string>();
  for (const instance of instances) {
    for (const pointer of instance.sensitivePaths) {
      collectStrings(valueAt(instance.attributes, pointer), secrets);
    }
    for (const [name, value] of Object.entries(instance.attributes)) {
      if (SECRET_NAME.test(name)) collectStrings(value, secrets);
    }
  }
  return [...secrets];
}

/** Replaces every secret in `message` with `[REDACTED]` and truncates it. @internal */
export function scrubMessage(message: string, secrets: readonly string[]): string {
  let out = scrubSecrets(message, secrets);
  if (out.length > MAX_ERROR_MESSAGE) out = `${out.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
  return out;
}
