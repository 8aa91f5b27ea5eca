import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../cli/cli-harness.js';
import { calls, EMPTY_THING, installFakePlugin, waitUntilDead } from './fake-plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'tfdrift-cli-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Every test starts real plugin processes (Node + gRPC): slow on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });
const mirror = join(dir, 'mirror');
installFakePlugin(mirror);

const object = (id: string, size: number) => ({
  schema_version: 1,
  attributes: { ...EMPTY_THING, id, name: id, size },

  sensitive_attributes: [],
});
const resource = (name: string, id: string, size: number) => ({
  mode: 'managed',
  type: 'fake_thing',
  name,
  provider: 'provider["registry.terraform.io/tfdrift/fake"]',
  instances: [object(id, size)],
});
writeFileSync(
  join(dir, 'terraform.tfstate'),
  JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'l',
    outputs: {},
    resources: [resource('same', 'same', 1), resource('changed', 'changed', 1)],
  }),
);
writeFileSync(join(dir, 'world.json'), JSON.stringify({ same: { size: 1 }, changed: { size: 5 } }));
writeFileSync(join(dir, 'providers.json'), JSON.stringify({ 'tfdrift/fake': { region: 'r1' } }));
process.env.FAKE_PLUGIN_WORLD = join(dir, 'world.json');
process.env.FAKE_PLUGIN_LOG = join(dir, 'log.jsonl');
// Schemas are cached on disk: never in the user's own cache directory.
process.env.XDG_CACHE_HOME = join(dir, 'xdg-cache');

describe('tfdrift scan --plugins', () => {
  it('reads through the provider binaries in DIR with --provider-config, and stops them', async () => {
    const result = await run(
      ['scan', '--plugins', 'mirror', '--provider-config', 'providers.json', '--format', 'json'],
      dir,
    );
    expect(result.code, result.stderr).toBe(2);
    const report = JSON.parse(result.stdout) as {
      resources: { address: string; status: string }[];
    };
    expect(Object.fromEntries(report.resources.map((r) => [r.address, r.status]))).toEqual({
      'fake_thing.same': 'in-sync',
      'fake_thing.changed': 'drifted',
    });
    expect(await waitUntilDead(calls(join(dir, 'log.jsonl')).map((c) => c.pid))).toBe(true);
  });

  it('--plugins alone searches the usual places; a provider it cannot find fails the scan once, with what to do', async () => {
    const result = await run(
      ['scan', '--plugins', '--format', 'json', '--fail-on', 'none'],
      dir,
      {},
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const errors = result.stderr.split('\n').filter((l) => l.includes('PROVIDER_CONFIG'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('No binary of provider registry.terraform.io/tfdrift/fake');
    expect(errors[0]).toContain('terraform init');
  });

  it('--provider-config must be a JSON object and needs --plugins', async () => {
    writeFileSync(join(dir, 'bad.json'), '[1]');
    const bad = await run(['scan', '--plugins', 'mirror', '--provider-config', 'bad.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('must hold an object keyed by provider source');
    const alone = await run(
      ['scan', '--snapshot', 'x.json', '--provider-config', 'providers.json'],
      dir,
    );
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--provider-config only applies with --plugins');
  });
});
