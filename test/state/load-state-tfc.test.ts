import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchStateBytes, loadState, type LoadStateOptions } from '../../src/state/load-state.js';
import { SMALL_STATE_TEXT } from '../helpers/state-server-http.js';
import { sourceErrorWithout, text, useTempDir } from './helpers.js';
import { startFakeTfc, type FakeTfc, type FakeTfcConfig } from '../helpers/state-server-tfc.js';

const TOKEN = 'atlasv1.tfc-team-token-0123456789abcdef';

let tfc: FakeTfc | undefined;
// A HOME of our own, so the machine's real credentials.tfrc.json never leaks in.
const home = useTempDir('tfdrift-tfc-home-');
afterEach(async () => {
  await tfc?.close();
  tfc = undefined;
});

async function fake(extra: Partial<FakeTfcConfig> = {}): Promise<FakeTfc> {
  tfc = await startFakeTfc({
    token: TOKEN,
    workspaces: [
      {
        organization: 'acme',
        name: 'network-prod',
        id: 'ws-SihZTyXKfNXUWuUa',
        state: SMALL_STATE_TEXT,
      },
      { organization: 'acme', name: 'empty', id: 'ws-EmptyEmptyEmpty1', state: null },
    ],
    ...extra,
  });
  return tfc;
}

function opts(
  t: FakeTfc,
  tfcOptions: LoadStateOptions['tfc'] = {},
  env: Record<string, string> = {},
): LoadStateOptions {
  return {
    retryDelayMs: 1,
    maxRetryDelayMs: 5,
    env,
    tfc: { baseUrl: t.api.origin, ...tfcOptions },
  };
}

const sourceError = (promise: Promise<unknown>) => sourceErrorWithout(promise, [TOKEN]);

describe('tfc:// sources against a local Terraform Cloud API', () => {
  it('workspace → current state version → archivist download, token only sent to the API host', async () => {
    const t = await fake();
    const fetched = await fetchStateBytes('tfc://acme/network-prod', opts(t, { token: TOKEN }));
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe('tfc://app.terraform.io/acme/network-prod');
    expect(t.api.requests.map((r) => r.url)).toEqual([
      '/api/v2/organizations/acme/workspaces/network-prod',
      '/api/v2/workspaces/ws-SihZTyXKfNXUWuUa/current-state-version',
    ]);
    expect(
      t.api.requests.every(
        (r) => r.method === 'GET' && r.headers.authorization === `Bearer ${TOKEN}`,
      ),
    ).toBe(true);
    expect(t.api.requests[0]?.headers.accept).toBe('application/vnd.api+json');
    expect(t.archivist.requests).toHaveLength(1);
    expect(t.archivist.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('stops a hosted state larger than maxBytes with TOO_LARGE, naming the limit', async () => {
    const big = SMALL_STATE_TEXT + ' '.repeat(64 * 1024);
    tfc = await startFakeTfc({
      token: TOKEN,
      workspaces: [{ organization: 'acme', name: 'big', id: 'ws-BigBigBigBigBig01', state: big }],
    });
    const options = { ...opts(tfc, { token: TOKEN }), maxBytes: 64 * 1024 };
    const error = await sourceError(fetchStateBytes('tfc://acme/big', options));
    expect(error.reason).toBe('TOO_LARGE');
    expect(error.message).toContain('maxBytes 65536');
    const fits = await fetchStateBytes('tfc://acme/big', { ...options, maxBytes: big.length });
    expect(fits.bytes.byteLength).toBe(big.length);
  });

  it('downloads from the API host itself with the token (Terraform Enterprise style)', async () => {
    const t = await fake({ sameHostDownload: true });
    const fetched = await fetchStateBytes('tfc://acme/network-prod', opts(t, { token: TOKEN }));
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(t.api.requests).toHaveLength(3);
    expect(t.api.requests[2]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('finds the token in TF_TOKEN_<host> with Terraform’s spelling of dots and hyphens', async () => {
    const t = await fake();
    const env = {
      TF_TOKEN_tfe_acme__corp_example: TOKEN,
      TF_TOKEN_app_terraform_io: 'wrong-token-for-other-host',
    };
    const fetched = await fetchStateBytes(
      'tfc://tfe.acme-corp.example/acme/network-prod',
      opts(t, {}, env),
    );
    expect(fetched.source).toBe('tfc://tfe.acme-corp.example/acme/network-prod');
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('takes the workspace from the option and the token from the shared token option', async () => {
    const t = await fake();
    const fetched = await fetchStateBytes('tfc://acme', {
      ...opts(t, { workspace: 'network-prod' }),
      token: TOKEN,
    });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('falls back to the token `terraform login` saved in credentials.tfrc.json', async () => {
    const t = await fake();
    const loginHome = join(home(), 'with-login');
    await mkdir(join(loginHome, '.terraform.d'), { recursive: true });
    await writeFile(
      join(loginHome, '.terraform.d', 'credentials.tfrc.json'),
      JSON.stringify({ credentials: { 'TFE.acme-corp.example': { token: TOKEN } } }),
    );
    const fetched = await fetchStateBytes('tfc://tfe.acme-corp.example/acme/network-prod', {
      ...opts(t),
      env: { HOME: loginHome },
    });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('no token: names the variable to set and sends nothing', async () => {
    const t = await fake();
    const error = await sourceError(
      fetchStateBytes('tfc://tfe.acme-corp.example/acme/network-prod', opts(t)),
    );
    expect(error.message).toContain('TF_TOKEN_tfe_acme__corp_example');
    expect(t.api.requests).toHaveLength(0);
  });

  it('401 unauthorized: not retried, token not in the message', async () => {
    const t = await fake();
    const error = await sourceError(
      fetchStateBytes('tfc://acme/network-prod', opts(t, { token: 'atlasv1.revoked-token-xyz' })),
    );
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('unauthorized');
    expect(error.message).not.toContain('atlasv1.revoked-token-xyz');
    expect(t.api.requests).toHaveLength(1);
  });

  it('404 on the workspace: missing or invisible to the token', async () => {
    const t = await fake();
    const error = await sourceError(fetchStateBytes('tfc://acme/nope', opts(t, { token: TOKEN })));
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/workspace does not exist, or the token cannot see it/);
    expect(error.source).toBe('tfc://app.terraform.io/acme/nope');
  });

  it('404 on the current state version: the workspace has no state yet', async () => {
    const t = await fake();
    const error = await sourceError(fetchStateBytes('tfc://acme/empty', opts(t, { token: TOKEN })));
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/has no state yet/);
  });

  it('a state version without a download URL', async () => {
    const t = await fake({ hideDownloadUrl: true });
    const error = await sourceError(
      fetchStateBytes('tfc://acme/network-prod', opts(t, { token: TOKEN })),
    );
    expect(error.message).toMatch(/no hosted-state-download-url/);
  });

  it('a workspace answer without an id, or that is not a JSON:API document', async () => {
    for (const [answer, message] of [
      ['{"data": {"type": "workspaces", "attributes": {}}}', /the workspace answer has no id/],
      ['<html>maintenance</html>', /the API answered with an unexpected document/],
      ['{"errors": []}', /the API answered with an unexpected document/],
    ] as const) {
      const t = await fake({ workspaceAnswer: answer });
      const error = await sourceError(
        fetchStateBytes('tfc://acme/network-prod', opts(t, { token: TOKEN })),
      );
      expect(error.message).toMatch(message);
      expect(t.api.requests).toHaveLength(1);
      await t.close(); // one server at a time: afterEach closes only the last
      tfc = undefined;
    }
  });

  it('429 with X-RateLimit-Reset, then 500, then success', async () => {
    const t = await fake({ failFirst: [429, 500] });
    const fetched = await fetchStateBytes('tfc://acme/network-prod', opts(t, { token: TOKEN }));
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(t.api.requests).toHaveLength(4);
  });

  it('503 until retries run out', async () => {
    const t = await fake({ failFirst: [503, 503] });
    const error = await sourceError(
      fetchStateBytes('tfc://acme/network-prod', { ...opts(t, { token: TOKEN }), retries: 1 }),
    );
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/gave up after 2 attempts/);
  });

  it('an invalid tfc URL', async () => {
    const t = await fake();
    const error = await sourceError(fetchStateBytes('tfc://acme', opts(t, { token: TOKEN })));
    expect(error.message).toMatch(/expected tfc:\/\/\[host\/\]organization\/workspace/);
  });

  it('loadState parses the downloaded state (needs parseState)', async () => {
    const t = await fake();
    const state = await loadState('tfc://acme/network-prod', opts(t, { token: TOKEN }));
    expect(state.resources).toHaveLength(1);
  });
});
