import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateSourceError, isTfdriftError } from '../../src/errors.js';
import { fetchStateBytes, loadState } from '../../src/state/load-state.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { SMALL_STATE_TEXT } from '../helpers/state-server-http.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tfdrift-load-state-'));
  file = join(dir, 'terraform.tfstate');
  await writeFile(file, SMALL_STATE_TEXT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sourceError(promise: Promise<unknown>): Promise<StateSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateSourceError);
  expect(isTfdriftError(error)).toBe(true);
  return error as StateSourceError;
}

describe('local sources', () => {
  it('reads a path', async () => {
    const fetched = await fetchStateBytes(file);
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe(file);
  });

  it('reads a file: URL given as a string and as a URL object', async () => {
    const url = pathToFileURL(file);
    expect(text((await fetchStateBytes(url.href)).bytes)).toBe(SMALL_STATE_TEXT);
    expect(text((await fetchStateBytes(url)).bytes)).toBe(SMALL_STATE_TEXT);
  });

  it('reads standard input for "-" from an injected stream, in chunks of bytes and text', async () => {
    const half = SMALL_STATE_TEXT.length >> 1;
    const stdin = Readable.from([
      Buffer.from(SMALL_STATE_TEXT.slice(0, half)),
      SMALL_STATE_TEXT.slice(half),
    ]);
    const fetched = await fetchStateBytes('-', { stdin });
    expect(text(fetched.bytes)).toBe(SMALL_STATE_TEXT);
    expect(fetched.source).toBe('-');
  });

  it('turns a failing stdin stream into a StateSourceError', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error('EPIPE'));
      },
    });
    const error = await sourceError(fetchStateBytes('-', { stdin }));
    expect(error.source).toBe('-');
    expect(error.message).toMatch(/standard input/);
  });

  it('gives way to an AbortSignal while standard input stays open', async () => {
    const stdin = new Readable({
      read() {
        // An idle terminal: no data, no end.
      },
    });
    const controller = new AbortController();
    const pending = fetchStateBytes('-', { stdin, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await sourceError(pending);
    expect(error.message).toMatch(/aborted/);
    expect(stdin.destroyed).toBe(true);
  });

  it('treats a Windows drive path as a path, not a URL scheme', async () => {
    const error = await sourceError(fetchStateBytes('C:\\states\\prod.tfstate'));
    expect(error.message).toMatch(/no such file/);
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'nope.tfstate');
    const error = await sourceError(fetchStateBytes(missing));
    expect(error.source).toBe(missing);
    expect(error.message).toContain(missing);
    expect(error.message).toMatch(/no such file/);
  });

  it('refuses a directory', async () => {
    const error = await sourceError(fetchStateBytes(dir));
    expect(error.message).toMatch(/directory/);
  });

  it('refuses a file: URL with a remote host', async () => {
    const error = await sourceError(fetchStateBytes('file://server.example/state.tfstate'));
    expect(error.message).toMatch(/not a valid file URL/);
  });

  it('stops when the signal is already aborted', async () => {
    const error = await sourceError(fetchStateBytes(file, { signal: AbortSignal.abort() }));
    expect(error.message).toMatch(/aborted/);
  });

  it('refuses an unknown scheme, naming it without credentials', async () => {
    const error = await sourceError(fetchStateBytes('azurerm://user:hunter22@acct/container/key'));
    expect(error.message).toMatch(/unsupported scheme "azurerm:"/);
    expect(error.message).not.toContain('hunter22');
    expect(error.source).not.toContain('hunter22');
  });

  it('refuses an invalid URL without echoing its credentials', async () => {
    const error = await sourceError(fetchStateBytes('https://user:hunter22@exa mple.com/state'));
    expect(error.message).not.toContain('hunter22');
    expect(JSON.stringify(error.cause ?? null)).not.toContain('hunter22');
  });
});

describe('loadState (needs parseState)', () => {
  it('parses a local state file', async () => {
    const state = await loadState(file);
    expect(state.serial).toBe(7);
    expect(state.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.logs']);
  });

  it('passes the source name to parse errors', async () => {
    const bad = join(dir, 'bad.tfstate');
    await writeFile(bad, '{"version": 4, ');
    const error = await loadState(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTfdriftError(error)).toBe(true);
    expect((error as { source?: string }).source).toBe(bad);
  });

  it.skipIf(!hasCorpus)('loads a real corpus state through a file: URL', async () => {
    const url = pathToFileURL(corpusPath('state', 'v4-1.11-aws-ecs-serial205.tfstate'));
    const state = await loadState(url);
    expect(state.format).toBe('v4');
    expect(state.serial).toBe(205);
  });

  it.skipIf(!hasCorpus)('lets parse errors for an encrypted state name the file', async () => {
    const path = corpusPath('state', 'tofu-encrypted-pbkdf2-small.tfstate');
    const error = await loadState(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTfdriftError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'STATE_UNSUPPORTED', kind: 'encrypted', source: path });
  });
});
