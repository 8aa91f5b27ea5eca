/**
 * A local stand-in for the inventory API, for tests: a real HTTP server on 127.0.0.1 that
 * answers like the real one (and with a 403 for one id, to exercise the failure path).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the fake inventory with `instances` (id → attributes); returns its URL and a closer. */
export async function startFakeInventory(
  instances: Record<string, Record<string, unknown>>,
  options: { forbiddenId?: string; token?: string } = {},
): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401).end();
      return;
    }
    if (url.pathname !== '/instances') {
      res.writeHead(404).end();
      return;
    }
    if (options.forbiddenId && ids.includes(options.forbiddenId)) {
      res.writeHead(403).end('{"message":"forbidden"}');
      return;
    }
    const body = Object.fromEntries(
      ids.filter((id) => instances[id]).map((id) => [id, instances[id]]),
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
