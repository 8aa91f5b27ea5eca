/**
 * Turning what a plugin reports into a classified read error: error diagnostics by their
 * text (throttling and transient failures retryable; authentication and permission failures
 * not), and gRPC failures by their status (a dead or timed-out plugin is transient; the
 * reader restarts a crashed plugin). A failed read is never "not found".
 */
import type { ReadError } from '../providers/types.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import { truncateAtWord } from '../shared/truncate-at-word.js';
import type { Diagnostic } from './plugin-client.js';
import { PluginCallError } from './plugin-client.js';

const MAX_MESSAGE = 900;

const THROTTLING =
  /throttl|rate exceeded|too many requests|requestlimitexceeded|slowdown|slow down|\b429\b|quota exceeded|ratelimit/i;
const AUTH =
  /accessdenied|access denied|unauthorized|not authorized|forbidden|\b40[13]\b|invalidclienttokenid|expiredtoken|signaturedoesnotmatch|no valid credential|invalid credentials|authfailure|permission/i;
const TRANSIENT =
  /timeout|timed out|connection reset|connection refused|broken pipe|\beof\b|temporar|unavailable|internalerror|internal error|\b50[0234]\b|try again/i;

/** Error diagnostics only (warnings are not failures). @internal */
export function errorDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'ERROR');
}

/** One line of text for diagnostics, scrubbed of secrets. @internal */
export function describeDiagnostics(
  diagnostics: readonly Diagnostic[],
  secrets: readonly string[],
): string {
  const text = diagnostics
    .map((d) => {
      const where = d.attribute ? ` (at ${d.attribute})` : '';
      return `${d.summary}${d.detail ? `: ${d.detail}` : ''}${where}`;
    })
    .join('; ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncateAtWord(scrubSecrets(text, secrets), MAX_MESSAGE);
}

/** Classifies error diagnostics into a read error. @internal */
export function classifyDiagnostics(
  diagnostics: readonly Diagnostic[],
  secrets: readonly string[],
  context: string,
): ReadError {
  const message = `${context}: ${describeDiagnostics(diagnostics, secrets)}`;
  const text = diagnostics.map((d) => `${d.summary} ${d.detail}`).join(' ');
  if (THROTTLING.test(text)) return { code: 'THROTTLED', message, retryable: true };
  if (AUTH.test(text)) return { code: 'ACCESS_DENIED', message, retryable: false };
  if (TRANSIENT.test(text)) return { code: 'TRANSIENT', message, retryable: true };
  return { code: 'PROVIDER_DIAGNOSTIC', message, retryable: false };
}

/** Classifies a thrown call failure. @internal */
export function classifyCallError(
  error: unknown,
  secrets: readonly string[],
  context: string,
): ReadError {
  const detail = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
  const message = truncateAtWord(`${context}: ${detail}`, MAX_MESSAGE);
  if (error instanceof PluginCallError) {
    switch (error.status) {
      case 'DEADLINE_EXCEEDED':
        return { code: 'TIMEOUT', message, retryable: true };
      case 'CANCELLED':
        return { code: 'ABORTED', message, retryable: true };
      case 'UNAVAILABLE':
      case 'INTERNAL':
      case 'UNKNOWN':
        return { code: 'PLUGIN_UNAVAILABLE', message, retryable: true };
      case 'RESOURCE_EXHAUSTED':
        return { code: 'PLUGIN_MESSAGE_TOO_LARGE', message, retryable: false };
      default:
        return { code: 'PLUGIN_CALL_FAILED', message, retryable: false };
    }
  }
  return { code: 'PLUGIN_BUG', message, retryable: false };
}
