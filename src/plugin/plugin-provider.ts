/**
 * `pluginProvider`: the live side read by the Terraform provider binaries themselves, over
 * the plugin protocol, without Terraform: every resource type of every provider, with the
 * provider's own read logic, one process per provider binary and configuration, many reads
 * in flight.
 */
import { setMaxListeners } from 'node:events';
import { stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Semaphore } from '../detect/concurrency.js';
import type { RuleSet } from '../diff/types.js';
import { isTfdriftError, ProviderConfigError } from '../errors.js';
import type { Provider, ProviderContext, ReadResult } from '../providers/types.js';
import type { ResourceInstance } from '../model/state.js';
import { classifyCallError } from './classify-diagnostics.js';
import { cliConfigPath, readCliConfig, readLockFile } from './cli-config.js';
import type { PluginDependencies, PluginImporter } from './dependencies.js';
import { loadPluginDependencies } from './dependencies.js';
import type { FoundBinary } from './find-binary.js';
import { findProviderBinary } from './find-binary.js';
import type { ProviderSchemas } from './plugin-client.js';
import type { SessionTimeouts } from './plugin-session.js';
import { PluginSession } from './plugin-session.js';
import type { ProviderSource } from './provider-source.js';
import { currentPlatform, formatProviderSource, parseProviderSource } from './provider-source.js';
import { rulesFromSchema } from './schema-normalize.js';
import type { SearchLocation } from './search-locations.js';
import { searchLocations } from './search-locations.js';

/** Options of {@link pluginProvider}. @public */
export interface PluginProviderOptions {
  /**
   * A Terraform working directory: its `.terraform/providers` is searched for binaries and its
   * `.terraform.lock.hcl` selects their versions.
   */
  cwd?: string;
  /** Filesystem mirrors or plugin caches to search first (unpacked or packed layout). */
  pluginDirs?: string[];
  /**
   * Provider configurations in Terraform's JSON configuration syntax, keyed by provider
   * source (`hashicorp/aws` or `registry.terraform.io/hashicorp/aws`); a key with an alias
   * suffix (`hashicorp/aws.west`) configures the instances whose `providerAlias` is `west`.
   * A provider without an entry gets an empty configuration, so its own environment defaults
   * apply (`AWS_REGION`, credential chains, ...).
   */
  config?: Record<string, Record<string, unknown>>;
  /** How many reads may be in flight at once, across all plugins (default 16). */
  concurrency?: number;
  /** Extra environment variables for the plugins (credentials...). Their values are scrubbed from logs and errors. */
  env?: Record<string, string>;
  /** Provider sources to read (default: every managed instance's provider). */
  sources?: string[];
  /** The provider name in reports (default `plugin`). */
  name?: string;
  /** Where binaries from packed (zip) mirrors are extracted (default `~/.cache/tfdrift/plugins`). */
  cacheDir?: string;
  /** How long a plugin may take to start and print its handshake (default 60 s). */
  handshakeTimeoutMs?: number;
  /** The deadline of each read call (default 120 s). */
  callTimeoutMs?: number;
  /** Plugins idle this long after the last read are stopped (default 5 s); the next read starts them again. */
  idleTimeoutMs?: number;
  /** @internal Replaces the importer of the optional dependencies (tests). */
  importer?: PluginImporter;
}

/** The plugin provider: a {@link Provider} whose `close()` stops every plugin process. @public */
export interface PluginProvider extends Provider {
  /** Normalization rules derived from the provider schemas read so far (sensitive, write-only attributes). */
  readonly rules: RuleSet;
  /** Reads a batch: one result per instance, each read by its provider's plugin. */
  read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]>;
  /** Stops every plugin process (StopProvider, then the process tree). Safe to call twice. */
  close(): Promise<void>;
}

const MAX_RESTARTS = 3;

function stringLeaves(value: unknown, into: string[], depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    if (value.length >= 4) into.push(value);
  } else if (Array.isArray(value)) for (const v of value) stringLeaves(v, into, depth + 1);
  else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) stringLeaves(v, into, depth + 1);
  }
}

/** The source of an instance's provider; legacy `-` namespaces are HashiCorp's, as Terraform reads them. */
function instanceSource(instance: ResourceInstance): ProviderSource {
  const source = parseProviderSource(instance.provider);
  return source.namespace === '-' ? { ...source, namespace: 'hashicorp' } : source;
}

function configKey(text: string): { source: string; alias?: string } {
  const slash = text.lastIndexOf('/');
  const dot = text.indexOf('.', slash + 1);
  const base = dot === -1 ? text : text.slice(0, dot);
  const source = formatProviderSource(parseProviderSource(base));
  return dot === -1 ? { source } : { source, alias: text.slice(dot + 1) };
}

function validateOptions(options: PluginProviderOptions, name: string): void {
  const issues: { path: string; message: string }[] = [];
  const c = options.concurrency;
  if (c !== undefined && (!Number.isInteger(c) || c < 1)) {
    issues.push({ path: '/concurrency', message: 'expected a positive integer' });
  }
  if (options.pluginDirs !== undefined && !Array.isArray(options.pluginDirs)) {
    issues.push({ path: '/pluginDirs', message: 'expected an array of directories' });
  }
  for (const [key, value] of Object.entries(options.config ?? {})) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: `/config/${key}`, message: 'expected an object' });
    }
  }
  if (issues.length > 0) {
    throw new ProviderConfigError(
      `Invalid pluginProvider options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { provider: name, issues },
    );
  }
}

/**
 * A provider that reads live resources by running the Terraform provider binaries directly
 * (HashiCorp go-plugin, `tfplugin5`/`tfplugin6` over gRPC): for each instance it calls
 * `UpgradeResourceState` with the stored attributes, then `ReadResource`, and compares the
 * upgraded state (so schema upgrades are not drift) with what the provider read. A null read
 * is `not-found`; error diagnostics are classified errors, never `not-found`.
 *
 * Binaries are found, never downloaded: `pluginDirs`, `cwd`'s `.terraform/providers`,
 * `TF_PLUGIN_CACHE_DIR`, the CLI configuration's mirrors and plugin cache, then Terraform's
 * implied local mirrors. Needs the optional packages `@grpc/grpc-js`, `protobufjs` and
 * `@msgpack/msgpack`.
 *
 * @throws {@link ProviderConfigError} for invalid options. Problems found while reading (no
 * binary, a configuration the provider rejects, a missing package) make every instance of
 * that provider `unknown` with a `PROVIDER_CONFIG` error that says what to do.
 * @example
 * ```ts
 * const plugins = pluginProvider({
 *   cwd: './infra',
 *   config: { 'hashicorp/aws': { region: 'eu-west-1' } },
 * });
 * try {
 *   const report = await detectDrift({ state: './infra/terraform.tfstate', providers: [plugins] });
 * } finally {
 *   await plugins.close();
 * }
 * ```
 * @public
 */
export function pluginProvider(options: PluginProviderOptions = {}): PluginProvider {
  const name = options.name ?? 'plugin';
  validateOptions(options, name);
  const configs = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(options.config ?? {})) {
    const k = configKey(key);
    configs.set(k.alias === undefined ? k.source : `${k.source}.${k.alias}`, value);
  }
  const wanted =
    options.sources === undefined
      ? undefined
      : new Set(options.sources.map((s) => formatProviderSource(parseProviderSource(s))));
  const env = options.env ?? {};
  const secrets: string[] = [];
  stringLeaves(Object.values(env), secrets);
  stringLeaves(options.config, secrets);
  const timeouts: SessionTimeouts = {
    handshakeMs: options.handshakeTimeoutMs ?? 60_000,
    schemaMs: Math.max(options.callTimeoutMs ?? 120_000, 120_000),
    callMs: options.callTimeoutMs ?? 120_000,
    stopMs: 3_000,
  };
  const cacheDir =
    options.cacheDir ??
    join(process.env.XDG_CACHE_HOME || join(homedir() || tmpdir(), '.cache'), 'tfdrift', 'plugins');
  const semaphore = new Semaphore(options.concurrency ?? 16);
  const rules: RuleSet = {};

  let deps: Promise<PluginDependencies> | undefined;
  let setup: Promise<{ locations: SearchLocation[]; locks: Map<string, string> }> | undefined;
  const binaries = new Map<string, Promise<FoundBinary>>();
  const schemaCache = new Map<string, ProviderSchemas>();
  const sessions = new Map<string, { session: Promise<PluginSession>; restarts: number }>();
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const hooked = new WeakSet<AbortSignal>();

  const prepare = () =>
    (setup ??= (async () => {
      const cliConfig = await readCliConfig(cliConfigPath(process.env));
      const locations = searchLocations({
        pluginDirs: options.pluginDirs,
        cwd: options.cwd,
        env: process.env,
        cliConfig,
      });
      const locks =
        options.cwd === undefined ? new Map<string, string>() : await readLockFile(options.cwd);
      return { locations, locks };
    })());

  const binaryFor = (source: ProviderSource): Promise<FoundBinary> => {
    const key = formatProviderSource(source);
    let found = binaries.get(key);
    if (found === undefined) {
      found = prepare().then(({ locations, locks }) =>
        findProviderBinary(source, {
          locations,
          platform: currentPlatform(),
          lockedVersion: locks.get(key),
          cacheDir,
        }),
      );
      binaries.set(key, found);
    }
    return found;
  };

  const configFor = (source: string, alias: string | undefined): Record<string, unknown> =>
    (alias !== undefined ? configs.get(`${source}.${alias}`) : undefined) ??
    configs.get(source) ??
    {};

  const closeAll = async (): Promise<void> => {
    clearTimeout(idleTimer);
    const all = [...sessions.values()];
    sessions.clear();
    await Promise.all(
      all.map((s) => s.session.then((session) => session.close()).catch(() => undefined)),
    );
  };

  const sessionFor = async (
    instance: ResourceInstance,
    ctx: ProviderContext,
  ): Promise<PluginSession> => {
    const source = instanceSource(instance);
    const address = formatProviderSource(source);
    const config = configFor(address, instance.providerAlias);
    const binary = await binaryFor(source);
    const key = `${binary.path}\n${JSON.stringify(config)}`;
    let entry = sessions.get(key);
    if (entry !== undefined) {
      const current = entry;
      const session = await current.session;
      if (session.alive) return session;
      if (sessions.get(key) !== current) return sessionFor(instance, ctx);
      if (current.restarts >= MAX_RESTARTS) {
        throw new ProviderConfigError(
          `${address} ${binary.version}: the provider plugin stopped ${MAX_RESTARTS + 1} times; giving up`,
          { provider: name },
        );
      }
      ctx.logger.warn(`plugin ${address}: the provider process exited; starting it again`);
      void session.close();
      entry = undefined;
      sessions.delete(key);
      sessions.set(key, (entry = { session: start(), restarts: current.restarts + 1 }));
      return entry.session;
    }
    sessions.set(key, (entry = { session: start(), restarts: 0 }));
    return entry.session;

    async function start(): Promise<PluginSession> {
      const loaded = await (deps ??= loadPluginDependencies(options.importer));
      const info = await stat(binary.path);
      const schemaKey = `${binary.path}\n${info.size}\n${info.mtimeMs}`;
      const session = await PluginSession.start({
        binary: binary.path,
        label: `${address} ${binary.version}`,
        config,
        env,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        deps: loaded,
        logger: ctx.logger,
        secrets,
        timeouts,
        cachedSchemas: schemaCache.get(schemaKey),
      });
      schemaCache.set(schemaKey, session.schemas);
      // Every type's rules at once: the core may copy the rule set when the first result of
      // the scan arrives, and later types must already be in it.
      for (const [type, schema] of session.schemas.resources) {
        if (!(type in rules)) rules[type] = rulesFromSchema(schema.block);
      }
      return session;
    }
  };

  const readOne = async (instance: ResourceInstance, ctx: ProviderContext): Promise<ReadResult> => {
    const address = instance.address;
    try {
      await semaphore.acquire(ctx.signal);
    } catch {
      return {
        address,
        status: 'error',
        error: { code: 'ABORTED', message: 'The scan was aborted', retryable: true },
      };
    }
    try {
      const session = await sessionFor(instance, ctx);
      return await session.read(instance, ctx.signal);
    } catch (error) {
      if (isTfdriftError(error)) {
        return {
          address,
          status: 'error',
          error: { code: error.code, message: error.message, retryable: false },
        };
      }
      return {
        address,
        status: 'error',
        error: classifyCallError(error, secrets, `${name} ${address}`),
      };
    } finally {
      semaphore.release();
    }
  };

  return {
    name,
    supports: (instance: ResourceInstance) => {
      if (instance.mode !== 'managed') return false;
      if (wanted === undefined) return true;
      try {
        return wanted.has(formatProviderSource(instanceSource(instance)));
      } catch {
        return false;
      }
    },
    rules,
    async read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]> {
      clearTimeout(idleTimer);
      inFlight++;
      if (!hooked.has(ctx.signal)) {
        hooked.add(ctx.signal);
        ctx.signal.addEventListener('abort', () => void closeAll(), { once: true });
      }
      // Every call in flight listens for the abort: give them a signal of our own, so a big
      // batch does not trip Node's listener-leak warning on the scan's signal.
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const forward = () => controller.abort(ctx.signal.reason);
      if (ctx.signal.aborted) forward();
      else ctx.signal.addEventListener('abort', forward, { once: true });
      const inner: ProviderContext = { ...ctx, signal: controller.signal };
      try {
        return await Promise.all(batch.map((instance) => readOne(instance, inner)));
      } finally {
        ctx.signal.removeEventListener('abort', forward);
        inFlight--;
        if (inFlight === 0) {
          idleTimer = setTimeout(() => void closeAll(), options.idleTimeoutMs ?? 5_000);
          idleTimer.unref();
        }
      }
    },
    close: closeAll,
  };
}
