/**
 * The CLI's outputs under hostile conditions: `--output` naming an input (directly, through
 * a symlink or a hard link), atomic writes, a reader that closes the pipe early, a full disk
 * behind stdout, and a provider that never answers (`--read-timeout`).
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STATE, run, spawnCli, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workspace()));
afterAll(() => cleanup());

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** Files in the workspace left behind by a write (temporary files start with a dot). */
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.includes('.tfdrift-'));

describe('--output never replaces an input', () => {
  it('refuses the state, the snapshot, the ignore file and a config file, before scanning', async () => {
    writeFileSync(join(dir, 'rules.driftignore'), 'aws_instance.web\n');
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "logs" {}\n');
    const before = new Map(
      ['terraform.tfstate', 'live.json', 'rules.driftignore', 'main.tf'].map((f) => [f, read(f)]),
    );
    const cases: [string[], RegExp][] = [
      [
        [
          'scan',
          '--state',
          'terraform.tfstate',
          '--snapshot',
          'live.json',
          '--output',
          'terraform.tfstate',
        ],
        /refusing to write terraform\.tfstate: it is the --state input/,
      ],
      [
        ['scan', '--snapshot', 'live.json', '--output', './live.json'],
        /it is the --snapshot input live\.json/,
      ],
      [
        [
          'scan',
          '--snapshot',
          'live.json',
          '--ignore-file',
          'rules.driftignore',
          '-o',
          'rules.driftignore',
        ],
        /it is the --ignore-file input/,
      ],
      [
        ['scan', '--snapshot', 'live.json', '--config', '.', '--output', 'main.tf'],
        /it is the --config input/,
      ],
      [
        ['baseline', '--snapshot', 'live.json', '--output', 'live.json'],
        /it is the --snapshot input/,
      ],
      [
        [
          'baseline',
          '--state',
          'terraform.tfstate',
          '--snapshot',
          'live.json',
          '-o',
          'terraform.tfstate',
        ],
        /it is the --state input/,
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(argv, dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    for (const [file, text] of before) expect(read(file)).toBe(text);
  });

  it('sees through symlinks and hard links to an input', async () => {
    symlinkSync(join(dir, 'terraform.tfstate'), join(dir, 'state-link.json'));
    linkSync(join(dir, 'live.json'), join(dir, 'live-hardlink.json'));
    const state = read('terraform.tfstate');
    const live = read('live.json');
    const viaSymlink = await run(['scan', '--snapshot', 'live.json', '-o', 'state-link.json'], dir);
    expect(viaSymlink.code).toBe(1);
    expect(viaSymlink.stderr).toMatch(
      /refusing to write state-link\.json: it is the --state input/,
    );
    const viaHardLink = await run(
      ['baseline', '--snapshot', 'live.json', '-o', 'live-hardlink.json'],
      dir,
    );
    expect(viaHardLink.code).toBe(1);
    expect(viaHardLink.stderr).toMatch(/it is the --snapshot input live\.json/);
    expect(read('terraform.tfstate')).toBe(state);
    expect(read('live.json')).toBe(live);
  });
});

describe('atomic output files', () => {
  it('replaces a report whole, keeps its permissions, and leaves no temporary file', async () => {
    writeFileSync(join(dir, 'report.json'), 'old report');
    chmodSync(join(dir, 'report.json'), 0o640);
    const { code } = await run(
      ['scan', '--snapshot', 'live.json', '--format', 'json', '-o', 'report.json', '-q'],
      dir,
    );
    expect(code).toBe(2);
    expect(JSON.parse(read('report.json'))).toMatchObject({ schemaVersion: 1 });
    expect(statSync(join(dir, 'report.json')).mode & 0o777).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it('writes through a symlinked output and appends baseline rules whole', async () => {
    writeFileSync(join(dir, 'real-rules'), '# mine\n');
    symlinkSync(join(dir, 'real-rules'), join(dir, 'rules-link'));
    const { code } = await run(
      ['baseline', '--snapshot', 'live.json', '-o', 'rules-link', '-q'],
      dir,
    );
    expect(code).toBe(0);
    expect(statSync(join(dir, 'rules-link')).isFile()).toBe(true);
    const rules = read('real-rules');
    expect(rules.startsWith('# mine\n\n# tfdrift baseline ')).toBe(true);
    expect(rules).toContain('aws_instance.web\n');
    expect(leftovers()).toEqual([]);
  });

  it('writes into a device in place and refuses a directory', async () => {
    const devNull = statSync('/dev/null');
    const toDevice = await run(['scan', '--snapshot', 'live.json', '-o', '/dev/null', '-q'], dir);
    expect(toDevice.code).toBe(2);
    expect(toDevice.stderr).toBe('');
    // Not replaced by a regular file (which a rename over it would do, as root).
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/null').ino).toBe(devNull.ino);
    expect(readdirSync('/dev').filter((f) => f.includes('.tfdrift-'))).toEqual([]);
    const toDir = await run(['scan', '--snapshot', 'live.json', '-o', '.', '-q'], dir);
    expect(toDir.code).toBe(1);
    expect(toDir.stderr).toBe('tfdrift: cannot write .: EISDIR\n');
  });

  it('fails in one line and leaves nothing behind when the directory is missing', async () => {
    const { code, stderr } = await run(
      ['scan', '--snapshot', 'live.json', '-o', 'no-such-dir/report.txt'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^tfdrift: cannot write no-such-dir\/report\.txt: ENOENT\n$/m);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});

describe('closed and failing stdout', () => {
  /** A state and snapshot of `count` drifted buckets: a text report of a few hundred KB. */
  function largeDrift(count: number): void {
    const resources = Array.from({ length: count }, (_, i) => ({
      ...STATE.resources[0],
      name: `b${i}`,
    }));
    writeFileSync(join(dir, 'large.tfstate'), JSON.stringify({ ...STATE, resources }));
    const live = Object.fromEntries(
      resources.map((r) => [
        `aws_s3_bucket.${r.name}`,
        { attributes: { id: 'logs', bucket: 'logs', acl: 'public-read', tags: { Owner: 'x' } } },
      ]),
    );
    writeFileSync(join(dir, 'large-live.json'), JSON.stringify({ resources: live }));
  }

  it('ends quietly when the reader closes the pipe (`tfdrift scan | head`)', async () => {
    largeDrift(2000);
    const cli = spawnCli(
      ['scan', '--state', 'large.tfstate', '--snapshot', 'large-live.json', '-q'],
      dir,
    );
    cli.child.stdout?.once('data', () => cli.child.stdout?.destroy());
    const { code, stderr } = await cli.done;
    expect(stderr).toBe('');
    expect(code).toBe(2);
  });

  it('exits 1 with one line when stdout cannot be written (a full disk)', async () => {
    if (!existsSync('/dev/full')) {
      console.log('skipped: no /dev/full on this system');
      return;
    }
    const full = openSync('/dev/full', 'w');
    try {
      const { code, stderr } = await spawnCli(
        ['scan', '--snapshot', 'live.json', '-q'],
        dir,
        {},
        full,
      ).done;
      expect(stderr).toBe('tfdrift: cannot write the output: ENOSPC\n');
      expect(code).toBe(1);
    } finally {
      closeSync(full);
    }
  });
});

describe('--read-timeout', () => {
  it('rejects durations that are not positive numbers of seconds', async () => {
    for (const bad of ['0', '-1', 'abc', 'Infinity', '', '1e10']) {
      const { code, stderr } = await run(
        ['scan', '--snapshot', 'live.json', `--read-timeout=${bad}`],
        dir,
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(/--read-timeout must be a number of seconds/);
    }
  });

  it('gives up a provider that never answers and kills what it left running', async () => {
    // The fake terraform's hang mode: `plan` never ends (and starts a child that never does).
    const pidFile = join(dir, 'hung.pids');
    // An initialised working directory, or the provider's preflight stops the scan first.
    mkdirSync(join(dir, '.terraform'), { recursive: true });
    const { code, stdout, stderr } = await spawnCli(
      // Long enough for the fake (a node script) to start and record its pids on a busy machine.
      ['scan', '--terraform', '.', '--read-timeout', '3', '--format', 'json', '-q'],
      dir,
      {
        PATH: `${join(ROOT, 'test', 'fixtures', 'fake-terraform')}:${process.env.PATH ?? ''}`,
        FAKE_TF_MODE: 'hang',
        FAKE_TF_PIDFILE: pidFile,
      },
    ).done;
    // Unknown resources make the scan incomplete: exit 1, with one line that says so.
    expect(stderr).toMatch(/^tfdrift: the scan is incomplete: 4 resources could not be read/);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      resources: { status: string; error?: { code: string; message: string } }[];
    };
    expect(report.resources).toHaveLength(4);
    for (const r of report.resources) {
      expect(r.status).toBe('unknown');
      expect(r.error?.code).toBe('READ_TIMEOUT');
      expect(r.error?.message).toMatch(/terraform read showed no sign of life for 3000 ms/);
    }
    // On a very busy machine the fake may be killed before it records its pids; its process
    // group (the fake and its child) is killed all the same.
    const pids = existsSync(pidFile) ? (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]) : [];
    // A killed process whose parent is gone may linger as a zombie until it is reaped.
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      const stat = `/proc/${pid}/stat`;
      return !(existsSync(stat) && / Z /.test(readFileSync(stat, 'utf8')));
    };
    for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
  });
});
