/**
 * Configuration files built to break the parser: nesting deep enough to overflow the stack of
 * the WebAssembly HCL parser (which used to leave its Go runtime broken, so that the next
 * parse aborted the process), and `.tf.json` values deep enough to overflow the walk after
 * JSON.parse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift, parseConfig, parseState } from '../../src/index.js';
import { ConfigParseError } from '../../src/errors.js';
import { loadHclParser, parseHclFile, parseJsonFile } from '../../src/config/hcl-parser.js';
import { MAX_CONFIG_NESTING } from '../../src/config/nesting-depth.js';
import { spawnCli, workspace } from '../cli/cli-harness.js';
import { removeTempDirs, tempConfig, v4State } from './helpers.js';

afterEach(removeTempDirs);

/** 6,000 nested blocks in 36 KB: the file from the report. */
const NESTED_BLOCKS = 'a {\n'.repeat(6000) + '}\n'.repeat(6000);
const GOOD = 'locals {\n  a = 1\n}\n';

async function rejection(promise: Promise<unknown>): Promise<ConfigParseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigParseError);
  return error as ConfigParseError;
}

describe('HCL nested past what the WebAssembly parser survives', () => {
  const hostile: Record<string, string> = {
    'nested blocks': NESTED_BLOCKS,
    'unclosed blocks': 'a {\n'.repeat(6000),
    'nested lists': `x = ${'['.repeat(6000)}1${']'.repeat(6000)}\n`,
    'nested function calls': `x = ${'f('.repeat(6000)}1${')'.repeat(6000)}\n`,
    'nested interpolations': `x = ${'"${'.repeat(6000)}1${'}"'.repeat(6000)}\n`,
    'a run of unary operators': `x = ${'!'.repeat(100_000)}true\n`,
    'a run of negations': `x = ${'- '.repeat(100_000)}1\n`,
    'chained conditionals': `x = ${'a ? 1 : '.repeat(100_000)}2\n`,
  };

  for (const [kind, text] of Object.entries(hostile)) {
    it(`${kind}: a ConfigParseError with file and line, and the next parse works`, async () => {
      const parser = await loadHclParser();
      const error = await rejection(parseHclFile(parser, 'bad.tf', text));
      expect(error.file).toBe('bad.tf');
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.message).toContain(`nested more than ${MAX_CONFIG_NESTING} levels deep`);
      expect(await parseHclFile(parser, 'good.tf', GOOD)).toEqual({ locals: [{ a: 1 }] });
    });
  }

  it('names the line where the nesting passes the limit', async () => {
    const text = `locals {\n  x = 1\n}\n${'a {\n'.repeat(300)}${'}\n'.repeat(300)}`;
    const error = await rejection(parseHclFile(await loadHclParser(), 'deep.tf', text));
    // Line 4 opens level 1; level 257 opens on line 4 + 256.
    expect(error.line).toBe(4 + MAX_CONFIG_NESTING);
  });

  it('a crash inside the WebAssembly replaces the instance: calls after it still parse', async () => {
    const parser = await loadHclParser();
    // Straight to the parser, past the depth check: the stack overflows inside the WebAssembly.
    const crash = await parser.parse('bad.tf', NESTED_BLOCKS).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(crash?.name).toBe('HclParserCrash');
    // On the old instance these aborted the process with `fatal error: malloc deadlock`.
    expect(await parser.parse('good.tf', GOOD)).toEqual({ locals: [{ a: 1 }] });
    expect(await parseHclFile(parser, 'good.tf', 'x = [1, 2]\n')).toEqual({ x: [1, 2] });
  });

  it('parseConfig: the bad file is named with its line and a later parseConfig works', async () => {
    const dir = await tempConfig({ 'a.tf': GOOD, 'b.tf': NESTED_BLOCKS, 'c.tf': GOOD });
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'b.tf'));
    expect(error.line).toBe(MAX_CONFIG_NESTING + 1);
    const good = await tempConfig({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n}\n' });
    expect((await parseConfig(good)).resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b']);
  });
});

describe('Terraform JSON nested deeper than the limit', () => {
  const deepJson = `{"locals": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;

  it('parseJsonFile and parseConfig throw a ConfigParseError with file and line', async () => {
    const error = await rejection(
      Promise.resolve().then(() => parseJsonFile('d.tf.json', deepJson)),
    );
    expect(error.line).toBe(1);
    const dir = await tempConfig({ 'main.tf.json': deepJson });
    const fromDir = await rejection(parseConfig(dir));
    expect(fromDir.file).toBe(join(dir, 'main.tf.json'));
    expect(fromDir.message).toContain('nested more than');
  });

  it('detectDrift({ config }) turns it into a config-unreadable alert', async () => {
    const dir = await tempConfig({ 'main.tf.json': deepJson });
    const state = parseState(
      v4State([{ type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { id: 'b' } }] }]),
    );
    const report = await detectDrift({ state, config: dir, providers: [] });
    expect(report.alerts).toContainEqual({
      code: 'config-unreadable',
      message: expect.stringContaining('main.tf.json:1:') as unknown,
    });
  });

  it('nesting up to the limit is still read', () => {
    const depth = MAX_CONFIG_NESTING - 2;
    const text = `{"locals": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    expect(parseJsonFile('ok.tf.json', text)).toHaveProperty('locals');
  });
});

describe('tfdrift scan --config with a hostile file (a real process)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = workspace()));
  afterAll(() => cleanup());

  it('exits 1 with one line naming the file and line, no Go runtime dump', async () => {
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'main.tf'), GOOD);
    writeFileSync(join(dir, 'infra', 'nested.tf'), NESTED_BLOCKS);
    const { code, stderr, stdout } = await spawnCli(
      ['scan', '--config', 'infra', '--snapshot', 'in-sync.json'],
      dir,
    ).done;
    expect(stderr).not.toContain('fatal error');
    expect(stderr).not.toContain('goroutine');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`nested.tf:${MAX_CONFIG_NESTING + 1}:`);
  });
});
