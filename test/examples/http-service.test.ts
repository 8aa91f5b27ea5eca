import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { EXAMPLES, built } from './example-harness.js';

describe.skipIf(!built)('http-service example', () => {
  let server: Server;
  let base: string;
  let broken: Server;
  let brokenBase: string;

  const listen = async (s: Server): Promise<string> => {
    await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const { createDriftServer } = await import('../../examples/http-service/server.js');
    server = createDriftServer({
      state: join(EXAMPLES, 'basic', 'terraform.tfstate'),
      snapshot: join(EXAMPLES, 'basic', 'live-snapshot.json'),
    });
    broken = createDriftServer({
      state: join(EXAMPLES, 'basic', 'no-such.tfstate'),
      snapshot: join(EXAMPLES, 'basic', 'live-snapshot.json'),
    });
    base = await listen(server);
    brokenBase = await listen(broken);
  });
  afterAll(async () => {
    await Promise.all([server, broken].map((s) => new Promise((res) => s?.close(res))));
  });

  it('GET /drift returns the report as JSON, valid against the schema', async () => {
    const res = await fetch(`${base}/drift`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const report = parseReport(await res.json());
    expect(report.summary.drifted).toBeGreaterThan(0);
  });

  it('serves other formats', async () => {
    const md = await fetch(`${base}/drift?format=markdown`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('| Status | Resources |');
    const sarif = await fetch(`${base}/drift?format=sarif`);
    expect(((await sarif.json()) as { version: string }).version).toBe('2.1.0');
  });

  it('answers 400 for an unknown format and 404 elsewhere', async () => {
    expect((await fetch(`${base}/drift?format=pdf`)).status).toBe(400);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('answers 500 with the error code when the state cannot be read', async () => {
    const res = await fetch(`${brokenBase}/drift`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/^STATE_SOURCE: /);
  });
});
