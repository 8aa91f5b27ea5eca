/**
 * Redaction shared by every formatter. The diff engine already redacts sensitive values, but a
 * formatter is the last line of defence: it never prints `expected`/`actual` of a change marked
 * sensitive, nor a patch value that holds (or sits inside) a sensitive path, nor provider
 * `details` as they came.
 */
import type { Operation } from 'fast-json-patch';
import { scrubCredentialPatterns } from '../shared/credential-patterns.js';
import { isSecretName, isSecretPairValue } from '../shared/secret-names.js';
import type { Change } from '../model/change.js';
import type { ResourceReport } from '../model/report.js';

/** What formatters print in place of a secret. @internal */
export const REDACTED = '(sensitive)';

/** Detail keys whose values are never printed, whatever the provider put there. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|credential|private|api[-_]?key|auth/i;

function secretKey(key: string): boolean {
  return SECRET_KEY.test(key) || isSecretName(key);
}

/** Longest detail string kept; details are for context, not payloads. */
const MAX_DETAIL_LENGTH = 200;

/** The value of one side of a change, redacted unless revealing is allowed. @internal */
export function changeValue(change: Change, side: 'expected' | 'actual', reveal: boolean): unknown {
  if (change.sensitive && !reveal) return REDACTED;
  return change[side];
}

/** Whether `a` equals `b` or one is a prefix of the other on a pointer-token boundary. */
function overlaps(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short === '' || long.startsWith(`${short}/`);
}

/** The sensitive paths of a resource: changes marked sensitive. */
function sensitivePaths(resource: ResourceReport): string[] {
  return resource.changes.filter((c) => c.sensitive).map((c) => c.path);
}

/**
 * The resource's patch with every value that touches a sensitive change replaced by
 * {@link REDACTED}. @internal
 */
export function redactedPatch(resource: ResourceReport, reveal: boolean): Operation[] {
  if (reveal) return resource.patch;
  const secret = sensitivePaths(resource);
  if (secret.length === 0) return resource.patch;
  return resource.patch.map((op) => {
    if (!('value' in op) || !secret.some((p) => overlaps(p, op.path))) return op;
    return { ...op, value: REDACTED } as Operation;
  });
}

/** A detail value reduced to a printable scalar. */
function safeDetailValue(key: string, value: unknown): string | number | boolean | undefined {
  if (secretKey(key)) return REDACTED;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    // Scrubbed before the cut: a credential cut in half no longer has its shape.
    const safe = scrubCredentialPatterns(value, REDACTED);
    return safe.length > MAX_DETAIL_LENGTH ? `${safe.slice(0, MAX_DETAIL_LENGTH)}…` : safe;
  }
  return undefined;
}

/**
 * Provider details reduced to printable scalars: nested objects are dropped, long strings cut,
 * and keys that look secret redacted. Returns `undefined` when nothing is left. @internal
 */
export function safeDetails(
  details: Record<string, unknown> | undefined,
): Record<string, string | number | boolean> | undefined {
  if (details === undefined) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(details)) {
    const safe = safeDetailValue(key, value);
    if (safe !== undefined) out[key] = safe;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A sensitive change with both values replaced by {@link REDACTED}. */
function redactChange(change: Change): Change {
  if (!change.sensitive) return change;
  const { op, path, sensitive } = change;
  return {
    op,
    path,
    ...(op !== 'add' ? { expected: REDACTED } : {}),
    ...(op !== 'remove' ? { actual: REDACTED } : {}),
    sensitive,
  };
}

/**
 * A copy of `value` with the values of secret-looking keys (and of `{ name, value }` pairs
 * with a secret name) redacted, at any depth, and credentials recognisable by their shape
 * scrubbed from strings. Used for unmanaged resources' attributes, which come straight from
 * a provider. @internal
 */
export function redactSecretKeys(value: unknown): unknown {
  if (typeof value === 'string') return scrubCredentialPatterns(value, REDACTED);
  if (Array.isArray(value)) return value.map(redactSecretKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      secretKey(k) || isSecretPairValue(record, k) ? REDACTED : redactSecretKeys(v),
    ]),
  );
}

/** A resource report safe to serialize: sensitive values redacted, details reduced. @internal */
export function redactResource(resource: ResourceReport, reveal: boolean): ResourceReport {
  const changes = reveal ? resource.changes : resource.changes.map(redactChange);
  const { details, ...rest } = resource;
  const safe = safeDetails(details);
  return {
    ...rest,
    patch: redactedPatch(resource, reveal),
    changes,
    ...(safe !== undefined ? { details: safe } : {}),
  };
}
