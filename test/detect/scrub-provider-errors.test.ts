/**
 * Provider errors are scrubbed of every secret of the scan, in every form a message carries
 * them, before they are cut: planted secrets are grepped for in every report format.
 */
import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../src/providers/aws/errors.js';
import { BUILTIN_RESOLVED } from '../../src/packs/builtin-packs.js';
import { classifyError, lazyScrubber, scrubMessage } from '../../src/detect/classify-error.js';
import { REPORT_FORMATS, defineProvider, detectDrift, formatReport } from '../../src/index.js';
import type { ReadResult } from '../../src/index.js';
import { scrubSecrets, secretForms } from '../../src/shared/scrub-secrets.js';
import { makeInstance, makeState } from '../../src/testing.js';

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAplantedPemLineOne0123456789abcdefghijklmnopqrstuv',
  'plantedPemLineTwo0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl',
  '-----END RSA PRIVATE KEY-----',
  '',
].join('\n');
const ADMIN_PASSWORD = 'Nested-Adm1n-Pw-7f3e9d';
const OTHER_BATCH_TOKEN = 'other-batch-token-4b8c2a1d';
const BEARER = 'tfc-TOKEN-abcdefgh12345678';

/** Fragments that must not survive: whole secrets and any 12-character piece of them. */
function fragments(secret: string): string[] {
  const out = [secret];
  for (let i = 0; i + 12 <= secret.length; i += 6) out.push(secret.slice(i, i + 12));
  return out.filter((f) => !f.includes('-----') && !f.includes('PRIVATE'));
}

const PLANTED = [
  ...PEM.split('\n').filter((l) => l.length > 40),
  ADMIN_PASSWORD,
  OTHER_BATCH_TOKEN,
  BEARER,
];

function leaked(text: string): string[] {
  return PLANTED.flatMap(fragments).filter((f) => text.includes(f));
}

describe('scrubbing provider errors', () => {
  it('finds no planted secret in any format: JSON-escaped PEM, nested admin_password, other batches, a cut token', async () => {
    const key = makeInstance({
      type: 'tls_private_key',
      name: 'k',
      attributes: { id: 'k', private_key_pem: PEM },
    });
    const vm = makeInstance({
      type: 'example_vm',
      name: 'vm',
      attributes: { id: 'vm', os_profile: [{ admin_password: ADMIN_PASSWORD }] },
    });
    const api = makeInstance({
      type: 'example_api',
      name: 'api',
      attributes: { id: 'api', config: { access_token: OTHER_BATCH_TOKEN } },
    });
    const failing = makeInstance({ type: 'example_thing', name: 'c', attributes: { id: 'c' } });
    // The quoted request echoes secrets of other instances (each read in its own batch),
    // and the padding puts the bearer token across the 1,000-character cut.
    const echo = JSON.stringify({
      request: {
        private_key_pem: PEM,
        os_profile: [{ admin_password: ADMIN_PASSWORD }],
        token: OTHER_BATCH_TOKEN,
      },
    });
    const pad = 'x'.repeat(Math.max(0, 990 - echo.length - 20));
    const message = `upstream rejected ${JSON.stringify(echo)} ${pad} Bearer ${BEARER} (status 401)`;
    const provider = defineProvider({
      name: 'fake',
      supports: ['tls_private_key', 'example_vm', 'example_api', 'example_thing'],
      maxBatchSize: 1,
      read(batch): Promise<ReadResult[]> {
        return Promise.resolve(
          batch.map((i): ReadResult => {
            if (i.type !== 'example_thing') {
              return { address: i.address, status: 'found', attributes: i.attributes };
            }
            return {
              address: i.address,
              status: 'error',
              error: { code: 'AUTH', message, retryable: false },
            };
          }),
        );
      },
    });
    const report = await detectDrift({
      state: makeState([key, vm, api, failing]),
      providers: [provider],
    });
    const error = report.resources.find((r) => r.address === 'example_thing.c')?.error;
    expect(error?.message).toContain('upstream rejected');
    expect(error?.message).toContain('[REDACTED]');
    for (const format of REPORT_FORMATS) {
      expect(leaked(formatReport(report, format)), format).toEqual([]);
    }
  });

  it('a secret straddling the AWS message cut is scrubbed whole (scrub first, cut after)', () => {
    const secret = 'aws-echoed-secret-0a1b2c3d4e5f';
    const instance = makeInstance({
      type: 'aws_db_instance',
      name: 'd',
      attributes: { id: 'd', password: secret },
    });
    const sdkError = Object.assign(new Error(`${'word '.repeat(58)}${secret} tail`), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    const read = classifyAwsError(sdkError, 'rds:DescribeDBInstances');
    const message = scrubMessage(
      classifyError(read).message,
      lazyScrubber([instance], BUILTIN_RESOLVED.secrets)(),
    );
    expect(message).toContain('[REDACTED]');
    expect(leaked(message)).toEqual([]);
    expect(message).not.toContain(secret.slice(0, 10));
  });

  it('scrubs escaped forms of known secrets', () => {
    const secret = 'p@ss w/"rd&=1';
    for (const form of secretForms(secret)) {
      expect(scrubSecrets(`before ${form} after`, [secret]), form).toBe('before [REDACTED] after');
    }
    expect(scrubSecrets(`x ${encodeURIComponent(secret)} y`, [secret])).toBe('x [REDACTED] y');
    expect(scrubSecrets(Buffer.from(secret).toString('base64'), [secret])).toBe('[REDACTED]');
  });

  it('scrubs credentials recognisable by their shape even when their value is unknown', () => {
    const cases: [string, string][] = [
      ['Authorization: Bearer tfc-TOKEN-abcdefgh', 'tfc-TOKEN-abcdefgh'],
      ['{"admin_password":"Zq9-unknown-pw"}', 'Zq9-unknown-pw'],
      ['{\\"client_secret\\":\\"escaped-unknown-cs\\"}', 'escaped-unknown-cs'],
      ['GITHUB_TOKEN=ghx-unknown-value-1234', 'ghx-unknown-value-1234'],
      ['token ghp_0123456789abcdefghijABCDEFGHIJ', 'ghp_0123456789abcdefghijABCDEFGHIJ'],
      ['X-Api-Key: key-unknown-0987654321', 'key-unknown-0987654321'],
      ['postgres://app:unknown-pw-5566@db:5432/x', 'unknown-pw-5566'],
      [
        'session IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
        'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
      ],
      [
        '"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"',
        'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      ],
    ];
    for (const [text, secret] of cases) {
      const scrubbed = scrubSecrets(text, []);
      expect(scrubbed, text).not.toContain(secret);
      expect(scrubbed, text).toContain('[REDACTED]');
    }
    // A known secret after a secret name is redacted once, not again by its shape.
    expect(scrubSecrets('password=known-pw-1234; token: known-pw-1234', ['known-pw-1234'])).toBe(
      'password=[REDACTED]; token: [REDACTED]',
    );
    // Names that only mention a secret keep their values.
    expect(scrubSecrets('password_reset_required=true kms_key_id=abc-123', [])).toBe(
      'password_reset_required=true kms_key_id=abc-123',
    );
  });

  it("scrubs the log lines providers write of the state's secrets, unless revealSensitive", async () => {
    const vm = makeInstance({
      type: 'example_vm',
      name: 'vm',
      attributes: { id: 'vm', os_profile: [{ admin_password: ADMIN_PASSWORD }] },
    });
    // A provider relaying another program's output, which quotes the secret.
    const provider = defineProvider({
      name: 'chatty',
      supports: ['example_vm'],
      read(batch, ctx): Promise<ReadResult[]> {
        ctx.logger.warn(`plugin stderr: login with ${ADMIN_PASSWORD} failed`, {
          line: `password=${ADMIN_PASSWORD}`,
          nested: [{ echo: ADMIN_PASSWORD }],
          error: new Error(`the server said ${ADMIN_PASSWORD}`),
          attempts: 2,
        });
        // Data no plain walk reaches: nested past the depth limit, or not a plain object.
        let deep: unknown = { echo: ADMIN_PASSWORD };
        for (let i = 0; i < 20; i++) deep = { next: deep };
        ctx.logger.warn('odd data', {
          deep,
          body: Buffer.from(`token=${ADMIN_PASSWORD}`),
          url: new URL(`https://user:${ADMIN_PASSWORD}@example.test/`),
        });
        ctx.logger.debug(`retrying ${vm.address}`);
        return Promise.resolve(
          batch.map((i): ReadResult => ({
            address: i.address,
            status: 'found',
            attributes: i.attributes,
          })),
        );
      },
    });
    const scan = async (revealSensitive: boolean) => {
      const seen: { level: string; message: string; data?: Record<string, unknown> }[] = [];
      const logger = {
        warn: (message: string, data?: Record<string, unknown>) =>
          void seen.push({ level: 'warn', message, ...(data ? { data } : {}) }),
        debug: (message: string) => void seen.push({ level: 'debug', message }),
        info: () => undefined,
        error: () => undefined,
      };
      await detectDrift({ state: makeState([vm]), providers: [provider], logger, revealSensitive });
      return seen;
    };

    const scrubbed = await scan(false);
    const text = JSON.stringify(scrubbed);
    expect(leaked(text)).toEqual([]);
    expect(scrubbed).toContainEqual({
      level: 'warn',
      message: 'plugin stderr: login with [REDACTED] failed',
      data: {
        line: 'password=[REDACTED]',
        nested: [{ echo: '[REDACTED]' }],
        error: { name: 'Error', message: 'the server said [REDACTED]' },
        attempts: 2,
      },
    });
    const odd = scrubbed.find((l) => l.message === 'odd data')?.data;
    expect(JSON.stringify(odd)).toContain('[nested too deep]');
    expect(odd?.body).toBe('token=[REDACTED]');
    expect(odd?.url).toBe('https://[REDACTED]@example.test/');
    // What is not a secret reads as it was written.
    expect(scrubbed).toContainEqual({ level: 'debug', message: 'retrying example_vm.vm' });

    const revealed = JSON.stringify(await scan(true));
    expect(revealed).toContain(`login with ${ADMIN_PASSWORD} failed`);
  });
});
