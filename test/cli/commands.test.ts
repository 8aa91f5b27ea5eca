/* eslint-disable no-control-regex -- these tests are about control characters */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportOf } from '../report/sample-report.js';
import { baselineRules } from '../../src/cli/baseline.js';
import { ROOT, run, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workspace()));
afterAll(() => cleanup());

describe('tfdrift baseline', () => {
  it('writes a .driftignore that makes the next scan in sync', async () => {
    const before = await run(['scan', '--snapshot', 'live.json', '-q'], dir);
    expect(before.code).toBe(2);
    const { code, stderr } = await run(['baseline', '--snapshot', 'live.json'], dir);
    expect(code).toBe(0);
    expect(stderr).toContain('wrote 5 rules to .driftignore');
    const rules = readFileSync(join(dir, '.driftignore'), 'utf8').split('\n');
    expect(rules[0]).toMatch(/^# tfdrift baseline \d{4}-/);
    expect(rules).toEqual(
      expect.arrayContaining([
        'aws_s3_bucket.logs /acl',
        'aws_s3_bucket.logs /tags/Owner',
        'aws_s3_bucket.logs /tags/Cost Center',
        'aws_instance.web',
        'example_secret.api /value',
      ]),
    );
    const after = await run(['scan', '--snapshot', 'live.json', '-q'], dir);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^No drift/);
  });

  it('appends to an existing file and can write to stdout', async () => {
    writeFileSync(join(dir, 'mine.ignore'), 'aws_instance.web');
    const { code, stdout } = await run(
      [
        'baseline',
        '--snapshot',
        'live.json',
        '-q',
        '--ignore-file',
        'mine.ignore',
        '--output',
        '-',
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('aws_instance.web');
    expect(stdout).toContain('aws_s3_bucket.logs /acl');
    await run(['baseline', '--snapshot', 'live.json', '-q', '--ignore-file', 'mine.ignore'], dir);
    const text = readFileSync(join(dir, 'mine.ignore'), 'utf8');
    expect(text.startsWith('aws_instance.web\n\n# tfdrift baseline')).toBe(true);
  });

  it('widens pointer tokens a rule cannot spell, and skips deposed objects', () => {
    const rules = baselineRules(
      reportOf([
        {
          address: 'a_b.c',
          type: 'a_b',
          provider: 'p',
          status: 'drifted',
          patch: [],
          changes: [
            { op: 'add', path: '/tags/a*b', actual: 1, sensitive: false },
            { op: 'add', path: '/tags/x #y/z', actual: 1, sensitive: false },
          ],
        },
        {
          address: 'a_b.d',
          deposed: 'abcd',
          type: 'a_b',
          provider: 'p',
          status: 'missing',
          patch: [],
          changes: [],
        },
      ]),
    );
    expect(rules).toEqual(['a_b.c /tags/*', 'a_b.c /tags/*/z']);
  });
});

describe('tfdrift explain', () => {
  it('prints one resource in full and exits 2 when it drifted', async () => {
    const long = 'z'.repeat(300);
    const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8'));
    live.resources['aws_s3_bucket.logs'].attributes.acl = long;
    writeFileSync(join(dir, 'long.json'), JSON.stringify(live));
    const { code, stdout } = await run(
      [
        'explain',
        'aws_s3_bucket.logs',
        '--snapshot',
        'long.json',
        '-q',
        '--ignore-file',
        '/dev/null',
      ],
      dir,
    );
    expect(code).toBe(2);
    expect(stdout).toContain('aws_s3_bucket.logs\n  status: drifted\n  type: aws_s3_bucket');
    expect(stdout).toContain(`~ /acl: "private" → "${long}"`);
    expect(stdout).toContain('patch (RFC 6902, state → live):');
    expect(stdout).not.toContain('aws_instance.web');
  });

  it('prints the JSON entry with --format json, secrets redacted', async () => {
    const { code, stdout } = await run(
      [
        'explain',
        'example_secret.api',
        '--snapshot',
        'live.json',
        '-q',
        '--format',
        'json',
        '--ignore-file',
        '/dev/null',
      ],
      dir,
    );
    expect(code).toBe(2);
    const entry = JSON.parse(stdout);
    expect(entry.address).toBe('example_secret.api');
    expect(entry.changes[0]).toMatchObject({
      path: '/value',
      sensitive: true,
      actual: '(sensitive)',
    });
  });

  it('exits 1 with one line for an address not in state', async () => {
    const { code, stderr, stdout } = await run(
      ['explain', 'aws_s3_bucket', '--snapshot', 'live.json', '-q'],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'tfdrift: no resource aws_s3_bucket in state (did you mean aws_s3_bucket.logs, aws_s3_bucket.site?)\n',
    );
  });

  it('needs an address', async () => {
    const { code, stderr } = await run(['explain', '--snapshot', 'live.json'], dir);
    expect(code).toBe(1);
    expect(stderr).toBe("tfdrift: explain needs an ADDRESS (see 'tfdrift explain --help')\n");
  });

  it('takes one address and a text or json format', async () => {
    const extra = await run(['explain', 'a_b.c', 'd_e.f', '--snapshot', 'live.json'], dir);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toBe(
      "tfdrift: unexpected argument 'd_e.f' (see 'tfdrift explain --help')\n",
    );
    const format = await run(
      ['explain', 'aws_s3_bucket.logs', '--snapshot', 'live.json', '--format', 'sarif'],
      dir,
    );
    expect(format.code).toBe(1);
    expect(format.stderr).toBe(
      "tfdrift: --format must be text or json, got 'sarif' (see 'tfdrift explain --help')\n",
    );
  });
});

describe('help and version', () => {
  it('prints help for the tool and every command', async () => {
    const top = await run(['--help'], dir);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: tfdrift <command>');
    for (const command of ['scan', 'baseline', 'explain']) {
      const { code, stdout } = await run([command, '--help'], dir);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: tfdrift ${command}`);
      expect(stdout).toContain('--snapshot FILE');
    }
  });

  it('without a command, prints help and exits 1', async () => {
    const { code, stdout } = await run([], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('Commands:');
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect((await run(['--version'], dir)).stdout).toBe(`${pkg.version}\n`);
  });
});

describe('errors are one clear line', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown command',
      ['scna'],
      /^tfdrift: unknown command 'scna' \(see 'tfdrift --help'\)\n$/,
    ],
    [
      'an unknown option',
      ['scan', '--snapshot', 'live.json', '--bogus'],
      /^tfdrift: Unknown option '--bogus' \(see 'tfdrift scan --help'\)\n$/,
    ],
    [
      'a bad format',
      ['scan', '--snapshot', 'live.json', '--format', 'pdf'],
      /^tfdrift: --format must be one of text, json, markdown, sarif, junit, html, got 'pdf'/,
    ],
    [
      'a bad --fail-on',
      ['scan', '--snapshot', 'live.json', '--fail-on', 'drift'],
      /^tfdrift: --fail-on takes a list of drifted, missing, unknown, unsupported, unmanaged \(or none\), got 'drift'/,
    ],
    [
      'no live source',
      ['scan'],
      /^tfdrift: no live source: use --snapshot FILE, --terraform DIR or --aws/,
    ],
    [
      'two live sources',
      ['scan', '--snapshot', 'live.json', '--terraform', '.'],
      /^tfdrift: choose one of --snapshot, --terraform and --aws/,
    ],
    [
      '--region without --aws',
      ['scan', '--snapshot', 'live.json', '--region', 'eu-west-1'],
      /^tfdrift: --region only applies with --aws/,
    ],
    [
      'a bad concurrency',
      ['scan', '--snapshot', 'live.json', '--concurrency', '0'],
      /^tfdrift: --concurrency must be a positive integer, got '0'/,
    ],
    [
      'a missing state file',
      ['scan', '--state', 'nope.tfstate', '--snapshot', 'live.json'],
      /^tfdrift: .*nope\.tfstate.* \[STATE_SOURCE\]\n$/,
    ],
    [
      'a missing snapshot',
      ['scan', '--snapshot', 'nope.json'],
      /^tfdrift: Cannot read snapshot file .*nope\.json.* \[PROVIDER_CONFIG\]\n$/,
    ],
    [
      'a missing ignore file',
      ['scan', '--snapshot', 'live.json', '--ignore-file', 'nope.ignore'],
      /^tfdrift: cannot read ignore file nope\.ignore/,
    ],
    [
      'an invalid ignore file',
      ['scan', '--snapshot', 'live.json', '--ignore-file', 'bad.ignore'],
      /^tfdrift: \.driftignore line 1: .* \[CONFIG_PARSE\]\n$/,
    ],
    [
      'a stray argument',
      ['scan', 'extra', '--snapshot', 'live.json'],
      /^tfdrift: unexpected argument 'extra'/,
    ],
  ];
  for (const [what, argv, expected] of cases) {
    it(`for ${what}`, async () => {
      writeFileSync(join(dir, 'bad.ignore'), 'aws_s3_bucket.logs tags\n');
      const { code, stderr, stdout } = await run([...argv, '-q'], dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(expected);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }

  it('no state anywhere is a usage error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tfdrift-cli-empty-'));
    try {
      const { code, stderr } = await run(['scan', '--snapshot', join(dir, 'live.json')], empty);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^tfdrift: no state: use --state SRC, or --config DIR with a backend block/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('adds the stack with --debug', async () => {
    const { code, stderr } = await run(
      ['scan', '--state', 'nope.tfstate', '--snapshot', 'live.json', '--debug', '-q'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr.split('\n').length).toBeGreaterThan(3);
    expect(stderr).toMatch(/\n\s+at /);
  });
});

describe('control characters never reach the terminal', () => {
  const ATTACK = '\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\r\u202e';
  const SHOWN = '\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\\u009b31m\\r\\u202e';

  it('in an error message that quotes a file name', async () => {
    const { code, stderr } = await run(
      ['scan', '--state', `nope${ATTACK}.tfstate`, '--snapshot', 'live.json'],
      dir,
    );
    expect(code).toBe(1);
    // A line break (CR included) folds to a space; every other control shows as an escape.
    expect(stderr).toContain(
      'nope\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\\u009b31m \\u202e.tfstate',
    );
    expect(stderr).not.toMatch(/[\u001b\u0007\u009b\r\u202e]/);
  });

  it('in the stack printed with --debug', async () => {
    const { stderr } = await run(
      ['scan', '--state', `nope${ATTACK}`, '--snapshot', 'live.json', '--debug'],
      dir,
    );
    expect(stderr.split('\n').length).toBeGreaterThan(2);
    expect(stderr).not.toMatch(/[\u001b\u0007\u009b\r\u202e]/);
  });

  it('in the address explain cannot find', async () => {
    const { code, stderr } = await run(
      ['explain', `aws_s3_bucket${ATTACK}`, '--snapshot', 'live.json', '-q'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toBe(`tfdrift: no resource aws_s3_bucket${SHOWN} in state\n`);
  });

  it('in the report file name scan and baseline confirm', async () => {
    const name = `out${ATTACK}.txt`;
    const scan = await run(['scan', '--snapshot', 'live.json', '--output', name, '-q'], dir);
    expect(scan.stderr).toBe('');
    const loud = await run(['scan', '--snapshot', 'live.json', '--output', name], dir);
    expect(loud.stderr).toContain(`tfdrift: wrote text report to out${SHOWN}.txt\n`);
    expect(loud.stderr).not.toMatch(/[\u001b\u0007\u009b\r\u202e]/);
    const baseline = await run(['baseline', '--snapshot', 'live.json', '--output', name], dir);
    // In sync, so nothing to write: the confirmation names the file all the same.
    expect(baseline.stderr).toMatch(/tfdrift: no new rules for out\\u001b\]52/);
    expect(baseline.stderr).not.toMatch(/[\u001b\u0007\u009b\r\u202e]/);
  });
});
