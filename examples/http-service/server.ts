/**
 * An HTTP endpoint that returns a drift report, for an internal platform:
 *
 *   GET /drift                 → the report as JSON (valid against tfdrift/report.schema.json)
 *   GET /drift?format=markdown → any format of formatReport
 *
 * Each request runs a scan bounded by a timeout and cancelled when the client goes away.
 *
 * It listens on 127.0.0.1 (set HOST to expose it) and PORT (default 8080):
 *
 *   STATE=examples/basic/terraform.tfstate SNAPSHOT=examples/basic/live-snapshot.json npx tsx examples/http-service/server.ts
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  REPORT_FORMATS,
  detectDrift,
  formatReport,
  isTfdriftError,
  snapshotProvider,
} from 'tfdrift';
import type { ReportFormat } from 'tfdrift';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  markdown: 'text/markdown; charset=utf-8',
  sarif: 'application/sarif+json',
  junit: 'application/xml',
  html: 'text/html; charset=utf-8',
};

/** Where the scan reads from. */
export interface DriftServiceOptions {
  state: string;
  snapshot: string;
  /** Longest scan per request (default 60 s). */
  timeoutMs?: number;
}

/** An HTTP server (not yet listening) that serves drift reports. */
export function createDriftServer(options: DriftServiceOptions): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const format = (url.searchParams.get('format') ?? 'json') as ReportFormat;
    if (req.method !== 'GET' || url.pathname !== '/drift') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (!REPORT_FORMATS.includes(format)) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `unknown format ${format}` }));
      return;
    }
    // Stop scanning when the client hangs up, or after the timeout.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const signal = AbortSignal.any([gone.signal, AbortSignal.timeout(options.timeoutMs ?? 60_000)]);
    detectDrift({
      state: options.state,
      providers: [snapshotProvider({ file: options.snapshot })],
      signal,
    }).then(
      (report) => {
        res
          .writeHead(200, { 'content-type': CONTENT_TYPES[format] })
          .end(formatReport(report, format, { color: false }));
      },
      (error: unknown) => {
        // State and configuration errors are the server's problem, never the client's input.
        const message = isTfdriftError(error)
          ? `${error.code}: ${error.message}`
          : 'internal error';
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: message }));
      },
    );
  });
}

// Run directly: listen on PORT.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = createDriftServer({
    state: process.env.STATE ?? 'terraform.tfstate',
    snapshot: process.env.SNAPSHOT ?? 'live-snapshot.json',
  });
  server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () =>
    console.log(`drift service on ${JSON.stringify(server.address())}`),
  );
}
