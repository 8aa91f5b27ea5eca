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
import type { LiveResource } from '../model/live-resource.js';
import type { ResourceInstance } from '../model/state.js';
import type { Provider, ProviderContext, ReadResult } from '../providers/types.js';
import { classifyCallError } from './classify-diagnostics.js';
import { cliConfigPath, readCliConfig, readLockFile } from './cli-config.js';
import { addSecrets, secretConfigValues, secretEnvValues } from './config-secrets.js';
import type { PluginDependencies, PluginImporter } from './dependencies.js';
import { loadPluginDependencies } from './dependencies.js';
import type { FoundBinary } from './find-binary.js';
import { findProviderBinary } from './find-binary.js';
import type { ProviderSchemas } from './plugin-client.js';
import type { SessionTimeouts } from './plugin-session.js';
import { PluginSession } from './plugin-session.js';
import type { ProviderSource } from './provider-source.js';
import { currentPlatform, formatProviderSource, parseProviderSource } from './provider-source.js';
import type { BlockConfig, BlockConfigLookup } from './provider-blocks.js';
import { loadProviderBlocks } from './provider-blocks.js';
import { schemaCacheFor } from './schema-cache.js';
import { rulesFromSchema } from './schema-normalize.js';
import type { SchemaTable } from './schema-response.js';
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
  /**
   * Extra environment variables for the plugins (credentials...). The values of secret-looking
   * names (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, passwords) are scrubbed from logs and errors,
   * as are those in the caller's own environment.
   */
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
  /**
   * Run by a scan before any read: loads the optional packages, finds the binaries and starts
   * each plugin with its configuration. Rejects with a {@link ProviderConfigError} when the
   * reader cannot work at all (see {@link pluginProvider}).
   */
  preflight(instances: readonly ResourceInstance[], ctx: ProviderContext): Promise<void>;
  /** Reads a batch: one result per instance, each read by its provider's plugin. */
  read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]>;
  /** Lists live objects through the providers' list resources (protocols 5.10 / 6.10), for unmanaged detection. */
  list(types: string[], ctx: ProviderContext): AsyncIterable<LiveResource>;
  /** Stops every plugin process (StopProvider, then the process tree). Safe to call twice. */
  close(): Promise<void>;
}

const MAX_RESTARTS = 3;

/**
 * Plugin SDK log levels, unless the caller chose them: Terraform's plugin SDKs log at TRACE
 * when these are unset (several lines per call, megabytes per scan) and leave the filtering to
 * the client, which costs the plugin and tfdrift more CPU than the reads themselves.
 */
function logLevelDefaults(
  providerType: string,
  env: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const names = ['TF_LOG_SDK', 'TF_LOG_PROVIDER', `TF_LOG_PROVIDER_${providerType.toUpperCase()}`];
  for (const name of names) {
    if (env[name] === undefined && process.env[name] === undefined) out[name] = 'WARN';
  }
  return out;
}

/**
 * The rules the schemas imply, computed per type on first use: a scan reads a few of the
 * provider's types, and deriving rules means decoding a type's schema. Listing the keys (as
 * merging with the caller's rules does) derives them for every type seen so far.
 */
function lazyRules(tables: readonly SchemaTable[]): RuleSet {
  const target: RuleSet = {};
  const derive = (type: string): void => {
    if (Object.hasOwn(target, type)) return;
    for (const table of tables) {
      const schema = table.get(type);
      if (schema !== undefined) {
        target[type] = rulesFromSchema(schema.block);
        return;
      }
    }
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string') derive(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === 'string') derive(key);
      return Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      if (typeof key === 'string') derive(key);
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      for (const table of tables) for (const type of table.types) derive(type);
      return Reflect.ownKeys(t);
    },
  });
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
 * implied local mirrors. Needs the optional packages `protobufjs` and `@msgpack/msgpack`
 * (gRPC is spoken over Node's own HTTP/2).
 *
 * @throws {@link ProviderConfigError} for invalid options. In a scan, its `preflight` fails
 * the scan once, before any read, with a `ProviderConfigError` that says what to do when a
 * package is missing, a plugin cannot start or a provider rejects its configuration, or when
 * no provider of the scan has a binary (a provider without one among others is a warning,
 * and its instances are `unknown`). `read` called on its own reports these per instance.
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
  // What the plugins may echo: credentials in the caller's environment (which they inherit),
  // in `env`, and in the configurations (more once each plugin's schema says what is sensitive).
  const secrets: string[] = [];
  addSecrets(secrets, [
    ...secretEnvValues(process.env),
    ...secretEnvValues(env),
    ...secretConfigValues(options.config),
  ]);
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
  const schemaTables: SchemaTable[] = [];
  const rules = lazyRules(schemaTables);

  let deps: Promise<PluginDependencies> | undefined;
  const dependencies = () => (deps ??= loadPluginDependencies(options.importer));
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

  let blocks: Promise<BlockConfigLookup> | undefined;
  const noted = new Set<BlockConfig>();
  /**
   * Explicit `config` wins (the alias's entry, then the source's); else the literal arguments
   * of the `provider` block that configured the instance in `cwd`; else an empty configuration.
   */
  const configFor = async (
    instance: ResourceInstance,
    source: string,
    ctx: ProviderContext,
  ): Promise<Record<string, unknown>> => {
    const alias = instance.providerAlias;
    const explicit =
      (alias !== undefined ? configs.get(`${source}.${alias}`) : undefined) ?? configs.get(source);
    if (explicit !== undefined || options.cwd === undefined) return explicit ?? {};
    const lookup = await (blocks ??= loadProviderBlocks(options.cwd, ctx.signal));
    const found = lookup(instance);
    if (found === undefined) return {};
    if (!noted.has(found)) {
      noted.add(found);
      addSecrets(secrets, secretConfigValues(found.config));
      if (found.expressions.length > 0) {
        ctx.logger.warn(
          `plugin ${source}: ${found.origin}: ${found.expressions.join(', ')} ${found.expressions.length === 1 ? 'is an expression' : 'are expressions'} tfdrift cannot evaluate; the provider's default applies (pass the value in \`config\` to set it)`,
        );
      }
    }
    return found.config;
  };

  const closeAll = async (): Promise<void> => {
    clearTimeout(idleTimer);
    const all = [...sessions.values()];
    sessions.clear();
    // Looked up again by the next scan (a long-running watch sees `terraform init` and
    // configuration edits made meanwhile, and a plugin that failed to start is tried again).
    binaries.clear();
    setup = undefined;
    blocks = undefined;
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
    const binary = await binaryFor(source);
    const config = await configFor(instance, address, ctx);
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
      const loaded = await dependencies();
      const info = await stat(binary.path);
      const schemaKey = `${binary.path}\n${info.size}\n${info.mtimeMs}`;
      const session = await PluginSession.start({
        binary: binary.path,
        label: `${address} ${binary.version}`,
        config,
        env: { ...logLevelDefaults(source.type, env), ...env },
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        deps: loaded,
        logger: ctx.logger,
        secrets,
        timeouts,
        cachedSchemas: schemaCache.get(schemaKey),
        schemaCache: await schemaCacheFor(join(cacheDir, 'schemas'), binary.path),
      });
      schemaCache.set(schemaKey, session.schemas);
      schemaTables.push(session.schemas.resources);
      return session;
    }
  };

  const seenByType = new Map<string, ResourceInstance>();

  const idle = () => {
    inFlight--;
    if (inFlight === 0) {
      idleTimer = setTimeout(() => void closeAll(), options.idleTimeoutMs ?? 5_000);
      idleTimer.unref();
    }
  };

  /**
   * Runs work that uses the plugins: no idle stop meanwhile, every plugin stopped when the
   * scan is aborted, and a signal of our own for the calls (many calls listening on the
   * scan's signal would trip Node's listener-leak warning).
   */
  const busy = async <T>(ctx: ProviderContext, work: (inner: ProviderContext) => Promise<T>) => {
    clearTimeout(idleTimer);
    inFlight++;
    if (!hooked.has(ctx.signal)) {
      hooked.add(ctx.signal);
      ctx.signal.addEventListener('abort', () => void closeAll(), { once: true });
    }
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const forward = () => controller.abort(ctx.signal.reason);
    if (ctx.signal.aborted) forward();
    else ctx.signal.addEventListener('abort', forward, { once: true });
    try {
      return await work({ ...ctx, signal: controller.signal });
    } finally {
      ctx.signal.removeEventListener('abort', forward);
      idle();
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
      let ok = wanted === undefined;
      if (!ok) {
        try {
          ok = (wanted as Set<string>).has(formatProviderSource(instanceSource(instance)));
        } catch {
          ok = false;
        }
      }
      // The first instance of each type tells `list` which plugin and configuration to ask.
      if (ok && !seenByType.has(instance.type)) seenByType.set(instance.type, instance);
      return ok;
    },
    rules,
    /**
     * Before any read: the optional packages load, the providers of `instances` have binaries,
     * and each plugin starts and accepts its configuration (the sessions started here serve
     * the reads). Missing packages, a plugin that cannot start and a configuration the
     * provider rejects fail the scan once, instead of making every instance `unknown`. A
     * provider without a binary fails it only when no provider of the scan has one; otherwise
     * a warning names it, and its instances are `unknown` with the same explanation.
     */
    async preflight(instances: readonly ResourceInstance[], ctx: ProviderContext): Promise<void> {
      if (instances.length === 0) return;
      await busy(ctx, async (inner) => {
        await dependencies();
        const bySource = new Map<string, { source: ProviderSource; count: number }>();
        // One instance per provider configuration: its source and alias, in its module.
        const firsts = new Map<string, { instance: ResourceInstance; source: string }>();
        for (const instance of instances) {
          let source: ProviderSource;
          try {
            source = instanceSource(instance);
          } catch {
            continue; // read() reports the instance
          }
          const address = formatProviderSource(source);
          const entry = bySource.get(address);
          if (entry === undefined) bySource.set(address, { source, count: 1 });
          else entry.count++;
          const key = `${instance.provider}\n${instance.module ?? ''}`;
          if (!firsts.has(key)) firsts.set(key, { instance, source: address });
        }
        const missing = new Map<string, ProviderConfigError>();
        await Promise.all(
          [...bySource].map(async ([address, { source }]) => {
            try {
              await binaryFor(source);
            } catch (error) {
              if (!(error instanceof ProviderConfigError)) throw error;
              missing.set(address, error);
            }
          }),
        );
        if (missing.size > 0 && missing.size === bySource.size) {
          const errors = [...missing.values()];
          const [only] = errors;
          if (errors.length === 1 && only !== undefined) throw only;
          throw new ProviderConfigError(errors.map((e) => e.message).join('\n'), {
            provider: name,
            issues: errors.flatMap((e) => e.issues),
          });
        }
        for (const [address, error] of missing) {
          const count = bySource.get(address)?.count ?? 0;
          const lines = error.message.split('\n');
          inner.logger.warn(
            `${name}: ${lines[0]} Its ${count} instance${count === 1 ? '' : 's'} will be unknown. ${lines.at(-1)}`,
          );
        }
        await Promise.all(
          [...firsts.values()]
            .filter((first) => !missing.has(first.source))
            .map((first) => sessionFor(first.instance, inner)),
        );
      });
    },
    async read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]> {
      return busy(ctx, (inner) => Promise.all(batch.map((instance) => readOne(instance, inner))));
    },
    /**
     * Lists live objects for unmanaged detection, through the list resources (protocols 5.10
     * / 6.10) the provider schemas offer, for the types this provider was routed. A type
     * without one is not listed, and a warning says so.
     */
    async *list(types: string[], ctx: ProviderContext): AsyncIterable<LiveResource> {
      const notListed: string[] = [];
      for (const type of types) {
        const instance = seenByType.get(type);
        if (instance === undefined) continue;
        const session = await busy(ctx, () => sessionFor(instance, ctx));
        if (!session.canList(type)) {
          notListed.push(type);
          continue;
        }
        clearTimeout(idleTimer);
        inFlight++;
        try {
          for await (const found of session.list(type, ctx.signal))
            yield { ...found, provider: name };
        } finally {
          idle();
        }
      }
      if (notListed.length > 0) {
        ctx.logger.warn(
          `${name}: the provider plugins offer no list resource for ${notListed.join(', ')}; unmanaged objects of these types are not detected`,
        );
      }
    },
    close: closeAll,
  };
}
