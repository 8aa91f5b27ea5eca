/**
 * OpenTofu state encryption (1.7+, `internal/encryption`): the envelope
 * `{"meta": {"key_provider.pbkdf2.<name>": base64(JSON)}, "encrypted_data": base64,
 * "encryption_version": "v0", "serial", "lineage"}`.
 *
 * tfdrift decrypts the combination OpenTofu users pick by default, a `pbkdf2` key provider
 * with the `aes_gcm` method:
 * - key = PBKDF2(passphrase, salt, iterations, key_length, sha256|sha512), with the
 *   parameters stored in the meta JSON (`salt` is base64, as Go encodes `[]byte`);
 * - `encrypted_data` = 12-byte nonce ‖ ciphertext ‖ 16-byte GCM tag, no additional data
 *   (`gcm.Seal(nonce, nonce, data, nil)`), AES-128/192/256 by key length.
 */
import { createDecipheriv, pbkdf2, pbkdf2Sync, type CipherGCMTypes } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { StateParseError, UnsupportedStateError } from '../errors.js';
import { escapePointerToken } from './json-pointer.js';
import { issuesFromZod } from './zod-issues.js';

/**
 * Bounds on the work an envelope can ask for, since its metadata is input like any other:
 * five key providers of 10 million iterations in 944 bytes once took 23 seconds. OpenTofu's
 * default is 600,000 iterations (about 1.5 s of SHA-512 here); a rotation keeps a second key.
 */
export const PBKDF2_LIMITS = {
  /** Iterations of one key provider. */
  iterations: 2_000_000,
  /** pbkdf2 key providers tried. */
  keyProviders: 4,
  /** Iterations of all key providers together. */
  totalIterations: 4_000_000,
} as const;

const pbkdf2Async = promisify(pbkdf2);
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

const envelopeSchema = z.object({
  encryption_version: z.string().min(1),
  encrypted_data: base64,
  meta: z.record(z.string(), base64).optional(),
});

const pbkdf2MetaSchema = z.object({
  salt: base64.min(1),
  iterations: z.number().int().positive().max(PBKDF2_LIMITS.iterations),
  hash_function: z.enum(['sha256', 'sha512']),
  key_length: z.union([z.literal(16), z.literal(24), z.literal(32)]),
});

/**
 * Whether a parsed document is an OpenTofu encryption envelope.
 * @internal
 */
export function isEncryptedEnvelope(document: Record<string, unknown>): boolean {
  return typeof document.encryption_version === 'string' && document.encryption_version !== '';
}

function tryDecrypt(key: Buffer, data: Buffer): Buffer | undefined {
  if (data.length < NONCE_BYTES + TAG_BYTES) return undefined;
  const nonce = data.subarray(0, NONCE_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const ciphertext = data.subarray(NONCE_BYTES, data.length - TAG_BYTES);
  try {
    const algorithm = `aes-${key.length * 8}-gcm` as CipherGCMTypes;
    const decipher = createDecipheriv(algorithm, key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined; // Wrong key: the tag does not verify.
  }
}

/** One pbkdf2 key to derive and try. */
interface KeyCandidate {
  salt: Buffer;
  iterations: number;
  hash: 'sha256' | 'sha512';
  keyLength: number;
}

/** What decrypting an envelope takes: the data, the passphrase and the keys to try in order. */
interface DecryptionPlan {
  data: Buffer;
  passphrase: string;
  keys: KeyCandidate[];
}

/**
 * Decrypts an OpenTofu envelope with a pbkdf2 passphrase, deriving the keys on the calling
 * thread (at most {@link PBKDF2_LIMITS}). Without a passphrase, or when the state uses
 * another key provider or version, throws {@link UnsupportedStateError} (`kind:
 * 'encrypted'`); for metadata over the limits, {@link StateParseError} (`reason:
 * 'DECRYPT_LIMIT'`); with a passphrase that does not open it, `reason: 'DECRYPT_FAILED'`.
 * @internal
 */
export function decryptEnvelope(
  document: Record<string, unknown>,
  passphrase: string | undefined,
  source: string,
): Buffer {
  const plan = planDecryption(document, passphrase, source);
  for (const candidate of plan.keys) {
    const { salt, iterations, keyLength, hash } = candidate;
    const key = pbkdf2Sync(plan.passphrase, salt, iterations, keyLength, hash);
    const plaintext = tryDecrypt(key, plan.data);
    if (plaintext !== undefined) return plaintext;
  }
  throw decryptFailed(source);
}

/**
 * {@link decryptEnvelope} with the keys derived on libuv's thread pool, so the event loop
 * keeps running while they are.
 * @internal
 */
export async function decryptEnvelopeAsync(
  document: Record<string, unknown>,
  passphrase: string | undefined,
  source: string,
): Promise<Buffer> {
  const plan = planDecryption(document, passphrase, source);
  for (const candidate of plan.keys) {
    const { salt, iterations, keyLength, hash } = candidate;
    const key = await pbkdf2Async(plan.passphrase, salt, iterations, keyLength, hash);
    const plaintext = tryDecrypt(key, plan.data);
    if (plaintext !== undefined) return plaintext;
  }
  throw decryptFailed(source);
}

function planDecryption(
  document: Record<string, unknown>,
  passphrase: string | undefined,
  source: string,
): DecryptionPlan {
  const parsed = envelopeSchema.safeParse(document);
  if (!parsed.success) {
    throw new StateParseError('Invalid OpenTofu encrypted state envelope', {
      source,
      reason: 'INVALID_VALUE',
      issues: issuesFromZod(parsed.error, ''),
    });
  }
  const envelope = parsed.data;
  if (envelope.encryption_version !== 'v0') {
    throw new UnsupportedStateError(
      `The state is encrypted with OpenTofu encryption version "${envelope.encryption_version}", which tfdrift does not know`,
      { source, kind: 'encrypted', pointer: '/encryption_version' },
    );
  }
  const meta = envelope.meta ?? {};
  const pbkdf2Keys = Object.keys(meta).filter((key) => key.startsWith('key_provider.pbkdf2.'));
  const providers = Object.keys(meta).join(', ') || 'none recorded';
  if (passphrase === undefined) {
    throw new UnsupportedStateError(
      `The state is encrypted by OpenTofu (key providers: ${providers}); pass the pbkdf2 passphrase to read it`,
      { source, kind: 'encrypted', pointer: '/encryption_version' },
    );
  }
  if (pbkdf2Keys.length === 0) {
    throw new UnsupportedStateError(
      `The state is encrypted by OpenTofu with key providers tfdrift cannot use (${providers}); only pbkdf2 with aes_gcm is supported`,
      { source, kind: 'encrypted', pointer: '/meta' },
    );
  }
  if (pbkdf2Keys.length > PBKDF2_LIMITS.keyProviders) {
    throw limitError(
      source,
      `the state names ${pbkdf2Keys.length} pbkdf2 key providers, more than the limit of ${PBKDF2_LIMITS.keyProviders}`,
    );
  }
  const data = Buffer.from(envelope.encrypted_data, 'base64');
  const keys: KeyCandidate[] = [];
  for (const name of pbkdf2Keys) {
    const at = `/meta/${escapePointerToken(name)}`;
    let metaJson: unknown;
    try {
      metaJson = JSON.parse(Buffer.from(meta[name] as string, 'base64').toString('utf8'));
    } catch {
      throw new StateParseError('Invalid pbkdf2 key provider metadata: not base64 JSON', {
        source,
        reason: 'INVALID_VALUE',
        issues: [{ path: at, message: 'not base64-encoded JSON' }],
      });
    }
    const metaParsed = pbkdf2MetaSchema.safeParse(metaJson);
    if (!metaParsed.success) {
      throw new StateParseError('Invalid pbkdf2 key provider metadata', {
        source,
        reason: 'INVALID_VALUE',
        // The pointer goes into the base64 value: name the field inside the decoded JSON.
        issues: issuesFromZod(metaParsed.error, at),
      });
    }
    const { salt, iterations, hash_function: hash, key_length: keyLength } = metaParsed.data;
    keys.push({ salt: Buffer.from(salt, 'base64'), iterations, hash, keyLength });
  }
  const total = keys.reduce((sum, key) => sum + key.iterations, 0);
  if (total > PBKDF2_LIMITS.totalIterations) {
    throw limitError(
      source,
      `the pbkdf2 key providers ask for ${total} iterations together, more than the limit of ${PBKDF2_LIMITS.totalIterations}`,
    );
  }
  return { data, passphrase, keys };
}
function decryptFailed(source: string): StateParseError {
  return new StateParseError(
    'Could not decrypt the OpenTofu state: wrong passphrase, or a method other than aes_gcm',
    {
      source,
      reason: 'DECRYPT_FAILED',
      issues: [{ path: '/encrypted_data', message: 'decryption failed' }],
    },
  );
}

function limitError(source: string, why: string): StateParseError {
  return new StateParseError(`Refusing to decrypt the OpenTofu state: ${why}`, {
    source,
    reason: 'DECRYPT_LIMIT',
    issues: [{ path: '/meta', message: why }],
  });
}
