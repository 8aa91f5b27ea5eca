/**
 * Credentials recognisable by their shape, scrubbed from messages even when their value was
 * never known to tfdrift: a server that echoes the request's `Authorization` header, an SDK
 * that prints the session token it found in the environment, a provider error that quotes
 * `{"admin_password": "..."}` or a private key. Each pattern keeps what explains the error
 * (the header or member name) and replaces only the value.
 */
import { isSecretName } from './secret-names.js';

/** A PEM private key block, raw or JSON-escaped, with or without its END line. */
const PRIVATE_KEY =
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g;

/** Tokens with a recognisable prefix (AWS session tokens, GitHub, Slack, TFC, JWTs...). */
const TOKEN_SHAPES = [
  /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=%]{16,}/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b[A-Za-z0-9]{10,}\.atlasv1\.[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** `Bearer <token>`, `Basic <base64>` and the like. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token|Digest|Negotiate)(\s+)[A-Za-z0-9._~+/=:-]{6,}/gi;

/** Headers whose value is a credential, however the server quoted them. */
const AUTH_HEADER =
  /\b(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-vault-token|cookie|set-cookie|private-token)(\\*["']?\s*[:=]\s*\\*["']?)([^\s"'\\,;]+)/gi;

/** URL userinfo: `scheme://user:password@host`. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;

/**
 * `name: value`, `name=value` and `"name": "value"` (also JSON-escaped, `\"name\":\"value\"`),
 * where the name says secret (`admin_password`, `GITHUB_TOKEN`, `client_secret`).
 */
const NAMED_QUOTED = /([A-Za-z0-9_.-]{2,80})(\\*["']?\s*[:=]\s*)(\\*["'])/g;
/** Longest quoted value looked at: keeps hostile texts (quotes never closed) linear. */
const MAX_QUOTED = 4096;
const NAMED_BARE = /([A-Za-z0-9_.-]{2,80})(\\*["']?\s*[:=]\s*)([^\s"'\\,;&}\])]{2,})/g;

/**
 * `text` with every recognisable credential replaced by `marker`.
 * @internal
 */
export function scrubCredentialPatterns(text: string, marker: string): string {
  let out = text.replace(PRIVATE_KEY, marker);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, marker);
  out = out.replace(
    AUTH_SCHEME,
    (_, scheme: string, space: string) => `${scheme}${space}${marker}`,
  );
  out = out.replace(AUTH_HEADER, (_, name: string, sep: string) => `${name}${sep}${marker}`);
  out = out.replace(USERINFO, (_, scheme: string) => `${scheme}${marker}@`);
  out = scrubNamedQuoted(out, marker);
  out = out.replace(
    NAMED_BARE,
    (whole, name: string, sep: string, value: string, offset: number, all: string) =>
      // A value already redacted (`password=[REDACTED]`, whose `]` ends the match) stays.
      isSecretName(name) && !all.startsWith(marker, offset + name.length + sep.length)
        ? `${name}${sep}${marker}`
        : whole,
  );
  return out;
}

/** Replaces quoted values whose member name says secret; the closing quote is the opening one. */
function scrubNamedQuoted(text: string, marker: string): string {
  let out = '';
  let at = 0;
  NAMED_QUOTED.lastIndex = 0;
  for (let m = NAMED_QUOTED.exec(text); m !== null; m = NAMED_QUOTED.exec(text)) {
    const name = m[1] as string;
    const open = m[3] as string;
    const start = m.index + m[0].length;
    if (!isSecretName(name)) continue;
    const window = text.slice(start, start + MAX_QUOTED);
    const close = window.indexOf(open);
    // An unclosed value is secret up to the window's end.
    const end = close === -1 ? start + window.length : start + close;
    if (text.slice(start, end) === marker) continue;
    out += `${text.slice(at, start)}${marker}`;
    at = end;
    NAMED_QUOTED.lastIndex = Math.max(end, start);
  }
  return at === 0 ? text : out + text.slice(at);
}
