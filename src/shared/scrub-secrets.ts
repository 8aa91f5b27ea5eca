/**
 * The last line of defence for messages built from other programs' output (servers, SDKs,
 * terraform stderr), which may echo a secret: known secret values are replaced in every form
 * a message may carry them (as is, JSON-escaped once or twice, URL-encoded, base64,
 * HTML-escaped, with whitespace collapsed, line by line for multi-line values such as PEM
 * keys), then credentials recognisable by their shape (`credential-patterns.ts`).
 *
 * Scrub before cutting: a message cut first would keep the start of a secret that straddles
 * the cut, and a cut secret no longer matches.
 */
import { scrubCredentialPatterns } from './credential-patterns.js';
import { MIN_SECRET_LENGTH, SecretMatcher } from './secret-matcher.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The forms in which `secret` may appear inside a message.
 * @internal
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  forms.add(secret.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string));
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  const collapsed = secret.replace(/\s+/g, ' ').trim();
  forms.add(collapsed);
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n/)) {
      const trimmed = line.trim();
      // Lines of a PEM body are 64 characters; short lines (headers, blanks) say nothing.
      if (trimmed.length >= 16) forms.add(trimmed);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/**
 * Scrubs messages of a fixed set of secrets. Build one per scan (or per source) and reuse it:
 * the secrets are indexed once.
 * @internal
 */
export class SecretScrubber {
  private readonly matcher: SecretMatcher;

  constructor(secrets: Iterable<string | undefined>) {
    const forms: string[] = [];
    for (const secret of secrets) {
      if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) {
        forms.push(...secretForms(secret));
      }
    }
    this.matcher = new SecretMatcher(forms);
  }

  /** `text` with every known secret (in any form) and every recognisable credential replaced. */
  scrub(text: string, marker = '[REDACTED]'): string {
    return scrubCredentialPatterns(this.matcher.replace(text, marker), marker);
  }
}

/**
 * Replaces every occurrence of the given secrets in `text` with `marker`, in every form a
 * message may carry them, and every recognisable credential. Values shorter than 4
 * characters are skipped: they would mangle ordinary words and are not worth hiding.
 * @internal
 */
export function scrubSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  marker = '[REDACTED]',
): string {
  return new SecretScrubber(secrets).scrub(text, marker);
}
