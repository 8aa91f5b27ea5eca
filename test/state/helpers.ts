/**
 * Helpers shared by the state-loading tests: decoding fetched bytes, a temporary directory
 * per file, and the error check every remote source makes (the right class, no secret in it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { StateSourceError } from '../../src/errors.js';

/** Fetched state bytes as text. */
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/**
 * A temporary directory made before the file's tests and removed after them; the returned
 * function gives its path (only inside hooks and tests).
 */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error('the temporary directory exists only during tests');
    return dir;
  };
}

/**
 * Awaits a promise that must reject with a `StateSourceError` whose message and source
 * contain none of `secrets`, and returns that error.
 */
export async function sourceErrorWithout(
  promise: Promise<unknown>,
  secrets: readonly string[],
): Promise<StateSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateSourceError);
  const e = error as StateSourceError;
  for (const secret of secrets) {
    expect(e.message).not.toContain(secret);
    expect(e.source).not.toContain(secret);
  }
  return e;
}
