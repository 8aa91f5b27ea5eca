/**
 * OpenTofu encrypted states. No passphrase for the corpus envelopes is known, so the
 * round trip encrypts here with OpenTofu's layout, written out independently of the
 * implementation (keyprovider/pbkdf2 + method/aesgcm): key = PBKDF2(passphrase, salt,
 * iterations, key_length, hash); data = nonce(12) ‖ AES-GCM ciphertext ‖ tag(16).
 */
import { createCipheriv, randomBytes, pbkdf2Sync, type CipherGCMTypes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateParseError, UnsupportedStateError } from '../../src/errors.js';
import { parseState } from '../../src/state/parse-state.js';
import { loadState } from '../../src/state/load-state.js';
import { PBKDF2_LIMITS } from '../../src/state/opentofu-decrypt.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';

const PLAIN = JSON.stringify({
  version: 4,
  terraform_version: '1.8.0',
  serial: 16,
  lineage: 'f7d41e0b',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'b',
      provider: 'provider["registry.opentofu.org/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes: { id: 'bucket-1' } }],
    },
  ],
});

interface EnvelopeOptions {
  passphrase: string;
  hash?: 'sha256' | 'sha512';
  keyLength?: 16 | 24 | 32;
  name?: string;
  iterations?: number;
  version?: string;
}

function encrypt(plaintext: string, options: EnvelopeOptions): string {
  const { hash = 'sha512', keyLength = 32, name = 'passphrase_key', iterations = 1000 } = options;
  const salt = randomBytes(32);
  const key = pbkdf2Sync(options.passphrase, salt, iterations, keyLength, hash);
  const nonce = randomBytes(12);
  const cipher = createCipheriv(`aes-${keyLength * 8}-gcm` as CipherGCMTypes, key, nonce);
  const sealed = Buffer.concat([
    nonce,
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const meta = {
    salt: salt.toString('base64'),
    iterations,
    hash_function: hash,
    key_length: keyLength,
  };
  return JSON.stringify({
    serial: 16,
    lineage: 'f7d41e0b',
    meta: { [`key_provider.pbkdf2.${name}`]: Buffer.from(JSON.stringify(meta)).toString('base64') },
    encrypted_data: sealed.toString('base64'),
    encryption_version: options.version ?? 'v0',
  });
}

function attempt(text: string, passphrase?: string): unknown {
  try {
    parseState(text, {
      source: 'enc.tfstate',
      ...(passphrase === undefined ? {} : { passphrase }),
    });
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('OpenTofu encrypted state', () => {
  it.each([
    ['sha512', 32],
    ['sha256', 16],
    ['sha256', 24],
  ] as const)(
    'decrypts pbkdf2 (%s) + aes_gcm (%i-byte key) with the passphrase',
    (hash, keyLength) => {
      const text = encrypt(PLAIN, { passphrase: 'correct-horse-battery-staple', hash, keyLength });
      const state = parseState(text, {
        passphrase: 'correct-horse-battery-staple',
        source: 'enc.tfstate',
      });
      expect(state.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b']);
      expect(state).toMatchObject({
        format: 'v4',
        serial: 16,
        writer: 'opentofu',
        source: 'enc.tfstate',
      });
    },
  );

  it('tries every pbkdf2 key provider in meta (fallback configurations)', () => {
    const first = JSON.parse(
      encrypt(PLAIN, { passphrase: 'other-passphrase-123', name: 'old' }),
    ) as {
      meta: Record<string, string>;
    };
    const second = JSON.parse(
      encrypt(PLAIN, { passphrase: 'right-passphrase-456', name: 'new' }),
    ) as {
      meta: Record<string, string>;
    };
    const combined = JSON.stringify({ ...second, meta: { ...first.meta, ...second.meta } });
    expect(parseState(combined, { passphrase: 'right-passphrase-456' }).resources).toHaveLength(1);
  });

  it('without a passphrase: UnsupportedStateError kind "encrypted" naming the key provider', () => {
    const error = attempt(encrypt(PLAIN, { passphrase: 'correct-horse-battery-staple' }));
    expect(error).toBeInstanceOf(UnsupportedStateError);
    expect(error).toMatchObject({
      kind: 'encrypted',
      pointer: '/encryption_version',
      source: 'enc.tfstate',
    });
    expect((error as Error).message).toContain('key_provider.pbkdf2.passphrase_key');
  });

  it('with a wrong passphrase: StateParseError DECRYPT_FAILED, passphrase not echoed', () => {
    const error = attempt(
      encrypt(PLAIN, { passphrase: 'correct-horse-battery-staple' }),
      'wrong-passphrase-xyz',
    );
    expect(error).toBeInstanceOf(StateParseError);
    expect(error).toMatchObject({ reason: 'DECRYPT_FAILED', pointer: '/encrypted_data' });
    expect((error as Error).message).not.toContain('wrong-passphrase-xyz');
  });

  it('rejects other key providers, unknown versions and bad metadata with typed errors', () => {
    const other = JSON.stringify({
      meta: { 'key_provider.aws_kms.k': Buffer.from('{}').toString('base64') },
      encrypted_data: 'AAAA',
      encryption_version: 'v0',
    });
    expect(attempt(other, 'a-passphrase-long-enough')).toMatchObject({
      kind: 'encrypted',
      pointer: '/meta',
    });
    expect(attempt(encrypt(PLAIN, { passphrase: 'p', version: 'v9' }), 'p')).toMatchObject({
      kind: 'encrypted',
      pointer: '/encryption_version',
    });
    const badMeta = JSON.stringify({
      meta: {
        'key_provider.pbkdf2.k': Buffer.from(
          JSON.stringify({
            salt: 'c2FsdA==',
            iterations: 1e12,
            hash_function: 'md5',
            key_length: 32,
          }),
        ).toString('base64'),
      },
      encrypted_data: 'AAAA',
      encryption_version: 'v0',
    });
    const error = attempt(badMeta, 'p') as StateParseError;
    expect(error).toBeInstanceOf(StateParseError);
    expect(error.issues.map((i) => i.path)).toEqual([
      '/meta/key_provider.pbkdf2.k/iterations',
      '/meta/key_provider.pbkdf2.k/hash_function',
    ]);
    const notBase64 = JSON.stringify({ encrypted_data: '%%%', encryption_version: 'v0' });
    expect((attempt(notBase64) as StateParseError).pointer).toBe('/encrypted_data');
    const notJsonMeta = JSON.stringify({
      meta: { 'key_provider.pbkdf2.k': Buffer.from('nope').toString('base64') },
      encrypted_data: 'AAAA',
      encryption_version: 'v0',
    });
    expect((attempt(notJsonMeta, 'p') as StateParseError).pointer).toBe(
      '/meta/key_provider.pbkdf2.k',
    );
  });

  it.skipIf(!hasCorpus)(
    'recognises the real envelopes in the corpus (600,000 iterations, wrong passphrase)',
    () => {
      const text = readFileSync(corpusPath('state', 'tofu-encrypted-pbkdf2-small.tfstate'));
      expect(attempt(text.toString())).toMatchObject({ kind: 'encrypted' });
      expect(attempt(text.toString(), 'not-the-passphrase')).toMatchObject({
        reason: 'DECRYPT_FAILED',
      });
    },
  );
});

/** An envelope naming `iterations.length` pbkdf2 key providers, none of them able to open it. */
function hostileEnvelope(iterations: number[]): string {
  const meta = Object.fromEntries(
    iterations.map((count, i) => [
      `key_provider.pbkdf2.k${i}`,
      Buffer.from(
        JSON.stringify({
          salt: 'c2FsdA==',
          iterations: count,
          hash_function: 'sha512',
          key_length: 32,
        }),
      ).toString('base64'),
    ]),
  );
  return JSON.stringify({
    meta,
    encrypted_data: randomBytes(64).toString('base64'),
    encryption_version: 'v0',
  });
}

describe('OpenTofu encrypted state: bounded key derivation', () => {
  it('refuses five key providers of 10 million iterations (944 bytes, 23 s of work) at once', () => {
    const text = hostileEnvelope([1e7, 1e7, 1e7, 1e7, 1e7]);
    expect(text.length).toBeLessThan(1000);
    const error = attempt(text, 'any-passphrase') as StateParseError;
    expect(error).toBeInstanceOf(StateParseError);
    expect(error.reason).toBe('DECRYPT_LIMIT');
    expect(error.message).toContain(`more than the limit of ${PBKDF2_LIMITS.keyProviders}`);
  });

  it('refuses one key provider over the iteration limit, pointing at it', () => {
    const error = attempt(hostileEnvelope([PBKDF2_LIMITS.iterations + 1]), 'pw') as StateParseError;
    expect(error.reason).toBe('INVALID_VALUE');
    expect(error.pointer).toBe('/meta/key_provider.pbkdf2.k0/iterations');
  });

  it('refuses key providers whose iterations together pass the limit', () => {
    const each = PBKDF2_LIMITS.iterations;
    const error = attempt(hostileEnvelope([each, each, each]), 'pw') as StateParseError;
    expect(error.reason).toBe('DECRYPT_LIMIT');
    expect(error.message).toContain(`${3 * each} iterations together`);
  });

  it('loadState derives the key without blocking the event loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfdrift-tofu-'));
    try {
      const path = join(dir, 'enc.tfstate');
      // About a second of SHA-256 work on one core.
      const iterations = 1_000_000;
      writeFileSync(
        path,
        encrypt(PLAIN, { passphrase: 'pw-0123456789', hash: 'sha256', iterations }),
      );
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      try {
        const state = await loadState(path, { passphrase: 'pw-0123456789' });
        expect(state.serial).toBe(16);
      } finally {
        clearInterval(timer);
      }
      // With pbkdf2Sync the interval cannot fire while the key is derived: at most a tick or two.
      expect(ticks).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
