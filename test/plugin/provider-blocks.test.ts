/**
 * Provider configuration taken from the `provider` blocks of `cwd` when the caller gives
 * none, against the Node fake plugin: the block of each instance's alias, explicit `config`
 * winning, expressions left out with a warning, a block the provider rejects failing once
 * before any read, and a configuration that cannot be read failing clearly.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ProviderContext } from '../../src/providers/types.js';
import { pluginProvider } from '../../src/plugin.js';
import type { PluginProviderOptions } from '../../src/plugin.js';
import { calls, installFakePlugin, thing } from './fake-plugin.js';

const work = mkdtempSync(join(tmpdir(), 'tfdrift-plugin-blocks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
vi.setConfig({ testTimeout: 90_000 });
const mirror = join(work, 'mirror');
installFakePlugin(mirror);
const BLOCK_SECRET = 'sk-from-the-block-42';

const REQUIRED = `terraform {
  required_providers {
    fake = { source = "tfdrift/fake" }
  }
}
`;

let n = 0;
function scenario(tf: string | undefined, options: Partial<PluginProviderOptions> = {}) {
  n++;
  const cwd = join(work, `cwd-${n}`);
  mkdirSync(cwd);
  if (tf !== undefined) writeFileSync(join(cwd, 'main.tf'), tf);
  const log = join(work, `log-${n}.jsonl`);
  const world = join(work, `world-${n}.json`);
  writeFileSync(world, JSON.stringify({}));
  const lines: { level: string; message: string }[] = [];
  const logger = Object.fromEntries(
    ['debug', 'info', 'warn', 'error'].map((level) => [
      level,
      (message: string) => void lines.push({ level, message }),
    ]),
  ) as unknown as ProviderContext['logger'];
  const provider = pluginProvider({
    cwd,
    pluginDirs: [mirror],
    cacheDir: join(work, 'cache'),
    env: {
      FAKE_PLUGIN_WORLD: world,
      FAKE_PLUGIN_LOG: log,
      FAKE_PLUGIN_DEFAULT_REGION: 'env-region',
    },
    handshakeTimeoutMs: 15_000,
    ...options,
  });
  const ctx: ProviderContext = {
    signal: new AbortController().signal,
    logger,
    onProgress: () => undefined,
    limit: () => Promise.resolve(),
  };
  return { provider, log, lines, ctx };
}

const instances = [
  thing('plain', { id: 'plain' }),
  thing('west', { id: 'west' }, { providerAlias: 'west' }),
  thing('computed', { id: 'computed' }, { providerAlias: 'computed' }),
];

describe('pluginProvider configuration from provider blocks', () => {
  it('configures each instance with the literal arguments of its provider block, explicit config winning', async () => {
    const { provider, log, lines, ctx } = scenario(
      `${REQUIRED}
provider "fake" {
  region = "block-region"
  endpoints {
    api = "http://127.0.0.1:1"
  }
}
provider "fake" {
  alias      = "west"
  region     = "west-block"
  secret_key = "${BLOCK_SECRET}"
}
provider "fake" {
  alias  = "computed"
  region = var.region
}
variable "region" {
  type = string
}
`,
    );
    const explicit = scenario(`${REQUIRED}provider "fake" {\n  region = "block-region"\n}\n`, {
      config: { 'tfdrift/fake': { region: 'explicit-region' } },
    });
    try {
      const results = await provider.read(instances, ctx);
      expect(results.map((r) => r.status)).toEqual(['not-found', 'not-found', 'not-found']);
      const configured = calls(log)
        .filter((c) => c.method === 'Configure')
        .map((c) => c.config as Record<string, unknown>)
        // By region, `null` first.
        .sort((a, b) => String(a.region).localeCompare(String(b.region)));
      expect(configured).toEqual([
        {
          region: 'block-region',
          secret_key: null,
          magic: null,
          fail_configure: null,
          endpoints: [{ api: 'http://127.0.0.1:1' }],
        },
        // The expression is left out: the provider's own default applies.
        { region: null, secret_key: null, magic: null, fail_configure: null, endpoints: [] },
        {
          region: 'west-block',
          secret_key: BLOCK_SECRET,
          magic: null,
          fail_configure: null,
          endpoints: [],
        },
      ]);
      const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.message);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /provider "fake" \(alias computed\) at main\.tf:\d+: \/region is an expression/,
      );
      // The block's literal secret is scrubbed like one given in `config`.
      expect(JSON.stringify(lines)).not.toContain(BLOCK_SECRET);

      const [read] = await explicit.provider.read([instances[0] as never], explicit.ctx);
      expect(read?.status).toBe('not-found');
      expect(
        calls(explicit.log)
          .filter((c) => c.method === 'Configure')
          .map((c) => (c.config as { region: string }).region),
      ).toEqual(['explicit-region']);
    } finally {
      await Promise.all([provider.close(), explicit.provider.close()]);
    }
  });

  it('a provider block the provider rejects fails once, before any read', async () => {
    const { provider, log, ctx } = scenario(
      `${REQUIRED}provider "fake" {\n  region         = "r1"\n  fail_configure = true\n}\n`,
    );
    try {
      const results = await provider.read(
        instances.slice(0, 1).concat(thing('other', { id: 'o' })),
        ctx,
      );
      for (const r of results) {
        expect(r).toMatchObject({
          status: 'error',
          error: { code: 'PROVIDER_CONFIG', retryable: false },
        });
        expect((r as { error: Error }).error.message).toContain('rejected its configuration');
      }
      const methods = calls(log).map((c) => c.method);
      expect(methods.filter((m) => m === 'Configure')).toHaveLength(1);
      expect(methods).not.toContain('ReadResource');
    } finally {
      await provider.close();
    }
  });

  it('a configuration that cannot be read is a clear error, and no plugin is started', async () => {
    const { provider, log, ctx } = scenario(`${REQUIRED}provider "fake" {\n  region = \n`);
    try {
      const [r] = await provider.read([instances[0] as never], ctx);
      expect(r).toMatchObject({
        status: 'error',
        error: { code: 'PROVIDER_CONFIG', retryable: false },
      });
      const message = (r as { error: Error }).error.message;
      expect(message).toContain('Cannot read the provider blocks');
      expect(message).toContain('main.tf');
      expect(message).toContain('`config`');
      expect(calls(log)).toEqual([]);
    } finally {
      await provider.close();
    }
  });

  it('a directory without configuration files gives an empty configuration', async () => {
    const { provider, log, ctx } = scenario(undefined);
    try {
      const [r] = await provider.read([instances[0] as never], ctx);
      expect(r?.status).toBe('not-found');
      const [configured] = calls(log).filter((c) => c.method === 'Configure');
      expect(configured?.config).toEqual({
        region: null,
        secret_key: null,
        magic: null,
        fail_configure: null,
        endpoints: [],
      });
    } finally {
      await provider.close();
    }
  });
});
