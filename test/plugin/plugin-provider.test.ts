import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { ProviderConfigError } from '../../src/errors.js';
import type { Provider, ProviderContext, ReadResult } from '../../src/providers/types.js';
import { pluginProvider } from '../../src/plugin.js';
import type { PluginProviderOptions } from '../../src/plugin.js';
import { checkProvider } from '../../src/testing/check-provider.js';
import { makeState } from '../../src/testing/make-instance.js';
import { alive, calls, installFakePlugin, thing, waitUntilDead } from './fake-plugin.js';

const work = mkdtempSync(join(tmpdir(), 'tfdrift-plugin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Schemas are cached on disk: never in the user's own cache directory.
process.env.XDG_CACHE_HOME = join(work, 'xdg-cache');
// Every test starts real plugin processes (Node + gRPC): slow on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });
const mirror = join(work, 'mirror');
installFakePlugin(mirror);
const SECRET = 'sk-very-secret-123';

let n = 0;
function setup(
  world: Record<string, Record<string, unknown>>,
  env: Record<string, string> = {},
  extra: Partial<PluginProviderOptions> = {},
) {
  n++;
  const worldFile = join(work, `world-${n}.json`);
  const log = join(work, `log-${n}.jsonl`);
  writeFileSync(worldFile, JSON.stringify(world));
  const lines: string[] = [];
  const provider = pluginProvider({
    pluginDirs: [mirror],
    config: { 'tfdrift/fake': { region: 'r1', secret_key: SECRET } },
    env: { FAKE_PLUGIN_WORLD: worldFile, FAKE_PLUGIN_LOG: log, ...env },
    callTimeoutMs: 5_000,
    handshakeTimeoutMs: 15_000,
    cacheDir: join(work, `cache-${n}`),
    ...extra,
  });
  const logger = {
    debug: (m: string) => void lines.push(m),
    info: (m: string) => void lines.push(m),
    warn: (m: string) => void lines.push(m),
    error: (m: string) => void lines.push(m),
  };
  return { provider, log, lines, logger, worldFile };
}

function ctx(
  logger: ProviderContext['logger'],
  signal = new AbortController().signal,
): ProviderContext {
  return { signal, logger, onProgress: () => undefined, limit: () => Promise.resolve() };
}

/** An importer for which `missing` is not installed, as Node reports it. */
function withoutPackage(missing: string): NonNullable<PluginProviderOptions['importer']> {
  return async (name) => {
    if (name === missing) {
      throw Object.assign(new Error(`Cannot find package '${name}'`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    }
    return import(name);
  };
}

const base = { name: 'web', tags: { env: 'prod' }, ports: [80, 443], size: 2 };
const rules = [
  { cidr: '10.0.0.0/8', port: 22 },
  { cidr: '0.0.0.0/0', port: 443 },
];

describe.each([
  { protocol: '5', encoding: 'msgpack' },
  { protocol: '6', encoding: 'json' },
])(
  'pluginProvider against a protocol $protocol plugin ($encoding values)',
  ({ protocol, encoding }) => {
    const env = { FAKE_PLUGIN_PROTOCOL: protocol, FAKE_PLUGIN_ENCODING: encoding };

    it('in sync, drifted, missing: sets compare as sets, computed-only attributes are skipped, secrets redacted', async () => {
      const { provider, logger, log } = setup(
        {
          same: { ...base, ports: [443, 80], rule: [...rules].reverse() },
          changed: { ...base, tags: { env: 'dev' }, size: 3, secret: 'new-secret-value' },
        },
        env,
      );
      try {
        const report = await detectDrift({
          state: makeState([
            thing('same', { id: 'same', ...base, rule: rules, arn: 'arn:old' }),
            thing(
              'changed',
              { id: 'changed', ...base, secret: 'old-secret-value' },
              {
                sensitivePaths: ['/secret'],
              },
            ),
            thing('gone', { id: 'gone', ...base }),
          ]),
          providers: [provider],
          retry: { attempts: 1 },
        });
        const byName = Object.fromEntries(report.resources.map((r) => [r.address, r]));
        expect(byName['fake_thing.same']?.status).toBe('in-sync');
        expect(byName['fake_thing.gone']?.status).toBe('missing');
        const changed = byName['fake_thing.changed'];
        expect(changed?.status).toBe('drifted');
        expect(changed?.changes.map((c) => c.path).sort()).toEqual([
          '/secret',
          '/size',
          '/tags/env',
        ]);
        const secret = changed?.changes.find((c) => c.path === '/secret');
        expect(secret?.sensitive).toBe(true);
        expect(JSON.stringify(report)).not.toContain('new-secret-value');
        expect(JSON.stringify(report)).not.toContain('old-secret-value');
        // One process served every read, and it was configured once.
        const configured = calls(log).filter((c) => c.method === 'Configure');
        expect(configured).toHaveLength(1);
        expect(configured[0]?.config).toMatchObject({
          region: 'r1',
          fail_configure: null,
          endpoints: [],
        });
        void logger;
      } finally {
        await provider.close();
      }
    });

    it('compares with the upgraded state, so a schema upgrade is not drift', async () => {
      const { provider } = setup({ old: { ...base } }, env);
      try {
        const old = thing('old', { id: 'old', ...base });
        const attributes: Record<string, unknown> = { ...old.attributes, title: 'web' };
        delete attributes.name;
        const report = await detectDrift({
          state: makeState([{ ...old, schemaVersion: 0, attributes }]),
          providers: [provider],
          retry: { attempts: 1 },
        });
        expect(report.resources[0]?.status).toBe('in-sync');
      } finally {
        await provider.close();
      }
    });

    it('passes the provider conformance suite', async () => {
      const { provider } = setup({ a: { ...base } }, env);
      try {
        expect(
          await checkProvider(provider, {
            found: [thing('a', { id: 'a', ...base })],
            notFound: [thing('b', { id: 'b', ...base })],
            failing: [thing('c', { id: 'denied-c', ...base })],
            secrets: [SECRET],
          }),
        ).toEqual([]);
      } finally {
        await provider.close();
      }
    });
  },
);

describe('pluginProvider configurations', () => {
  it.each([
    ['1', 1],
    ['0', 2],
  ])(
    'one process per configuration, routed by alias; the schema is fetched again unless the plugin says it may be skipped (%s)',
    async (optional, schemaCalls) => {
      const { provider, log, logger, worldFile } = setup(
        {},
        { FAKE_PLUGIN_SCHEMA_OPTIONAL: optional },
      );
      const aliased = pluginProvider({
        pluginDirs: [mirror],
        cacheDir: join(work, `cache-aliased-${optional}`),
        config: {
          'tfdrift/fake': { region: 'r1' },
          'tfdrift/fake.west': { region: 'west-1' },
        },
        env: {
          FAKE_PLUGIN_WORLD: worldFile,
          FAKE_PLUGIN_LOG: log,
          FAKE_PLUGIN_SCHEMA_OPTIONAL: optional,
        },
      });
      try {
        const first = await aliased.read([thing('a', { id: 'a', ...base })], ctx(logger));
        const later = await aliased.read(
          [
            thing('b', { id: 'b', ...base }, { providerAlias: 'west' }),
            thing('c', { id: 'c', ...base }, { providerAlias: 'east' }),
          ],
          ctx(logger),
        );
        const results = [...first, ...later];
        expect(results.map((r) => r.status)).toEqual(['not-found', 'not-found', 'not-found']);
        const log_ = calls(log);
        const regions = log_
          .filter((c) => c.method === 'Configure')
          .map((c) => (c.config as { region: string }).region);
        expect(regions.sort()).toEqual(['r1', 'west-1']);
        expect(log_.filter((c) => c.method === 'GetSchema')).toHaveLength(schemaCalls);
      } finally {
        await aliased.close();
        await provider.close();
      }
    },
  );
});

describe('pluginProvider rules from the schema', () => {
  it.each([
    ['without caller rules', undefined],
    ['merged with caller rules', { fake_thing: { computed: ['/size'] } }],
  ])('sensitive schema attributes are redacted, %s', async (_, callerRules) => {
    const { provider } = setup({ a: { ...base, size: 9, secret: 'live-secret-value' } });
    try {
      const report = await detectDrift({
        // No sensitive paths in the state: only the provider's schema says `secret` is one.
        state: makeState([thing('a', { id: 'a', ...base, secret: 'stored-secret-value' })]),
        providers: [provider],
        retry: { attempts: 1 },
        ...(callerRules === undefined ? {} : { rules: callerRules }),
      });
      const changes = report.resources[0]?.changes ?? [];
      expect(changes.find((c) => c.path === '/secret')?.sensitive).toBe(true);
      expect(changes.some((c) => c.path === '/size')).toBe(callerRules === undefined);
      expect(JSON.stringify(report)).not.toContain('secret-value');
      expect(provider.rules.fake_thing).toEqual({
        sensitive: ['/secret'],
        writeOnly: ['/password_wo'],
      });
      expect(provider.rules.no_such_type).toBeUndefined();
    } finally {
      await provider.close();
    }
  });
});

describe('pluginProvider schema cache', () => {
  const scan = async (optional: string, cacheDir: string) => {
    const { provider, log, logger } = setup(
      { a: base },
      { FAKE_PLUGIN_SCHEMA_OPTIONAL: optional },
      { cacheDir },
    );
    try {
      const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      expect(r?.status).toBe('found');
      return calls(log).filter((c) => c.method === 'GetSchema').length;
    } finally {
      await provider.close();
    }
  };
  const schemaFiles = (cacheDir: string) =>
    existsSync(join(cacheDir, 'schemas')) ? readdirSync(join(cacheDir, 'schemas')) : [];

  it('a later scan reuses the schema stored on disk when the plugin allows it', async () => {
    const cacheDir = join(work, 'schema-cache-optional');
    expect(await scan('1', cacheDir)).toBe(1);
    expect(schemaFiles(cacheDir)).toHaveLength(1);
    expect(await scan('1', cacheDir)).toBe(0);
  });

  it('an unreadable cached schema is fetched again and replaced', async () => {
    const cacheDir = join(work, 'schema-cache-corrupt');
    await scan('1', cacheDir);
    const [file] = schemaFiles(cacheDir);
    writeFileSync(join(cacheDir, 'schemas', String(file)), Buffer.from([0x12, 0xff, 0xff, 0x01]));
    expect(await scan('1', cacheDir)).toBe(1);
    expect(await scan('1', cacheDir)).toBe(0);
  });

  it('nothing is stored when the plugin wants GetProviderSchema on every start', async () => {
    const cacheDir = join(work, 'schema-cache-required');
    expect(await scan('0', cacheDir)).toBe(1);
    expect(schemaFiles(cacheDir)).toEqual([]);
    expect(await scan('0', cacheDir)).toBe(1);
  });
});

/** A scan of a state holding `fake_thing.a` only, with unmanaged detection. */
const scanForUnmanaged = (provider: Provider, logger: ProviderContext['logger']) =>
  detectDrift({
    state: makeState([thing('a', { id: 'a', ...base })]),
    providers: [provider],
    unmanaged: true,
    retry: { attempts: 1 },
    logger,
  });

describe.each([5, 6])(
  'pluginProvider unmanaged detection (protocol %i list resources)',
  (protocol) => {
    const env = { FAKE_PLUGIN_PROTOCOL: String(protocol), FAKE_PLUGIN_LIST: '1' };

    it('lists live objects the state does not hold, through ListResource', async () => {
      const { provider, log, logger } = setup(
        { a: base, b: { ...base, name: 'extra' }, 'identity-only-c': { ...base, name: 'c' } },
        env,
      );
      try {
        const report = await scanForUnmanaged(provider, logger);
        expect(report.resources.map((r) => r.status)).toEqual(['in-sync']);
        expect(report.unmanaged.map((u) => [u.type, u.id, u.name, u.provider])).toEqual([
          ['fake_thing', 'b', 'extra', 'plugin'],
          // No resource object in the event: the id comes from the resource identity.
          ['fake_thing', 'identity-only-c', 'c', 'plugin'],
        ]);
        expect(report.unmanaged[0]?.importBlock).toContain('fake_thing');
        const [listed] = calls(log).filter((c) => c.method === 'ListResource');
        expect(listed).toMatchObject({
          type: 'fake_thing',
          include: true,
          config: { name_prefix: null },
        });
        expect(Number(listed?.limit)).toBeGreaterThan(0);
      } finally {
        await provider.close();
      }
    });

    it('a listing that fails is an alert, not a failed scan', async () => {
      const { provider, logger } = setup({ a: base, 'listfail-x': base }, env);
      try {
        const report = await scanForUnmanaged(provider, logger);
        expect(report.resources.map((r) => r.status)).toEqual(['in-sync']);
        expect(report.unmanaged).toEqual([]);
        const alert = report.alerts.find((a) => a.code === 'list-failed');
        expect(alert?.message).toContain('not authorized to list');
      } finally {
        await provider.close();
      }
    });
  },
);

describe('pluginProvider unmanaged detection without list resources', () => {
  it('lists nothing and warns which types cannot be listed', async () => {
    const { provider, lines, logger } = setup({ a: base, b: base });
    try {
      const report = await scanForUnmanaged(provider, logger);
      expect(report.unmanaged).toEqual([]);
      expect(lines.some((l) => /no list resource for fake_thing/.test(l))).toBe(true);
    } finally {
      await provider.close();
    }
  });
});

describe('pluginProvider plugin launch: automatic mTLS, log levels', () => {
  const readOne = async (tls: string) => {
    const { provider, log, logger } = setup(
      { a: base },
      tls === '' ? {} : { FAKE_PLUGIN_TLS: tls },
    );
    try {
      const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      const started = calls(log).find((c) => c.method === 'started');
      return { r, started, log };
    } finally {
      await provider.close();
    }
  };

  it('offers a client certificate and talks TLS to a plugin that answers with its own', async () => {
    const { r, started, log } = await readOne('');
    expect(started?.tls).toBe(true);
    expect(r?.status).toBe('found');
    expect(calls(log).some((c) => c.method === 'ReadResource')).toBe(true);
  });

  it("turns the plugin SDKs' TRACE logging down to WARN, unless the caller chose a level", async () => {
    const { started } = await readOne('');
    expect(started?.logLevels).toEqual(['WARN', 'WARN', 'WARN']);
    const { provider, log, logger } = setup({ a: base }, { TF_LOG_SDK: 'TRACE' });
    try {
      await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      const chosen = calls(log).find((c) => c.method === 'started');
      expect(chosen?.logLevels).toEqual(['TRACE', 'WARN', 'WARN']);
    } finally {
      await provider.close();
    }
  });

  it('talks plaintext to a plugin that prints no certificate', async () => {
    const { r, started } = await readOne('off');
    expect(started?.tls).toBe(false);
    expect(r?.status).toBe('found');
  });

  it('refuses a plugin whose TLS certificate is not the one its handshake printed', async () => {
    const { r, log } = await readOne('wrong-cert');
    expect(r).toMatchObject({ status: 'error', error: { code: 'PROVIDER_CONFIG' } });
    expect(calls(log).some((c) => c.method === 'GetSchema')).toBe(false);
  });
});

describe('pluginProvider failures', () => {
  it('error diagnostics are classified: access denied is final, throttling is retried, neither is missing', async () => {
    const { provider, log } = setup({});
    try {
      const report = await detectDrift({
        state: makeState([
          thing('denied', { id: 'denied-1', ...base }),
          thing('throttled', { id: 'throttle-1', ...base }),
        ]),
        providers: [provider],
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      });
      const [denied, throttled] = report.resources;
      expect(denied).toMatchObject({
        status: 'unknown',
        error: { code: 'ACCESS_DENIED', retryable: false },
      });
      expect(denied?.error?.message).toContain('not authorized');
      expect(throttled).toMatchObject({
        status: 'unknown',
        error: { code: 'THROTTLED', retryable: true },
      });
      const reads = calls(log).filter((c) => c.method === 'ReadResource');
      expect(reads.filter((c) => c.id === 'throttle-1')).toHaveLength(2);
      expect(reads.filter((c) => c.id === 'denied-1')).toHaveLength(1);
    } finally {
      await provider.close();
    }
  });

  it('a configuration the provider rejects fails once, clearly, before any read, with secrets scrubbed', async () => {
    const { provider, log, lines, logger } = setup({ a: base });
    const rejecting = pluginProvider({
      pluginDirs: [mirror],
      config: {
        'registry.terraform.io/tfdrift/fake': {
          region: 'r1',
          secret_key: SECRET,
          fail_configure: true,
        },
      },
      env: { FAKE_PLUGIN_WORLD: join(work, 'none.json'), FAKE_PLUGIN_LOG: log },
    });
    try {
      const batch = [thing('a', { id: 'a', ...base }), thing('b', { id: 'b', ...base })];
      const first = await rejecting.read(batch, ctx(logger));
      const second = await rejecting.read(batch, ctx(logger));
      for (const r of [...first, ...second]) {
        expect(r.status).toBe('error');
        const error = (r as Extract<ReadResult, { status: 'error' }>).error as {
          code: string;
          message: string;
        };
        expect(error.code).toBe('PROVIDER_CONFIG');
        expect(error.message).toContain('rejected its configuration');
        expect(error.message).toContain('Invalid credentials');
        expect(error.message).not.toContain(SECRET);
      }
      const log_ = calls(log);
      expect(log_.filter((c) => c.method === 'Configure')).toHaveLength(1);
      expect(log_.filter((c) => c.method === 'ReadResource')).toHaveLength(0);
      expect(lines.some((l) => l.includes('configuring with secret'))).toBe(true);
      expect(lines.join('\n')).not.toContain(SECRET);
    } finally {
      await rejecting.close();
      await provider.close();
    }
  });

  it('a configuration that does not fit the schema names the bad attribute', async () => {
    const { logger } = setup({});
    const provider = pluginProvider({
      pluginDirs: [mirror],
      config: { 'tfdrift/fake': { region: 'r1', no_such_option: 1 } },
    });
    try {
      const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      expect(r).toMatchObject({ status: 'error', error: { code: 'PROVIDER_CONFIG' } });
      expect((r as { error: Error }).error.message).toContain('/no_such_option');
    } finally {
      await provider.close();
    }
  });

  it('a plugin that crashes mid-scan: that read is unknown, the plugin is restarted for the others', async () => {
    // One read at a time, so the crash takes down no other read in flight.
    const { provider, log } = setup({ a: base, b: base }, {}, { concurrency: 1 });
    try {
      const report = await detectDrift({
        state: makeState([
          thing('a', { id: 'a', ...base }),
          thing('crash', { id: 'crash-1', ...base }),
          thing('b', { id: 'b', ...base }),
        ]),
        providers: [provider],
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      });
      const status = Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
      expect(status['fake_thing.crash']).toBe('unknown');
      expect(report.resources.find((r) => r.address === 'fake_thing.crash')?.error?.retryable).toBe(
        true,
      );
      expect(status['fake_thing.a']).toBe('in-sync');
      expect(status['fake_thing.b']).toBe('in-sync');
      const pids = [...new Set(calls(log).map((c) => c.pid))];
      // The first process, then a new one for b (the retry of crash-1 took that one down too).
      expect(pids).toHaveLength(2);
      expect(await waitUntilDead(pids)).toBe(true);
    } finally {
      await provider.close();
    }
  });

  it('a hung call times out as unknown, and close() kills the plugin', async () => {
    const { provider, log, logger } = setup({ a: base }, {}, { callTimeoutMs: 400 });
    const results = await provider.read(
      [
        thing('hang', { id: 'hang-1', ...base }),
        thing('a', { id: 'a', ...base }),
        thing('slow', { id: 'slow-1', ...base }),
      ],
      ctx(logger),
    );
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'TIMEOUT' } });
    expect(results[1]).toMatchObject({ status: 'found' });
    expect(results[2]).toMatchObject({ status: 'not-found' });
    const pids = [...new Set(calls(log).map((c) => c.pid))];
    expect(pids.every(alive)).toBe(true);
    await provider.close();
    expect(await waitUntilDead(pids)).toBe(true);
    expect(calls(log).some((c) => c.method === 'Stop')).toBe(true);
  });

  it('an abort stops the plugin; idle plugins stop by themselves; no process outlives the scan', async () => {
    const { provider, log, logger } = setup({ a: base }, {}, { idleTimeoutMs: 200 });
    const controller = new AbortController();
    const pending = provider.read(
      [thing('hang', { id: 'hang-2', ...base })],
      ctx(logger, controller.signal),
    );
    for (let i = 0; i < 3000 && !calls(log).some((c) => c.method === 'ReadResource'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    controller.abort();
    const [r] = await pending;
    expect(r).toMatchObject({ status: 'error', error: { code: 'ABORTED' } });
    expect(await waitUntilDead([...new Set(calls(log).map((c) => c.pid))])).toBe(true);

    const [again] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
    expect(again?.status).toBe('found');
    const pids = [...new Set(calls(log).map((c) => c.pid))];
    expect(pids).toHaveLength(2);
    expect(await waitUntilDead(pids)).toBe(true); // the idle timeout stopped the second one
    await provider.close();
  });

  it.each([
    ['garbage', 20_000, /did not print a go-plugin handshake/],
    ['exit', 20_000, /exited \(code 3\) before its handshake[\s\S]*fatal: cannot start/],
    ['silent', 2_500, /no handshake within 2500 ms/],
  ])(
    'a plugin that misbehaves at start (%s) is a clear error, and is killed',
    async (mode, handshakeTimeoutMs, message) => {
      const { provider, log, logger } = setup(
        {},
        { FAKE_PLUGIN_HANDSHAKE: mode },
        { handshakeTimeoutMs },
      );
      try {
        const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
        expect(r).toMatchObject({ status: 'error', error: { code: 'PROVIDER_CONFIG' } });
        expect((r as { error: Error }).error.message).toMatch(message);
        expect(await waitUntilDead(calls(log).map((c) => c.pid))).toBe(true);
      } finally {
        await provider.close();
      }
    },
  );

  it('a plugin that writes a 48 MiB line on stderr: forwarded cut at 4,000 characters, scrubbed before the cut, and the scan goes on', async () => {
    const { provider, lines, logger } = setup(
      { a: base },
      {
        FAKE_PLUGIN_FLOOD: 'stderr',
        FAKE_PLUGIN_SECRET: SECRET,
      },
    );
    try {
      const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      expect(r?.status).toBe('found');
      // stderr is read on its own: the line may still be arriving after the read.
      const isFlood = (l: string) => l.includes('xxxxxxxxxx');
      for (let i = 0; i < 500 && !lines.some(isFlood); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const flood = lines.find(isFlood);
      expect(flood).toBeDefined();
      // The prefix, 4,000 characters and the ellipsis; the secret straddled the cut.
      expect(flood?.endsWith('…')).toBe(true);
      expect(flood?.length).toBeLessThan(4100);
      expect(flood).toMatch(/\[REDA…$/);
      expect(lines.join('\n')).not.toContain(SECRET.slice(0, 5));
    } finally {
      await provider.close();
    }
  });

  it('a plugin that writes 160 MiB on stdout before its handshake: a clear error, and tfdrift does not hold the line in memory', async () => {
    const { provider, log, logger } = setup(
      {},
      { FAKE_PLUGIN_FLOOD: 'stdout', FAKE_PLUGIN_FLOOD_MIB: '160', FAKE_PLUGIN_SECRET: SECRET },
    );
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 10);
    try {
      const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
      expect(r).toMatchObject({ status: 'error', error: { code: 'PROVIDER_CONFIG' } });
      expect((r as { error: Error }).error.message).toMatch(
        /did not print a go-plugin handshake line/,
      );
      expect((r as { error: Error }).error.message.length).toBeLessThan(2000);
      // A reader that kept the line whole would hold all 160 MiB until the timeout.
      expect(peak - before).toBeLessThan(64 * 1024 * 1024);
      expect(await waitUntilDead(calls(log).map((c) => c.pid))).toBe(true);
    } finally {
      clearInterval(sampler);
      await provider.close();
    }
  });

  it('no binary: every instance is unknown with the directories searched and how to get one', async () => {
    const { logger } = setup({});
    const provider = pluginProvider({ pluginDirs: [join(work, 'empty')] });
    const [r] = await provider.read(
      [{ ...thing('x', { id: 'x' }), provider: 'registry.terraform.io/acme/nothing' }],
      ctx(logger),
    );
    expect(r).toMatchObject({
      status: 'error',
      error: { code: 'PROVIDER_CONFIG', retryable: false },
    });
    const message = (r as { error: Error }).error.message;
    expect(message).toContain(join(work, 'empty'));
    expect(message).toContain('terraform providers mirror');
  });

  it('a missing optional package is a ProviderConfigError naming the install command', async () => {
    const { logger } = setup({});
    const provider = pluginProvider({
      pluginDirs: [mirror],
      importer: withoutPackage('@msgpack/msgpack'),
    });
    const [r] = await provider.read([thing('a', { id: 'a', ...base })], ctx(logger));
    expect((r as { error: Error }).error.message).toContain(
      'npm install protobufjs @msgpack/msgpack',
    );
    await provider.close();
  });

  describe('through detectDrift, a provider that cannot work fails the scan once, before any read', () => {
    const MAGIC = 'open-sesame-7731';
    const failure = (scan: Promise<unknown>) =>
      scan.then(
        () => undefined,
        (error: unknown) => error as ProviderConfigError,
      );

    it('a configuration the provider rejects: one error that shows the region and hides the secrets', async () => {
      const { log, lines, logger } = setup({});
      const provider = pluginProvider({
        pluginDirs: [mirror],
        config: {
          'tfdrift/fake': {
            region: 'mars-1',
            secret_key: SECRET, // secret by its name
            magic: MAGIC, // secret only by the provider's schema
            fail_configure: true,
          },
        },
        env: { FAKE_PLUGIN_WORLD: join(work, 'none.json'), FAKE_PLUGIN_LOG: log },
      });
      try {
        const error = await failure(
          detectDrift({
            state: makeState([thing('a', { id: 'a', ...base }), thing('b', { id: 'b', ...base })]),
            providers: [provider],
            logger,
          }),
        );
        expect(error).toBeInstanceOf(ProviderConfigError);
        expect(error?.message).toContain('rejected its configuration');
        expect(error?.message).toContain('was refused in region mars-1');
        expect(error?.message).not.toContain(SECRET);
        expect(error?.message).not.toContain(MAGIC);
        const log_ = calls(log);
        expect(log_.filter((c) => c.method === 'Configure')).toHaveLength(1);
        expect(log_.filter((c) => c.method === 'UpgradeResourceState')).toHaveLength(0);
        expect(log_.filter((c) => c.method === 'ReadResource')).toHaveLength(0);
        // The plugin echoed both on stderr; the log lines carry neither.
        expect(lines.some((l) => l.includes('configuring with secret [REDACTED]'))).toBe(true);
        expect(lines.join('\n')).not.toContain(SECRET);
        expect(lines.join('\n')).not.toContain(MAGIC);
        expect(await waitUntilDead([...new Set(log_.map((c) => c.pid))])).toBe(true);
      } finally {
        await provider.close();
      }
    });

    it('a plugin that cannot start', async () => {
      const { provider, log } = setup({}, { FAKE_PLUGIN_HANDSHAKE: 'exit' });
      try {
        const error = await failure(
          detectDrift({
            state: makeState([thing('a', { id: 'a', ...base })]),
            providers: [provider],
          }),
        );
        expect(error).toBeInstanceOf(ProviderConfigError);
        expect(error?.message).toMatch(/exited \(code 3\) before its handshake/);
        expect(await waitUntilDead(calls(log).map((c) => c.pid))).toBe(true);
      } finally {
        await provider.close();
      }
    });

    it('no binary for any provider of the scan: the places searched and how to get one', async () => {
      const provider = pluginProvider({ pluginDirs: [join(work, 'empty')] });
      const error = await failure(
        detectDrift({
          state: makeState([
            { ...thing('x', { id: 'x' }), provider: 'registry.terraform.io/acme/nothing' },
            { ...thing('y', { id: 'y' }), provider: 'registry.terraform.io/acme/neither' },
          ]),
          providers: [provider],
        }),
      );
      expect(error).toBeInstanceOf(ProviderConfigError);
      expect(error?.message).toContain('acme/nothing');
      expect(error?.message).toContain('acme/neither');
      expect(error?.message).toContain(join(work, 'empty'));
      expect(error?.message).toContain('terraform providers mirror');
      await provider.close();
    });

    it('no binary for one provider among others: a warning, its instances unknown, the rest read', async () => {
      const { provider, lines, logger } = setup({ a: base });
      try {
        const report = await detectDrift({
          state: makeState([
            thing('a', { id: 'a', ...base }),
            { ...thing('x', { id: 'x' }), provider: 'registry.terraform.io/acme/nothing' },
            { ...thing('y', { id: 'y' }), provider: 'registry.terraform.io/acme/nothing' },
          ]),
          providers: [provider],
          logger,
          retry: { attempts: 1 },
        });
        const status = Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
        expect(status).toEqual({
          'fake_thing.a': 'in-sync',
          'fake_thing.x': 'unknown',
          'fake_thing.y': 'unknown',
        });
        const warnings = lines.filter((l) => l.includes('acme/nothing'));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(
          /No binary of provider .*acme\/nothing.* Its 2 instances will be unknown/,
        );
        expect(warnings[0]).toContain('terraform providers mirror');
      } finally {
        await provider.close();
      }
    });

    it('a missing optional package', async () => {
      const provider = pluginProvider({
        pluginDirs: [mirror],
        importer: withoutPackage('protobufjs'),
      });
      const error = await failure(
        detectDrift({
          state: makeState([thing('a', { id: 'a', ...base })]),
          providers: [provider],
        }),
      );
      expect(error).toBeInstanceOf(ProviderConfigError);
      expect(error?.message).toContain('npm install protobufjs @msgpack/msgpack');
      await provider.close();
    });
  });

  it('invalid options throw a ProviderConfigError at once', () => {
    expect(() => pluginProvider({ concurrency: 0 })).toThrow(ProviderConfigError);
    expect(() => pluginProvider({ config: { 'hashicorp/aws': 'x' as never } })).toThrow(
      ProviderConfigError,
    );
    expect(() => pluginProvider({ config: { '../../x': {} } })).toThrow(ProviderConfigError);
  });
});
