/**
 * A local stand-in for Google Cloud Storage's JSON API (`alt=media` downloads) and Google's
 * OAuth token endpoint, answering with the shapes and status codes the real services use.
 */
import { createVerify } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type SeenRequest, type TestServer } from './state-server-http.js';

/** What the fake Google accepts. */
export interface FakeGoogleConfig {
  /** `bucket/object` → content. */
  objects: Record<string, string>;
  /** Bearer tokens the storage API accepts. */
  validTokens: Set<string>;
  /** Tokens that authenticate but may not read (403). */
  forbiddenTokens?: Set<string>;
  /** The refresh-token grant accepted by the token endpoint, and the token it issues. */
  refresh?: { clientId: string; clientSecret: string; refreshToken: string; issues: string };
  /** The service account whose JWTs are accepted (verified with its public key), and the token issued. */
  serviceAccount?: { email: string; publicKeyPem: string; issues: string };
  /** Statuses to answer storage requests with before behaving normally (429, 503...). */
  failFirst?: number[];
}

/** A running fake Google. */
export interface FakeGoogle extends TestServer {
  /** Storage JSON API root, for `gcs.endpoint`. */
  endpoint: string;
  /** OAuth token endpoint, for `gcs.tokenEndpoint` or an ADC file's `token_uri`. */
  tokenEndpoint: string;
  /** The JWT claims of the last jwt-bearer grant. */
  lastJwtClaims?: Record<string, unknown>;
}

function gcsError(res: ServerResponse, code: number, message: string, reason: string): void {
  sendJson(res, code, {
    error: { code, message, errors: [{ message, domain: 'global', reason }] },
  });
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeGoogle(config: FakeGoogleConfig): Promise<FakeGoogle> {
  const failures = [...(config.failFirst ?? [])];
  const fake = {} as FakeGoogle;
  const server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/token' && req.method === 'POST') {
      tokenEndpoint(req, res);
      return;
    }
    const match = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !match || url.searchParams.get('alt') !== 'media') {
      gcsError(res, 400, 'Invalid request', 'invalid');
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      if (failure === 429) {
        gcsError(
          res,
          429,
          'The rate of requests exceeds the rate limit. Please reduce the rate.',
          'rateLimitExceeded',
        );
      } else {
        gcsError(res, failure, 'Backend Error', 'backendError');
      }
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (
      token === undefined ||
      !(config.validTokens.has(token) || config.forbiddenTokens?.has(token))
    ) {
      res.setHeader('www-authenticate', 'Bearer realm="https://accounts.google.com/"');
      gcsError(res, 401, 'Invalid Credentials', 'authError');
      return;
    }
    const bucket = decodeURIComponent(match[1] ?? '');
    const object = decodeURIComponent(match[2] ?? '');
    if (config.forbiddenTokens?.has(token)) {
      gcsError(
        res,
        403,
        `reader@example.iam.gserviceaccount.com does not have storage.objects.get access to the Google Cloud Storage object. Permission 'storage.objects.get' denied on resource (or it may not exist).`,
        'forbidden',
      );
      return;
    }
    const content = config.objects[`${bucket}/${object}`];
    if (content === undefined) {
      gcsError(res, 404, `No such object: ${bucket}/${object}`, 'notFound');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(content);
  });

  function tokenEndpoint(req: SeenRequest, res: ServerResponse): void {
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    const r = config.refresh;
    if (
      grant === 'refresh_token' &&
      r &&
      form.get('client_id') === r.clientId &&
      form.get('client_secret') === r.clientSecret &&
      form.get('refresh_token') === r.refreshToken
    ) {
      sendJson(res, 200, {
        access_token: r.issues,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/devstorage.read_only',
      });
      return;
    }
    const sa = config.serviceAccount;
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && sa) {
      const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
      const valid =
        header !== undefined &&
        claims !== undefined &&
        signature !== undefined &&
        createVerify('RSA-SHA256')
          .update(`${header}.${claims}`)
          .verify(sa.publicKeyPem, signature, 'base64url');
      const parsed = valid
        ? (JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>)
        : {};
      if (valid && parsed.iss === sa.email && parsed.aud === fake.tokenEndpoint) {
        fake.lastJwtClaims = parsed;
        sendJson(res, 200, { access_token: sa.issues, expires_in: 3599, token_type: 'Bearer' });
        return;
      }
      sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      return;
    }
    sendJson(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
  }

  return Object.assign(fake, server, {
    endpoint: server.origin,
    tokenEndpoint: `${server.origin}/token`,
  });
}
