import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchStateBytes, loadState, type LoadStateOptions } from '../../src/state/load-state.js';
import {
  startFakeGoogle,
  type FakeGoogle,
  type FakeGoogleConfig,
} from '../helpers/state-server-gcs.js';
import { SMALL_STATE_TEXT } from '../helpers/state-server-http.js';
import { sourceErrorWithout, text, useTempDir } from './helpers.js';

const TOKEN = 'ya29.static-access-token-abc';
const SECRETS = {
  clientSecret: 'd-FL95Q19q7MQmFpd7hHD0Ty',
  refreshToken: '1//0refresh-token-secret-xyz',
  userToken: 'ya29.from-refresh-token-123',
  saToken: 'ya29.from-service-account-456',
};
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SA_EMAIL = 'drift-reader@acme-prod.iam.gserviceaccount.com';
const CLIENT_ID = 'client-1.apps.googleusercontent.com';
/** Application default credentials of a gcloud user login, as `gcloud auth` writes them. */
const AUTHORIZED_USER = {
  type: 'authorized_user',
  client_id: CLIENT_ID,
  client_secret: SECRETS.clientSecret,
  refresh_token: SECRETS.refreshToken,
};

const tempDir = useTempDir('tfdrift-gcs-');
let google: FakeGoogle | undefined;

afterEach(async () => {
  await google?.close();
  google = undefined;
});

async function fake(extra: Partial<FakeGoogleConfig> = {}): Promise<FakeGoogle> {
  google = await startFakeGoogle({
    objects: {
      'acme-tf/network/default.tfstate': SMALL_STATE_TEXT,
      'acme-tf/network/dev.tfstate': SMALL_STATE_TEXT.replace('"serial": 7', '"serial": 11'),
      'acme-tf/legacy/terraform.tfstate': SMALL_STATE_TEXT,
    },
    validTokens: new Set([TOKEN, SECRETS.userToken, SECRETS.saToken]),
    refresh: {
      clientId: CLIENT_ID,
      clientSecret: SECRETS.clientSecret,
      refreshToken: SECRETS.refreshToken,
      issues: SECRETS.userToken,
    },
    serviceAccount: {
      email: SA_EMAIL,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issues: SECRETS.saToken,
    },
    ...extra,
  });
  return google;
}

function opts(
  g: FakeGoogle,
  gcs: LoadStateOptions['gcs'] = {},
  env: Record<string, string> = {},
): LoadStateOptions {
  return {
    retryDelayMs: 1,
    maxRetryDelayMs: 5,
    // An empty HOME keeps the real gcloud well-known file out of the tests.
    env: { HOME: tempDir(), ...env },
    gcs: { endpoint: g.endpoint, ...gcs },
  };
}

const sourceError = (promise: Promise<unknown>) =>
  sourceErrorWithout(promise, [TOKEN, ...Object.values(SECRETS), 'PRIVATE KEY']);

async function adcFile(name: string, content: unknown): Promise<string> {
  const path = join(tempDir(), name);
  await writeFile(path, JSON.stringify(content));
  return path;
}

describe('gs:// sources against a local GCS JSON API', () => {
  it('downloads an object with alt=media and a bearer token', async () => {
    const g = await fake();
    const fetched = await fetchStateBytes(
      'gs://acme-tf/legacy/terraform.tfstate',
      opts(g, { token: TOKEN }),
    );
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe('gs://acme-tf/legacy/terraform.tfstate');
    expect(g.requests[0]?.url).toBe('/storage/v1/b/acme-tf/o/legacy%2Fterraform.tfstate?alt=media');
    expect(g.requests[0]?.method).toBe('GET');
  });

  it('treats a path as the backend prefix: default.tfstate, or <workspace>.tfstate', async () => {
    const g = await fake();
    const dflt = await fetchStateBytes('gs://acme-tf/network', opts(g, { token: TOKEN }));
    expect(dflt.source).toBe('gs://acme-tf/network/default.tfstate');
    const dev = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, { token: TOKEN, workspace: 'dev' }),
    );
    expect(text(dev.bytes)).toContain('"serial": 11');
  });

  it('takes the shared token option and GOOGLE_OAUTH_ACCESS_TOKEN', async () => {
    const g = await fake();
    await fetchStateBytes('gs://acme-tf/network', { ...opts(g), token: TOKEN });
    await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, {}, { GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN }),
    );
    expect(g.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('ADC authorized_user: exchanges the refresh token at the token endpoint', async () => {
    const g = await fake();
    const file = await adcFile('user.json', AUTHORIZED_USER);
    const fetched = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, { tokenEndpoint: g.tokenEndpoint }, { GOOGLE_APPLICATION_CREDENTIALS: file }),
    );
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(g.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(g.requests[1]?.headers.authorization).toBe(`Bearer ${SECRETS.userToken}`);
  });

  it('GOOGLE_CREDENTIALS holding the key JSON itself, or a path to it (gcs backend rules)', async () => {
    const g = await fake();
    const key = JSON.stringify({
      type: 'service_account',
      private_key: PRIVATE_PEM,
      client_email: SA_EMAIL,
      token_uri: g.tokenEndpoint,
    });
    const inline = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, {}, { GOOGLE_CREDENTIALS: key }),
    );
    expect(text(inline.bytes)).toBe(SMALL_STATE_TEXT);
    const path = await adcFile('backend-sa.json', JSON.parse(key));
    const viaPath = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, {}, { GOOGLE_BACKEND_CREDENTIALS: path, GOOGLE_CREDENTIALS: '{"type":"nonsense"}' }),
    );
    expect(text(viaPath.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('GOOGLE_CREDENTIALS that is neither readable nor JSON never echoes its value', async () => {
    const g = await fake();
    const broken = `{"private_key": "${SECRETS.refreshToken}"`;
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, {}, { GOOGLE_CREDENTIALS: broken })),
    );
    expect(error.message).toMatch(/the credentials in GOOGLE_CREDENTIALS are not valid JSON/);
  });

  it('ADC from the gcloud well-known file under CLOUDSDK_CONFIG', async () => {
    const g = await fake();
    const config = join(tempDir(), 'gcloud');
    await import('node:fs/promises').then((fs) => fs.mkdir(config, { recursive: true }));
    await writeFile(
      join(config, 'application_default_credentials.json'),
      JSON.stringify(AUTHORIZED_USER),
    );
    const fetched = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, { tokenEndpoint: g.tokenEndpoint }, { CLOUDSDK_CONFIG: config }),
    );
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('ADC service_account: an RS256 JWT bearer grant, verified by the token endpoint', async () => {
    const g = await fake();
    const file = await adcFile('sa.json', {
      type: 'service_account',
      project_id: 'acme-prod',
      private_key_id: 'abc123',
      private_key: PRIVATE_PEM,
      client_email: SA_EMAIL,
      token_uri: g.tokenEndpoint,
    });
    const fetched = await fetchStateBytes(
      'gs://acme-tf/network',
      opts(g, { credentialsFile: file }),
    );
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(g.lastJwtClaims?.scope).toBe('https://www.googleapis.com/auth/devstorage.read_only');
    expect(g.lastJwtClaims?.iss).toBe(SA_EMAIL);
    expect(g.requests[1]?.headers.authorization).toBe(`Bearer ${SECRETS.saToken}`);
  });

  it('a service account key signed by another key is refused (invalid_grant), without leaking the key', async () => {
    const g = await fake();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const file = await adcFile('sa-wrong.json', {
      type: 'service_account',
      private_key: other,
      client_email: SA_EMAIL,
      token_uri: g.tokenEndpoint,
    });
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { credentialsFile: file })),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/invalid_grant: Invalid JWT Signature/);
    expect(error.message).not.toContain(other.slice(40, 80));
  });

  it('a service account key without an email, with a key that is not PEM, or with a bad token_uri', async () => {
    const g = await fake();
    const read = async (content: Record<string, unknown>) =>
      sourceError(
        fetchStateBytes(
          'gs://acme-tf/network',
          opts(g, { credentialsFile: await adcFile('sa-bad.json', content) }),
        ),
      );
    const base = { type: 'service_account', token_uri: g.tokenEndpoint };
    const noEmail = await read({ ...base, private_key: PRIVATE_PEM });
    expect(noEmail.message).toMatch(/lacks client_email or private_key/);
    const notPem = await read({
      ...base,
      client_email: SA_EMAIL,
      private_key: SECRETS.refreshToken,
    });
    expect(notPem.message).toMatch(/private key is not a valid PEM key/);
    const badUri = await read({
      ...base,
      client_email: SA_EMAIL,
      private_key: PRIVATE_PEM,
      token_uri: 'not a url',
    });
    expect(badUri.message).toMatch(/invalid token endpoint/);
    expect(g.requests).toHaveLength(0);
  });

  it('a token endpoint that answers without an access_token', async () => {
    const g = await fake();
    const endpoint = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token_type": "Bearer"}');
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = endpoint.address() as AddressInfo;
      const file = await adcFile('sa-no-token.json', {
        type: 'service_account',
        private_key: PRIVATE_PEM,
        client_email: SA_EMAIL,
        token_uri: `http://127.0.0.1:${port}/token`,
      });
      const error = await sourceError(
        fetchStateBytes('gs://acme-tf/network', opts(g, { credentialsFile: file })),
      );
      expect(error.message).toMatch(/answered without an access_token/);
      expect(g.requests).toHaveLength(0);
    } finally {
      endpoint.closeAllConnections();
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });

  it('a rejected refresh token: 400 invalid_grant, secrets scrubbed', async () => {
    const g = await fake();
    const file = await adcFile('user-bad.json', {
      ...AUTHORIZED_USER,
      refresh_token: 'revoked-refresh-token-000',
    });
    const error = await sourceError(
      fetchStateBytes(
        'gs://acme-tf/network',
        opts(g, { tokenEndpoint: g.tokenEndpoint, credentialsFile: file }),
      ),
    );
    expect(error.message).toMatch(/invalid_grant/);
    expect(error.message).not.toContain('revoked-refresh-token-000');
  });

  it('no credentials at all: says how to provide them', async () => {
    const g = await fake();
    const error = await sourceError(fetchStateBytes('gs://acme-tf/network', opts(g)));
    expect(error.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
    expect(g.requests).toHaveLength(0);
  });

  it('an unreadable, a non-JSON and an unsupported credentials file', async () => {
    const g = await fake();
    const missing = await sourceError(
      fetchStateBytes(
        'gs://acme-tf/network',
        opts(g, { credentialsFile: join(tempDir(), 'nope.json') }),
      ),
    );
    expect(missing.message).toMatch(/cannot be read/);
    const notJson = join(tempDir(), 'garbage.json');
    await writeFile(notJson, `{"private_key": "${SECRETS.refreshToken}"`);
    const bad = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { credentialsFile: notJson })),
    );
    expect(bad.message).toMatch(/not valid JSON/);
    const external = await adcFile('external.json', { type: 'external_account' });
    const unsupported = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { credentialsFile: external })),
    );
    expect(unsupported.message).toMatch(/"external_account".*not supported/);
  });

  it('401 Invalid Credentials: not retried', async () => {
    const g = await fake();
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { token: 'ya29.expired-token-xyz' })),
    );
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Invalid Credentials');
    expect(error.message).not.toContain('ya29.expired-token-xyz');
    expect(g.requests).toHaveLength(1);
  });

  it('403 permission denied', async () => {
    const g = await fake({ forbiddenTokens: new Set(['ya29.reader-without-access']) });
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { token: 'ya29.reader-without-access' })),
    );
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/storage\.objects\.get/);
  });

  it('404 No such object names the resolved object', async () => {
    const g = await fake();
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', opts(g, { token: TOKEN, workspace: 'prod' })),
    );
    expect(error.status).toBe(404);
    expect(error.message).toContain('gs://acme-tf/network/prod.tfstate');
    expect(error.message).toContain('No such object: acme-tf/network/prod.tfstate');
  });

  it('429 then 503 then success', async () => {
    const g = await fake({ failFirst: [429, 503] });
    const fetched = await fetchStateBytes('gs://acme-tf/network', opts(g, { token: TOKEN }));
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(g.requests).toHaveLength(3);
  });

  it('5xx until retries run out', async () => {
    const g = await fake({ failFirst: [503, 503, 503] });
    const error = await sourceError(
      fetchStateBytes('gs://acme-tf/network', { ...opts(g, { token: TOKEN }), retries: 2 }),
    );
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(g.requests).toHaveLength(3);
  });

  it('loadState parses the object (needs parseState)', async () => {
    const g = await fake();
    const state = await loadState(
      'gs://acme-tf/network',
      opts(g, { token: TOKEN, workspace: 'dev' }),
    );
    expect(state.serial).toBe(11);
  });
});
