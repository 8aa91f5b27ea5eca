/**
 * A local HTTP server for wire-level fakes: the real SDK clients sign, send and deserialize
 * against it. It counts calls per operation, can add latency, and can be told to fail an
 * operation a number of times (throttling, access denied...).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface FakeServerOptions {
  /** Names the operation of a request (for counting and faults). */
  operationOf: (request: FakeRequest) => string;
  /** Added before every answer. */
  latencyMs?: number;
}

export interface FakeServer {
  url: string;
  /** Calls by operation. */
  calls: Map<string, number>;
  /** Every request, in order. */
  requests: FakeRequest[];
  /** Makes the next `times` calls of `operation` (or `*`) answer with `response`. */
  fail(operation: string, response: FakeResponse, times?: number): void;
  /** Total calls. */
  total(): number;
  close(): Promise<void>;
}

export async function startFakeServer(
  handle: (request: FakeRequest, operation: string) => FakeResponse | Promise<FakeResponse>,
  options: FakeServerOptions,
): Promise<FakeServer> {
  const calls = new Map<string, number>();
  const requests: FakeRequest[] = [];
  const faults = new Map<string, { response: FakeResponse; remaining: number }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const request: FakeRequest = {
          method: req.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const operation = options.operationOf(request);
        requests.push(request);
        calls.set(operation, (calls.get(operation) ?? 0) + 1);
        if (options.latencyMs !== undefined && options.latencyMs > 0) {
          await new Promise((r) => setTimeout(r, options.latencyMs));
        }
        let response: FakeResponse;
        const fault = faults.get(operation) ?? faults.get('*');
        if (fault !== undefined && fault.remaining > 0) {
          fault.remaining -= 1;
          response = fault.response;
        } else {
          try {
            response = await handle(request, operation);
          } catch (error) {
            response = { status: 500, body: String(error) };
          }
        }
        res.writeHead(response.status, { 'content-type': 'text/xml', ...response.headers });
        res.end(response.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    requests,
    fail(operation, response, times = 1_000_000) {
      faults.set(operation, { response, remaining: times });
    },
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Escapes text for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Serializes a value as XML children. Arrays become repeated `member` elements (named by
 * `itemName`) inside the element; `undefined` is left out.
 */
export function xml(value: unknown, itemName: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value))
    return value.map((item) => `<${itemName}>${xml(item, itemName)}</${itemName}>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${xml(v, itemName)}</${k}>`)
      .join('');
  }
  if (typeof value === 'string') return xmlEscape(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Parses an `application/x-www-form-urlencoded` query-protocol body. */
export function formParams(body: string): Map<string, string> {
  return new Map(new URLSearchParams(body).entries());
}

/** Reads `Prefix.1.Name` / `Prefix.1.Value.1` style filters from query params. */
export function filtersOf(params: Map<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; params.has(`Filter.${i}.Value.${j}`); j++)
      values.push(params.get(`Filter.${i}.Value.${j}`) ?? '');
    filters.set(params.get(`Filter.${i}.Name`) ?? '', values);
  }
  return filters;
}

/** Values of a flattened query list: `Name.1`, `Name.2`... (or `Name.member.1`). */
export function listParam(params: Map<string, string>, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; ; i++) {
    const value = params.get(`${name}.${i}`) ?? params.get(`${name}.member.${i}`);
    if (value === undefined) return values;
    values.push(value);
  }
}
