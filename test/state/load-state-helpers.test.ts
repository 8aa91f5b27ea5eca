import { describe, expect, it } from 'vitest';
import { StateSourceError } from '../../src/errors.js';
import { isRetryableStatus, retryDelay } from '../../src/state/sources/fetch-with-retry.js';
import { resolveGcsLocation } from '../../src/state/sources/gcs-source.js';
import { importOptional } from '../../src/state/sources/import-optional.js';
import { scrubSecrets } from '../../src/shared/scrub-secrets.js';
import { REDACTED, redactSource } from '../../src/state/sources/redact-url.js';
import { resolveS3Location } from '../../src/state/sources/s3-source.js';
import { resolveTfcLocation } from '../../src/state/sources/tfc-source.js';
import { tokenEnvName, tokenFromEnv } from '../../src/state/sources/tfc-token.js';

describe('redactSource', () => {
  it('drops userinfo and the values of signed-URL and token query parameters', () => {
    const url =
      'https://AKIA:s3cr3t@bucket.s3.amazonaws.com/state?X-Amz-Signature=abcdef&X-Amz-Credential=AKIA%2F2024&X-Amz-Security-Token=sessq9z&versionId=3&token=t0k3n';
    const redacted = redactSource(url);
    for (const secret of ['s3cr3t', 'abcdef', 'AKIA', 'sessq9z', 't0k3n'])
      expect(redacted).not.toContain(secret);
    expect(redacted).toContain('versionId=3');
    expect(redacted).toContain('X-Amz-Signature=REDACTED');
    expect(redacted.startsWith('https://bucket.s3.amazonaws.com/state?')).toBe(true);
  });

  it('leaves paths, "-" and clean URLs alone', () => {
    expect(redactSource('./terraform.tfstate')).toBe('./terraform.tfstate');
    expect(redactSource('C:\\states\\prod.tfstate')).toBe('C:\\states\\prod.tfstate');
    expect(redactSource('-')).toBe('-');
    expect(redactSource('s3://bucket/key')).toBe('s3://bucket/key');
  });

  it('strips userinfo even from a URL that does not parse', () => {
    expect(redactSource('https://u:hunter22@bad host/x')).toBe('https://bad host/x');
  });

  it('scrubSecrets replaces every occurrence and ignores tiny values', () => {
    expect(scrubSecrets('a token123 b token123', ['token123', 'a', undefined], REDACTED)).toBe(
      'a REDACTED b REDACTED',
    );
  });

  it('scrubSecrets replaces a secret that contains another whole, whatever their order', () => {
    // Shorter first: replacing it first would leave the longer one's tail ("-suffix") behind.
    expect(scrubSecrets('key=abcd1234-suffix; id=abcd1234', ['abcd1234', 'abcd1234-suffix'])).toBe(
      'key=[REDACTED]; id=[REDACTED]',
    );
  });
});

describe('retryDelay', () => {
  const half = () => 0.5;
  it('grows exponentially with equal jitter', () => {
    expect(retryDelay(0, undefined, { retryDelayMs: 100 }, () => 0)).toBe(50);
    expect(retryDelay(0, undefined, { retryDelayMs: 100 }, () => 1)).toBe(100);
    expect(retryDelay(3, undefined, { retryDelayMs: 100 }, half)).toBe(600);
  });

  it('is capped by maxRetryDelayMs', () => {
    expect(retryDelay(20, undefined, { retryDelayMs: 100, maxRetryDelayMs: 1000 }, () => 1)).toBe(
      1000,
    );
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', () => {
    expect(retryDelay(0, { retryAfter: '2' }, { maxRetryDelayMs: 10_000 }, half)).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelay(0, { retryAfter: 'Thu, 01 Jan 2026 00:00:03 GMT' }, {}, half, now)).toBe(
      3000,
    );
    expect(retryDelay(0, { retryAfter: 'Wed, 31 Dec 2025 00:00:00 GMT' }, {}, half, now)).toBe(0);
    expect(retryDelay(0, { retryAfter: '3600' }, { maxRetryDelayMs: 5000 }, half)).toBe(5000);
  });

  it("honours Terraform Cloud's X-RateLimit-Reset when there is no Retry-After", () => {
    expect(retryDelay(0, { rateLimitReset: '0.25' }, {}, half)).toBe(250);
    expect(
      retryDelay(0, { retryAfter: 'garbage', rateLimitReset: null }, { retryDelayMs: 10 }, half),
    ).toBe(8);
  });

  it('classifies statuses', () => {
    expect([429, 408, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409].some(isRetryableStatus)).toBe(false);
  });
});

describe('TF_TOKEN_<host> (Terraform cliconfig rule)', () => {
  it('maps dots to _ and hyphens to __', () => {
    const env = { TF_TOKEN_tfe_my__corp_example_com: 'tok-1', TF_TOKEN_app_terraform_io: 'tok-2' };
    expect(tokenFromEnv('tfe.my-corp.example.com', env)).toBe('tok-1');
    expect(tokenFromEnv('app.terraform.io', env)).toBe('tok-2');
    expect(tokenFromEnv('APP.Terraform.IO', env)).toBe('tok-2');
    expect(tokenFromEnv('other.example.com', env)).toBeUndefined();
    expect(tokenEnvName('tfe.my-corp.example.com')).toBe('TF_TOKEN_tfe_my__corp_example_com');
  });

  it('accepts Unicode and Punycode spellings of an IDN host', () => {
    expect(tokenFromEnv('café.fr', { TF_TOKEN_xn____caf__dma_fr: 'tok' })).toBe('tok');
    expect(tokenFromEnv('xn--caf-dma.fr', { TF_TOKEN_café_fr: 'tok' })).toBe('tok');
  });
});

describe('source locations', () => {
  it('s3: default workspace at key, others under the workspace key prefix', () => {
    const url = new URL('s3://states/network/terraform.tfstate');
    expect(resolveS3Location(url, {})).toEqual({
      bucket: 'states',
      key: 'network/terraform.tfstate',
    });
    expect(resolveS3Location(url, { workspace: 'default' }).key).toBe('network/terraform.tfstate');
    expect(resolveS3Location(url, { workspace: 'dev' }).key).toBe(
      'env:/dev/network/terraform.tfstate',
    );
    expect(resolveS3Location(url, { workspace: 'dev', workspaceKeyPrefix: 'ws' }).key).toBe(
      'ws/dev/network/terraform.tfstate',
    );
    expect(() => resolveS3Location(new URL('s3://states'), {})).toThrow(StateSourceError);
  });

  it('gs: an object path, or a prefix holding <workspace>.tfstate', () => {
    expect(resolveGcsLocation(new URL('gs://b/envs/prod.tfstate'), undefined).object).toBe(
      'envs/prod.tfstate',
    );
    expect(resolveGcsLocation(new URL('gs://b/terraform/state'), undefined).object).toBe(
      'terraform/state/default.tfstate',
    );
    expect(resolveGcsLocation(new URL('gs://b/terraform/state/'), 'dev').object).toBe(
      'terraform/state/dev.tfstate',
    );
    expect(resolveGcsLocation(new URL('gs://b'), undefined).object).toBe('default.tfstate');
  });

  it('an invalid s3 or gs source is named without its secret query parameters', () => {
    const thrown = (f: () => unknown): StateSourceError => {
      try {
        f();
      } catch (error) {
        return error as StateSourceError;
      }
      throw new Error('expected a throw');
    };
    const gcs = thrown(() => resolveGcsLocation(new URL('gs://?token=tok-secret-1'), undefined));
    expect(gcs).toBeInstanceOf(StateSourceError);
    expect(gcs.message).toMatch(
      /^Invalid GCS source gs:\/\/\?token=.*: expected gs:\/\/bucket\/path$/,
    );
    const s3 = thrown(() =>
      resolveS3Location(new URL('s3://states?X-Amz-Signature=sig-secret-2'), {}),
    );
    expect(s3).toBeInstanceOf(StateSourceError);
    expect(s3.message).toMatch(/^Invalid S3 source s3:\/\/states\?X-Amz-Signature=/);
    for (const e of [gcs, s3]) {
      expect(e.message).not.toMatch(/secret/);
      expect(e.source).not.toMatch(/secret/);
    }
  });

  it('tfc: [host/]org/workspace', () => {
    expect(resolveTfcLocation(new URL('tfc://acme/network'))).toEqual({
      host: 'app.terraform.io',
      organization: 'acme',
      workspace: 'network',
    });
    expect(resolveTfcLocation(new URL('tfc://tfe.example.com/acme/network')).host).toBe(
      'tfe.example.com',
    );
    expect(resolveTfcLocation(new URL('tfc://localhost:8080/acme/net')).host).toBe(
      'localhost:8080',
    );
    expect(resolveTfcLocation(new URL('tfc://acme'), 'from-option').workspace).toBe('from-option');
    expect(() => resolveTfcLocation(new URL('tfc://acme'))).toThrow(StateSourceError);
    expect(() => resolveTfcLocation(new URL('tfc://h.example.com/a/b/c'))).toThrow(/expected tfc:/);
  });
});

describe('importOptional', () => {
  it('names the package to install when it is missing', async () => {
    const name = 'tfdrift-test-package-that-is-not-installed';
    const error = await importOptional(() => import(name), name, 's3://b/k').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StateSourceError);
    expect((error as Error).message).toContain(`npm install ${name}`);
    expect((error as StateSourceError).source).toBe('s3://b/k');
  });

  it('reports a package that fails while loading differently', async () => {
    const error = await importOptional(
      () => Promise.reject(new SyntaxError('bad')),
      'pkg',
      'src',
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/failed to load/);
  });

  it('returns the module when it loads', async () => {
    const mod = await importOptional(() => import('node:path'), 'node:path', 'src');
    expect(typeof mod.join).toBe('function');
  });
});
