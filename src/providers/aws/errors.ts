/**
 * Classification of AWS SDK failures into {@link ReadError}s. The one rule that matters: a
 * failed call is never evidence that an object is gone. Only a handler's declared not-found
 * codes (checked by the handler) turn into `not-found`; everything else is an error.
 */
import { ProviderError } from '../../errors.js';
import { THROTTLING_CODES } from '../../shared/throttling-codes.js';
import type { ReadError } from '../types.js';

const PERMISSION_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
  'AllAccessDisabled',
]);

const AUTH_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidToken',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
  'TokenProviderError',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** The parts of an AWS SDK v3 error this module looks at. */
interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * The AWS error code of a thrown value: the SDK puts it in `name` (modelled errors) or `Code`
 * (unmodelled ones); Node network failures carry it in `code`.
 * @internal
 */
function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const e = error as SdkErrorLike;
  for (const candidate of [e.Code, e.code, e.name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error')
      return candidate;
  }
  return 'UnknownError';
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as SdkErrorLike).$metadata?.httpStatusCode;
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const header = (error as SdkErrorLike).$response?.headers?.['retry-after'];
  if (header === undefined) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * An SDK message on one line. It is not cut here: the core scrubs it of the scan's secrets
 * first and cuts it after, so a secret straddling the cut cannot leave its start behind.
 */
function shortMessage(error: unknown): string {
  const raw =
    typeof error === 'object' && error !== null ? (error as SdkErrorLike).message : undefined;
  const text = typeof raw === 'string' ? raw : '';
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Classifies a failed AWS call. `action` is the IAM action (`ec2:DescribeInstances`), named
 * in every message so that a permission error says which permission is missing.
 * @internal
 */
export function classifyAwsError(error: unknown, action: string): ReadError {
  const code = awsErrorCode(error);
  const status = statusOf(error);
  const detail = shortMessage(error);
  const suffix = detail === '' ? '' : `: ${detail}`;
  if (code === 'AbortError' || code === 'ABORTED') {
    return { code: 'ABORTED', message: `${action} was aborted`, retryable: false };
  }
  if (THROTTLING_CODES.has(code) || status === 429) {
    const retryAfterMs = retryAfterOf(error);
    return {
      code,
      message: `${action} was throttled${suffix}`,
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (PERMISSION_CODES.has(code) || (status === 403 && !AUTH_CODES.has(code))) {
    return {
      code,
      message: `Permission denied: the credentials may not call ${action}${suffix}`,
      retryable: false,
    };
  }
  if (AUTH_CODES.has(code)) {
    return {
      code,
      message: `Authentication failed calling ${action} (expired or invalid credentials)${suffix}`,
      retryable: false,
    };
  }
  if (NETWORK_CODES.has(code) || (status !== undefined && status >= 500)) {
    return { code, message: `${action} failed${suffix}`, retryable: true };
  }
  return { code, message: `${action} failed${suffix}`, retryable: false };
}

/**
 * A failed AWS call, classified. Handlers catch it to test `awsCode` against their not-found
 * codes; everything else reaches the report as `readError`.
 * @internal
 */
export class AwsCallError extends ProviderError {
  /** The AWS error code (`NoSuchBucket`, `AccessDenied`...). */
  readonly awsCode: string;
  /** The classified error, as the report will show it. */
  readonly readError: ReadError;

  constructor(readError: ReadError, cause: unknown) {
    super(readError.message, {
      provider: 'aws',
      cause,
      retryable: readError.retryable,
      kind: kindOf(readError),
      ...(readError.retryAfterMs === undefined ? {} : { retryAfterMs: readError.retryAfterMs }),
    });
    this.awsCode = readError.code;
    this.readError = readError;
  }
}

function kindOf(error: ReadError): string {
  if (error.code === 'ABORTED') return 'aborted';
  if (error.message.startsWith('Permission denied')) return 'permission';
  if (error.message.startsWith('Authentication failed')) return 'auth';
  if (error.message.includes('throttled')) return 'throttled';
  return error.retryable ? 'transient' : 'provider-bug';
}

/**
 * The {@link ReadError} for any thrown value: classified AWS errors keep their class,
 * anything else is a provider bug (not retryable, never not-found).
 * @internal
 */
export function toReadError(error: unknown): ReadError {
  if (error instanceof AwsCallError) return error.readError;
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'ABORTED', message: 'The read was aborted', retryable: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'PROVIDER_BUG', message: `AWS provider failed: ${message}`, retryable: false };
}
