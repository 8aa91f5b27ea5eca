import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { ROOT, spawnCli, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workspace()));
afterAll(() => cleanup());

describe('the tfdrift process', () => {
  it('exits 2 on drift and 0 in sync, like terraform plan -detailed-exitcode', async () => {
    const [drift, inSync] = await Promise.all([
      spawnCli(['scan', '--snapshot', 'live.json'], dir).done,
      spawnCli(['scan', '--snapshot', 'in-sync.json', '--quiet'], dir).done,
    ]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('Drift detected');
    expect(inSync.code).toBe(0);
    expect(inSync.stderr).toBe('');
  });

  it('exits 1 with one line on a missing state', async () => {
    const { code, stderr, stdout } = await spawnCli(
      ['scan', '--state', 'missing.tfstate', '--snapshot', 'live.json', '-q'],
      dir,
    ).done;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^tfdrift: .*missing\.tfstate/);
  });

  it('aborts cleanly on Ctrl-C (SIGINT) and exits 130', async () => {
    // A state backend that accepts the request and never answers: the scan waits on it.
    let requested!: () => void;
    const gotRequest = new Promise<void>((res) => (requested = res));
    const server = createServer(() => requested());
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    try {
      const cli = spawnCli(
        ['scan', '--state', `http://127.0.0.1:${port}/state`, '--snapshot', 'live.json'],
        dir,
      );
      await Promise.race([gotRequest, cli.done]);
      cli.child.kill('SIGINT');
      const { code, stderr } = await cli.done;
      expect(code).toBe(130);
      expect(stderr).toContain('tfdrift: interrupted');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
    }
  });

  it.skipIf(!hasCorpus)(
    '--terraform reads through `terraform plan -refresh-only` (a fake terraform on PATH)',
    async () => {
      const plan = corpusPath('plan', 'tofu-equiv-drift-refresh-only.plan.json');
      const fake = join(ROOT, 'test', 'fixtures', 'fake-terraform');
      const env = { PATH: `${fake}:${process.env.PATH ?? ''}`, FAKE_TF_PLAN: plan };
      mkdirSync(join(dir, '.terraform'), { recursive: true }); // as `terraform init` leaves it
      const args = ['scan', '--state', plan, '--terraform', '.', '-q'];
      const [inSync, deleted] = await Promise.all([
        spawnCli(args, dir, env).done,
        spawnCli(args, dir, { ...env, FAKE_TF_DELETE: 'tfcoremock_simple_resource.drift' }).done,
      ]);
      expect(inSync.stdout).toMatch(/^No drift: .*1 in sync/);
      expect(inSync.code).toBe(0);
      expect(deleted.stdout).toContain('- tfcoremock_simple_resource.drift');
      expect(deleted.code).toBe(2);
    },
  );

  it.skipIf(!hasCorpus)(
    'a scan with unknown resources exits 1 and says what was not checked, unless --accept-unknown',
    async () => {
      const plan = corpusPath('plan', 'tofu-equiv-drift-refresh-only.plan.json');
      const fake = join(ROOT, 'test', 'fixtures', 'fake-terraform');
      // The refresh fails (an errored plan): nothing is read.
      const env = {
        PATH: `${fake}:${process.env.PATH ?? ''}`,
        FAKE_TF_PLAN: plan,
        FAKE_TF_MODE: 'errored',
      };
      mkdirSync(join(dir, '.terraform'), { recursive: true });
      const args = ['scan', '--state', plan, '--terraform', '.', '-q'];
      const [strict, accepted] = await Promise.all([
        spawnCli(args, dir, env).done,
        spawnCli([...args, '--accept-unknown'], dir, env).done,
      ]);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toMatch(/^No drift in 0 of 1 resource; 1 not checked: 1 unknown\. /);
      expect(strict.stderr).toBe(
        'tfdrift: the scan is incomplete: 1 resource could not be read (unknown); pass --accept-unknown to accept them\n',
      );
      expect(accepted.code).toBe(0);
      expect(accepted.stderr).toBe('');
      expect(accepted.stdout).toBe(strict.stdout);
    },
  );
});
