/**
 * A local stand-in for the Terraform Cloud / Enterprise API (JSON:API documents, errors as
 * `{ errors: [{ status, title }] }`, 404 for what the token cannot see, 429 with
 * `X-RateLimit-Reset`), plus an "archivist" object store on a second origin that serves
 * state downloads by capability URL, like app.terraform.io does.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type TestServer } from './state-server-http.js';

/** A workspace the fake knows. */
export interface FakeWorkspace {
  organization: string;
  name: string;
  id: string;
  /** The raw state of the current state version; `null` when the workspace has no state. */
  state: string | null;
}

/** How the fake behaves. */
export interface FakeTfcConfig {
  token: string;
  workspaces: FakeWorkspace[];
  /** Serve downloads from the API host itself (TFE style) instead of the archivist. */
  sameHostDownload?: boolean;
  /** Leave `hosted-state-download-url` null (token without state access). */
  hideDownloadUrl?: boolean;
  /** Statuses to answer API requests with before behaving normally. */
  failFirst?: number[];
  /** A raw 200 body for the workspace lookup instead of its JSON:API document (a broken proxy...). */
  workspaceAnswer?: string;
}

/** The running API and archivist. */
export interface FakeTfc {
  api: TestServer;
  archivist: TestServer;
  close(): Promise<void>;
}

const JSON_API = 'application/vnd.api+json';

function apiError(
  res: ServerResponse,
  status: number,
  title: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': JSON_API, ...headers });
  res.end(JSON.stringify({ errors: [{ status: String(status), title }] }));
}

/** Starts both servers on 127.0.0.1. */
export async function startFakeTfc(config: FakeTfcConfig): Promise<FakeTfc> {
  const failures = [...(config.failFirst ?? [])];
  const blobs = new Map<string, string>();
  const archivist = await startServer((req, res) => {
    const blob = blobs.get(new URL(req.url, 'http://x').pathname);
    if (blob === undefined) {
      sendJson(res, 404, { errors: [{ status: '404', title: 'not found' }] });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(blob);
  });

  const api = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const failure = failures.shift();
    if (failure === 429) {
      apiError(res, 429, 'Too many requests', {
        'x-ratelimit-limit': '30',
        'x-ratelimit-reset': '0.001',
      });
      return;
    }
    if (failure !== undefined) {
      apiError(res, failure, failure === 503 ? 'Service Unavailable' : 'Internal Server Error');
      return;
    }
    if (req.headers.authorization !== `Bearer ${config.token}`) {
      apiError(res, 401, 'unauthorized');
      return;
    }
    let m = /^\/api\/v2\/organizations\/([^/]+)\/workspaces\/([^/]+)$/.exec(path);
    if (m) {
      const ws = config.workspaces.find(
        (w) =>
          w.organization === decodeURIComponent(m?.[1] ?? '') &&
          w.name === decodeURIComponent(m?.[2] ?? ''),
      );
      if (!ws) return apiError(res, 404, 'not found');
      if (config.workspaceAnswer !== undefined) {
        res.writeHead(200, { 'content-type': JSON_API });
        res.end(config.workspaceAnswer);
        return;
      }
      return sendJson(res, 200, workspaceDocument(ws), { 'content-type': JSON_API });
    }
    m = /^\/api\/v2\/workspaces\/([^/]+)\/current-state-version$/.exec(path);
    if (m) {
      const ws = config.workspaces.find((w) => w.id === decodeURIComponent(m?.[1] ?? ''));
      if (!ws || ws.state === null) return apiError(res, 404, 'not found');
      const svId = `sv-${ws.id.slice(3)}`;
      let download: string | null;
      if (config.hideDownloadUrl) download = null;
      else if (config.sameHostDownload) download = `/api/v2/state-versions/${svId}/download`;
      else {
        const capability = `/v1/object/${Buffer.from(`vault:v1:${svId}`).toString('base64url')}`;
        blobs.set(capability, ws.state);
        download = `${archivist.origin}${capability}`;
      }
      return sendJson(res, 200, stateVersionDocument(svId, ws, download), {
        'content-type': JSON_API,
      });
    }
    m = /^\/api\/v2\/state-versions\/sv-([^/]+)\/download$/.exec(path);
    if (m) {
      const ws = config.workspaces.find((w) => w.id === `ws-${m?.[1] ?? ''}`);
      if (!ws || ws.state === null) return apiError(res, 404, 'not found');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ws.state);
      return;
    }
    apiError(res, 404, 'not found');
  });

  return {
    api,
    archivist,
    close: async () => {
      await api.close();
      await archivist.close();
    },
  };
}

function workspaceDocument(ws: FakeWorkspace): unknown {
  return {
    data: {
      id: ws.id,
      type: 'workspaces',
      attributes: {
        name: ws.name,
        'auto-apply': false,
        'created-at': '2024-05-02T09:14:11.120Z',
        'execution-mode': 'remote',
        locked: false,
        'resource-count': 1,
        'terraform-version': '1.9.5',
        'working-directory': null,
      },
      relationships: {
        organization: { data: { id: ws.organization, type: 'organizations' } },
        'current-state-version': {
          data: ws.state === null ? null : { id: `sv-${ws.id.slice(3)}`, type: 'state-versions' },
          links: { related: `/api/v2/workspaces/${ws.id}/current-state-version` },
        },
      },
      links: {
        self: `/api/v2/organizations/${ws.organization}/workspaces/${ws.name}`,
        'self-html': `/app/${ws.organization}/workspaces/${ws.name}`,
      },
    },
  };
}

function stateVersionDocument(svId: string, ws: FakeWorkspace, download: string | null): unknown {
  return {
    data: {
      id: svId,
      type: 'state-versions',
      attributes: {
        'created-at': '2024-06-11T08:00:00.000Z',
        size: ws.state?.length ?? 0,
        'hosted-state-download-url': download,
        'hosted-json-state-download-url': null,
        'hosted-state-upload-url': null,
        'hosted-json-state-upload-url': null,
        status: 'finalized',
        intermediate: false,
        'resources-processed': true,
        serial: 7,
        'state-version': 4,
        'terraform-version': '1.9.5',
        'vcs-commit-sha': null,
        'vcs-commit-url': null,
      },
      relationships: {
        run: { data: { id: 'run-CZcmD7eagjhyXavN', type: 'runs' } },
        workspace: { data: { id: ws.id, type: 'workspaces' } },
        outputs: { data: [] },
      },
      links: { self: `/api/v2/state-versions/${svId}` },
    },
  };
}
