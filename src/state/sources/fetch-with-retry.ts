/**
 * The one HTTP client every remote state source shares: bounded retries with jittered
 * exponential backoff for throttling and server errors, a timeout per attempt, caller
 * aborts, and errors that name the source without ever carrying a credential.
 */
import { StateSourceError } from '../../errors.js';
import { scrubSecrets } from '../../shared/scrub-secrets.js';
import { checkNumber, MAX_TIMER_MS } from '../../shared/check-number.js';
import { truncateAtWord } from '../../shared/truncate-at-word.js';
import { DEFAULT_MAX_STATE_BYTES, readAtMost, stateTooLarge } from '../size-limit.js';
import { fetchFollowingRedirects } from './follow-redirects.js';
import { REDACTED } from './redact-url.js';

/** Retry and timeout settings shared by every HTTP-based source. @public */
export interface HttpRetryOptions {
  /** Extra attempts after the first one for 429, 5xx, timeouts and network errors. Default 3. */
  retries?: number;
  /** Time limit of one attempt (connect, headers and body), in ms. Default 30,000. */
  timeoutMs?: number;
  /** Base delay of the exponential backoff, in ms. Default 500. */
  retryDelayMs?: number;
  /** Upper bound of any single wait, including a server's `Retry-After`, in ms. Default 30,000. */
  maxRetryDelayMs?: number;
  /** Aborts the request and any wait between attempts. */
  signal?: AbortSignal;
}

/** {@link HttpRetryOptions} and the size limit of a body. @internal */
export interface FetchOptions extends HttpRetryOptions {
  /** The largest body read, in bytes; more fails with reason `TOO_LARGE`. Default `DEFAULT_MAX_STATE_BYTES`. */
  maxBytes?: number;
}

/** How much of an error response is read, for the message in it. */
const ERROR_BODY_BYTES = 64 * 1024;

/** One request of {@link fetchWithRetry}. @internal */
interface HttpRequest {
  /** Where to send it; must not contain userinfo. */
  url: URL;
  /** The source name used in errors, already redacted. */
  source: string;
  /** `GET` for state; `POST` only for OAuth token exchanges. Default `GET`. */
  method?: 'GET' | 'POST';
  /** Request headers; their values may be credentials and never reach a message. */
  headers?: Record<string, string>;
  /** Form body of a `POST`. */
  body?: string;
  /** Values that must never appear in an error message (tokens, passwords). */
  secrets?: readonly (string | undefined)[];
  /** Extracts a short explanation from an error response body (the API's own message). */
  describeError?: (body: string) => string | undefined;
  /** What is being fetched, for messages. Default `state`. */
  what?: string;
}

/** A successful answer. @internal */
export interface HttpResponse {
  /** A 2xx status. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** The whole body, read within the attempt's timeout. */
  body: Uint8Array;
}

const DEFAULTS = { retries: 3, timeoutMs: 30_000, retryDelayMs: 500, maxRetryDelayMs: 30_000 };

/**
 * Sends `request`, retrying 429, 408, 5xx, timeouts and network failures up to
 * `options.retries` times. Any other non-2xx answer (401, 403, 404...) fails at once.
 * @throws {@link StateSourceError} with `status` and `retryable` set.
 * @internal
 */
export async function fetchWithRetry(
  request: HttpRequest,
  options: FetchOptions = {},
): Promise<HttpResponse> {
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULTS.retries));
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(request, options.signal);
    const outcome = await attemptOnce(request, options);
    if (outcome.kind === 'ok') return outcome.response;
    if (!outcome.error.retryable || attempt >= retries) {
      throw attempt > 0 ? withAttempts(outcome.error, attempt + 1) : outcome.error;
    }
    await sleep(retryDelay(attempt, outcome.retryAfter, options), request, options.signal);
  }
}

type Outcome =
  | { kind: 'ok'; response: HttpResponse }
  | { kind: 'failed'; error: StateSourceError; retryAfter?: RetryAfterHint };

/** What the server said about when to come back. @internal */
interface RetryAfterHint {
  /** The `Retry-After` header: delay seconds or an HTTP date. */
  retryAfter?: string | null;
  /** Terraform Cloud's `X-RateLimit-Reset`: seconds (may be fractional). */
  rateLimitReset?: string | null;
}

async function attemptOnce(request: HttpRequest, options: FetchOptions): Promise<Outcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? anySignal(options.signal, timeout) : timeout;
  const what = request.what ?? 'state';
  try {
    const res = await fetchFollowingRedirects(
      request.url,
      { method: request.method ?? 'GET', headers: request.headers, body: request.body, signal },
      request.source,
    );
    if (res.ok) {
      const body = await readBody(res, request.source, options.maxBytes);
      return { kind: 'ok', response: { status: res.status, headers: res.headers, body } };
    }
    const body = await readErrorBody(res);
    return {
      kind: 'failed',
      error: httpError(request, res.status, res.statusText, body),
      retryAfter: {
        retryAfter: res.headers.get('retry-after'),
        rateLimitReset: res.headers.get('x-ratelimit-reset'),
      },
    };
  } catch (error) {
    // Too large, or a refused redirect: final, and already worded.
    if (error instanceof StateSourceError) return { kind: 'failed', error };
    if (options.signal?.aborted) {
      return { kind: 'failed', error: abortError(request) };
    }
    if (timeout.aborted) {
      const message = `Could not fetch ${what} from ${request.source}: timed out after ${timeoutMs} ms`;
      return {
        kind: 'failed',
        error: new StateSourceError(message, { source: request.source, retryable: true }),
      };
    }
    const code = networkCode(error);
    // A certificate problem will not fix itself between attempts.
    const tls = code !== undefined && /CERT|TLS|SSL|UNABLE_TO_VERIFY/.test(code);
    const why = tls
      ? `TLS certificate rejected (${code})`
      : `network error${code ? ` (${code})` : ''}`;
    const message = scrubSecrets(
      `Could not fetch ${what} from ${request.source}: ${why}`,
      request.secrets ?? [],
      REDACTED,
    );
    return {
      kind: 'failed',
      error: new StateSourceError(message, { source: request.source, retryable: !tls }),
    };
  }
}

/**
 * Reads a successful body, refusing a declared `Content-Length` over the limit before
 * reading, and stopping the download as soon as the bytes received pass it (a body may be
 * compressed, or the length absent or false).
 */
async function readBody(
  res: Response,
  source: string,
  maxBytes = DEFAULT_MAX_STATE_BYTES,
): Promise<Uint8Array> {
  const tooLarge = () => stateTooLarge(source, maxBytes);
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  return res.body === null ? new Uint8Array() : readAtMost(res.body, maxBytes, tooLarge);
}

/** The start of an error response: enough for the message an API puts there. */
async function readErrorBody(res: Response): Promise<Uint8Array> {
  if (res.body === null) return new Uint8Array();
  try {
    return await readAtMost(res.body, ERROR_BODY_BYTES, () => new RangeError('long error body'));
  } catch {
    return new Uint8Array();
  }
}

function httpError(
  request: HttpRequest,
  status: number,
  statusText: string,
  body: Uint8Array,
): StateSourceError {
  const retryable = isRetryableStatus(status);
  let detail: string | undefined;
  if (request.describeError && body.byteLength > 0 && body.byteLength < 64 * 1024) {
    try {
      detail = request.describeError(new TextDecoder().decode(body));
    } catch {
      detail = undefined;
    }
  }
  const hint = STATUS_HINTS[status];
  const parts = [
    `Could not fetch ${request.what ?? 'state'} from ${request.source}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
    // Scrubbed before the cut: a secret straddling the cut would keep its start.
    detail
      ? ` (${truncateAtWord(scrubSecrets(detail, request.secrets ?? [], REDACTED), 300)})`
      : '',
    hint ? `: ${hint}` : '',
  ];
  const message = scrubSecrets(parts.join(''), request.secrets ?? [], REDACTED);
  return new StateSourceError(message, { source: request.source, status, retryable });
}

const STATUS_HINTS: Record<number, string> = {
  401: 'the credentials were missing or rejected',
  403: 'the credentials are not allowed to read it',
  404: 'it does not exist',
};

/** Whether an HTTP status is worth another attempt. @internal */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * How long to wait before attempt `attempt + 1` (0-based `attempt` just failed). A server's
 * `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset` wins over the backoff; both are
 * capped by `maxRetryDelayMs`. The backoff is "equal jitter": half fixed, half random, so
 * concurrent clients spread out but never retry instantly.
 * @internal
 */
export function retryDelay(
  attempt: number,
  hint: RetryAfterHint | undefined,
  options: Pick<HttpRetryOptions, 'retryDelayMs' | 'maxRetryDelayMs'> = {},
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const max = options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs;
  const serverMs = serverDelayMs(hint, now);
  if (serverMs !== undefined) return Math.min(max, serverMs);
  const base = options.retryDelayMs ?? DEFAULTS.retryDelayMs;
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function serverDelayMs(hint: RetryAfterHint | undefined, now: number): number | undefined {
  const retryAfter = hint?.retryAfter?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = hint?.rateLimitReset?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}

function sleep(ms: number, request: HttpRequest, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(request));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(request));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(request: HttpRequest, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(request);
}

function abortError(request: HttpRequest): StateSourceError {
  return new StateSourceError(
    `Fetching ${request.what ?? 'state'} from ${request.source} was aborted`,
    {
      source: request.source,
      retryable: false,
    },
  );
}

function withAttempts(error: StateSourceError, attempts: number): StateSourceError {
  return new StateSourceError(`${error.message} (gave up after ${attempts} attempts)`, {
    source: error.source,
    status: error.status,
    retryable: error.retryable,
  });
}

/**
 * Aborts when either signal does. `AbortSignal.any` only exists from Node 20.3; the package
 * promises every Node 20.
 * @internal
 */
export function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * Throws {@link InvalidOptionError} for retry settings out of range (`retries: Infinity`
 * would retry a failing server forever; a timeout past 2^31 - 1 ms would fire at once).
 * `at` is the JSON Pointer of the options object (`/loadOptions` inside `detectDrift`).
 * @internal
 */
export function checkHttpRetry(options: HttpRetryOptions, at = ''): void {
  checkNumber(options.retries, `${at}/retries`, { integer: true, min: 0, max: 100 });
  checkNumber(options.timeoutMs, `${at}/timeoutMs`, { min: 1, max: MAX_TIMER_MS });
  checkNumber(options.retryDelayMs, `${at}/retryDelayMs`, { min: 0, max: MAX_TIMER_MS });
  checkNumber(options.maxRetryDelayMs, `${at}/maxRetryDelayMs`, { min: 0, max: MAX_TIMER_MS });
}
