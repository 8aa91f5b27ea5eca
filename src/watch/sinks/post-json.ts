/**
 * One HTTP POST of a JSON body, as sinks send it: a non-2xx answer, a network error or an
 * abort (timeout) rejects, so the outbox retries it. The message never holds the URL's
 * query or credentials.
 */
import { InvalidOptionError } from '../../errors.js';
import { endpointName } from './sink-payload.js';

/** @internal */
export async function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    const reason = signal.aborted ? 'timed out or stopped' : (error as Error).message;
    throw new Error(`POST ${endpointName(url)} failed: ${reason}`);
  }
  // The body is read so the connection can be reused; its content does not matter.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`POST ${endpointName(url)} answered HTTP ${response.status}`);
}

/** Parses and checks a sink URL (http or https only). @internal */
export function sinkUrl(value: unknown, sink: string): URL {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' || value instanceof URL ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOptionError(`${sink} needs an http(s) url`, { option: '/url' });
  }
  return url;
}
