/**
 * Redirects followed by hand, so credentials never travel to another origin. `fetch`'s own
 * `redirect: 'follow'` drops `Authorization` on a cross-origin hop but forwards every other
 * header, and a state server's custom headers (`X-Api-Key`, `PRIVATE-TOKEN`) are credentials
 * too. On a hop to another origin (scheme, host or port) every caller-given header is
 * dropped; a hop from https to http is refused, as it would expose the request.
 */
import { StateSourceError } from '../../errors.js';

/** Most redirects followed, as browsers and `fetch` do. @internal */
const MAX_REDIRECTS = 20;

/** Headers every hop may keep: they describe the request, not who sends it. */
const NEUTRAL_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'user-agent']);

function neutralHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (NEUTRAL_HEADERS.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** One request: `fetch`'s options with plain-object headers. @internal */
interface RedirectingRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * `fetch(url)`, following up to {@link MAX_REDIRECTS} redirects, stripping credentials on
 * cross-origin hops. A 303 (and a 301/302 after a `POST`) continues as a body-less `GET`.
 * @throws {@link StateSourceError} on too many redirects or an https → http hop.
 * @internal
 */
export async function fetchFollowingRedirects(
  url: URL,
  request: RedirectingRequest,
  source: string,
): Promise<Response> {
  let current = url;
  let { method, headers, body } = request;
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, {
      method,
      headers,
      body,
      signal: request.signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return response;
    // The redirect's own body is never read.
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) {
      throw new StateSourceError(`Could not fetch state from ${source}: too many redirects`, {
        source,
      });
    }
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new StateSourceError(
        `Could not fetch state from ${source}: refused a redirect to a ${next.protocol} URL`,
        { source },
      );
    }
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw new StateSourceError(
        `Could not fetch state from ${source}: refused a redirect from https to ${next.protocol}`,
        { source },
      );
    }
    if (next.origin !== origin) headers = neutralHeaders(headers);
    if (response.status === 303 || (method === 'POST' && response.status <= 302)) {
      method = 'GET';
      body = undefined;
    }
    current = next;
  }
}
