/**
 * A real HTTP receiver on 127.0.0.1 for sink tests, whose behaviour the test switches:
 * `ok` answers 204, `fail` answers 500, `stall` never answers (until closed).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

export class Receiver {
  mode: 'ok' | 'fail' | 'stall' = 'ok';
  /** Every request, answered or not. */
  readonly attempts: Received[] = [];
  /** Requests answered 2xx. */
  readonly delivered: Received[] = [];
  private readonly stalled = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '',
      };
      this.attempts.push(got);
      if (this.mode === 'stall') {
        this.stalled.add(res);
        return;
      }
      if (this.mode === 'fail') {
        res.writeHead(500).end('down');
        return;
      }
      this.delivered.push(got);
      res.writeHead(204).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
