/**
 * A cheap look at a state source: something that changes whenever the state does, fetched
 * without the state itself. A local file gives its modification time, size and inode; an
 * `s3://` object its ETag (a `HeadObject`). Other sources have none, and are fetched whole.
 */
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StateInput } from '../detect/detect-drift.js';
import type { LoadStateOptions } from '../state/load-state.js';
import { openS3Client, resolveS3Location } from '../state/sources/s3-source.js';

function localPath(input: StateInput): string | undefined {
  if (input instanceof URL) return input.protocol === 'file:' ? fileURLToPath(input) : undefined;
  if (typeof input !== 'string' || input === '-') return undefined;
  if (input.startsWith('file:')) return fileURLToPath(input);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? undefined : input;
}

async function fileFingerprint(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return 'absent';
  }
}

async function s3Fingerprint(url: URL, options: LoadStateOptions): Promise<string | undefined> {
  const s3 = options.s3 ?? {};
  const { bucket, key } = resolveS3Location(url, s3);
  const source = `s3://${bucket}/${key}`;
  const { sdk, client, ownClient } = await openS3Client(s3, options.env ?? process.env, 2, source);
  try {
    const head = (await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    })) as { ETag?: string; LastModified?: Date; ContentLength?: number };
    if (head.ETag === undefined) return undefined;
    return `${head.ETag}:${head.ContentLength ?? ''}`;
  } finally {
    ownClient?.destroy();
  }
}

/**
 * The fingerprint of a state source, or `undefined` when it has none (or the look failed:
 * the caller then fetches the state, which reports the failure properly).
 * @internal
 */
export async function stateFingerprint(
  input: StateInput,
  options: LoadStateOptions,
): Promise<string | undefined> {
  const path = localPath(input);
  if (path !== undefined) return fileFingerprint(path);
  const text = input instanceof URL ? input.href : typeof input === 'string' ? input : undefined;
  if (text === undefined || !text.startsWith('s3://')) return undefined;
  try {
    return await s3Fingerprint(new URL(text), options);
  } catch {
    return undefined;
  }
}
