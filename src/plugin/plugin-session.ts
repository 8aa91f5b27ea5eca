/**
 * One provider plugin process with one configuration, reused for every read of a scan:
 * launched, asked for its schema (cached per binary), configured once (a configuration the
 * provider rejects fails here, clearly, before any read), then `UpgradeResourceState` +
 * `ReadResource` per instance, and stopped (`Stop`/`StopProvider`, controller `Shutdown`,
 * then the process group) when done.
 */
import { ProviderConfigError, ProviderError } from '../errors.js';
import type { LiveResource } from '../model/live-resource.js';
import type { Logger, ReadError, ReadResult } from '../providers/types.js';
import { stringifyLossless } from '../state/lossless-json.js';
import type { ResourceInstance } from '../model/state.js';
import {
  classifyCallError,
  classifyDiagnostics,
  describeDiagnostics,
  errorDiagnostics,
} from './classify-diagnostics.js';
import { configValue, CtyValueError } from './cty-value.js';
import type { PluginDependencies } from './dependencies.js';
import type { DynamicValueCodec } from './dynamic-value.js';
import { dynamicValueCodec } from './dynamic-value.js';
import type { ListEvent, ProviderSchemas } from './plugin-client.js';
import { PluginClient } from './plugin-client.js';
import type { PluginProcess } from './plugin-process.js';
import { launchPlugin } from './plugin-process.js';
import { addSecrets, sensitiveConfigValues } from './config-secrets.js';
import type { ResourceSchema } from './schema.js';
import { blockType } from './schema.js';
import { selfSignedCertificate } from './self-signed-cert.js';
import type { SchemaCache } from './schema-cache.js';
import { normalizeBySchema } from './schema-normalize.js';

/** The most objects one `ListResource` call may return (the protocol asks the client for a limit). */
const LIST_LIMIT = 1_000_000;

/** Timeouts of a session. @internal */
export interface SessionTimeouts {
  handshakeMs: number;
  schemaMs: number;
  callMs: number;
  stopMs: number;
}

/** What a session needs. @internal */
export interface SessionOptions {
  binary: string;
  label: string;
  /** The provider configuration in Terraform's JSON syntax (an object). */
  config: Record<string, unknown>;
  env: Record<string, string>;
  cwd?: string;
  deps: PluginDependencies;
  logger: Logger;
  /**
   * Values scrubbed from the plugin's stderr, its diagnostics and errors. Shared with the
   * other sessions of the reader: a session adds what its configuration sets at attributes
   * the provider's schema marks sensitive.
   */
  secrets: string[];
  timeouts: SessionTimeouts;
  /** Schemas already fetched from the same binary. */
  cachedSchemas?: ProviderSchemas;
  /** The on-disk schema cache of the binary. */
  schemaCache?: SchemaCache;
  signal?: AbortSignal;
}

/** A configured plugin, ready to read. @internal */
export class PluginSession {
  private closing: Promise<void> | undefined;
  private broken = false;
  private readonly codec: DynamicValueCodec;

  private constructor(
    private readonly options: SessionOptions,
    private readonly process: PluginProcess,
    private readonly client: PluginClient,
    readonly schemas: ProviderSchemas,
  ) {
    this.codec = dynamicValueCodec(options.deps.msgpack);
  }

  /** Launches and configures a plugin. Throws a {@link ProviderConfigError} when the provider rejects its configuration. */
  static async start(options: SessionOptions): Promise<PluginSession> {
    // A fresh certificate per process: go-plugin's automatic mutual TLS.
    const tls = selfSignedCertificate();
    const proc = await launchPlugin({
      binary: options.binary,
      label: options.label,
      env: options.env,
      clientCert: tls.cert,
      cwd: options.cwd,
      handshakeTimeoutMs: options.timeouts.handshakeMs,
      logger: options.logger,
      secrets: options.secrets,
      signal: options.signal,
    }).catch((error: unknown) => {
      throw new ProviderConfigError(
        `Cannot start the provider plugin ${(error as Error).message ?? String(error)}`,
        { provider: 'plugin', cause: error },
      );
    });
    let client: PluginClient | undefined;
    try {
      client = new PluginClient(options.deps, proc.handshake, tls);
      const schemas = await PluginSession.schemas(client, options);
      const schemaErrors = errorDiagnostics(schemas.diagnostics);
      if (schemaErrors.length > 0) {
        throw new ProviderConfigError(
          `${options.label}: the provider could not describe its schema: ${describeDiagnostics(schemaErrors, options.secrets)}`,
          { provider: 'plugin' },
        );
      }
      const session = new PluginSession(options, proc, client, schemas);
      await session.configure();
      return session;
    } catch (error) {
      client?.close();
      await proc.kill();
      if (error instanceof ProviderConfigError) throw error;
      throw new ProviderConfigError(
        `${options.label}: the provider plugin failed while starting: ${describeDiagnostics(
          [{ severity: 'ERROR', summary: (error as Error).message ?? String(error), detail: '' }],
          options.secrets,
        )}${proc.stderrTail() ? `\nplugin stderr (last lines):\n${proc.stderrTail()}` : ''}`,
        { provider: 'plugin', cause: error },
      );
    }
  }

  /**
   * The provider's schemas: from memory or disk when the provider says a client may skip
   * `GetProviderSchema` (some providers, muxed ones among them, expect it first otherwise),
   * else fetched, and stored on disk for the next scan when the provider allows reuse.
   */
  private static async schemas(
    client: PluginClient,
    options: SessionOptions,
  ): Promise<ProviderSchemas> {
    if (options.cachedSchemas?.schemaOptional === true) return options.cachedSchemas;
    const version = client.protocolVersion;
    const stored = await options.schemaCache?.read(version);
    if (stored !== undefined) {
      try {
        const schemas = client.parseSchemas(stored);
        if (schemas.schemaOptional && errorDiagnostics(schemas.diagnostics).length === 0) {
          return schemas;
        }
      } catch (error) {
        options.logger.debug(
          `${options.label}: ignoring an unreadable cached schema: ${(error as Error).message}`,
        );
      }
    }
    const bytes = await client.getSchemaBytes({
      timeoutMs: options.timeouts.schemaMs,
      signal: options.signal,
    });
    const schemas = client.parseSchemas(bytes);
    if (schemas.schemaOptional && errorDiagnostics(schemas.diagnostics).length === 0) {
      await options.schemaCache?.write(version, bytes);
    }
    return schemas;
  }

  private async configure(): Promise<void> {
    const { options } = this;
    addSecrets(options.secrets, sensitiveConfigValues(this.schemas.provider.block, options.config));
    let value: Record<string, unknown>;
    try {
      value = configValue(options.config, this.schemas.provider.block);
    } catch (error) {
      if (!(error instanceof CtyValueError)) throw error;
      throw new ProviderConfigError(
        `${options.label}: the provider configuration does not fit the provider's schema: ${error.message}`,
        { provider: 'plugin', issues: [{ path: `/config${error.path}`, message: error.message }] },
      );
    }
    // ValidateProviderConfig (PrepareProviderConfig in protocol 5) is not called: the
    // configuration was just checked against the provider's schema, ConfigureProvider reports
    // what the provider itself rejects, and SDKv2 providers validate their whole schema in
    // that call (six seconds for the AWS provider), for no gain in a read-only scan.
    const call = { timeoutMs: options.timeouts.callMs, signal: options.signal };
    const configured = await this.client.configure(this.codec.encode(value), call);
    const errors = errorDiagnostics(configured);
    if (errors.length > 0) {
      throw new ProviderConfigError(
        `${options.label}: the provider rejected its configuration: ${describeDiagnostics(errors, options.secrets)}`,
        {
          provider: 'plugin',
          issues: errors.map((d) => ({
            path: `/config${d.attribute ?? ''}`,
            message: describeDiagnostics([d], options.secrets),
          })),
        },
      );
    }
  }

  /** Whether the plugin process is still running and the session not closed. */
  get alive(): boolean {
    return this.closing === undefined && !this.broken && !this.process.hasExited();
  }

  /** The plugin's process id. */
  get pid(): number {
    return this.process.pid;
  }

  /** The major protocol version the plugin chose. */
  get protocolVersion(): 5 | 6 {
    return this.client.protocolVersion;
  }

  /**
   * Reads one instance: upgrade its stored attributes to the current schema, read the live
   * object, decode both. Never throws: failures are classified `error` results.
   */
  async read(instance: ResourceInstance, signal: AbortSignal): Promise<ReadResult> {
    const address = instance.address;
    const fail = (error: ReadError): ReadResult => ({ address, status: 'error', error });
    const schema = this.schemas.resources.get(instance.type);
    if (schema === undefined) {
      return fail({
        code: 'UNSUPPORTED_TYPE',
        message: `${this.options.label} has no resource type ${instance.type}`,
        retryable: false,
      });
    }
    const secrets = this.options.secrets;
    const call = { timeoutMs: this.options.timeouts.callMs, signal };
    const type = blockType(schema.block);
    try {
      const upgraded = await this.client.upgradeResourceState(
        instance.type,
        instance.schemaVersion,
        stringifyLossless(instance.attributes),
        call,
      );
      const upgradeErrors = errorDiagnostics(upgraded.diagnostics);
      if (upgradeErrors.length > 0) {
        return fail(classifyDiagnostics(upgradeErrors, secrets, `UpgradeResourceState ${address}`));
      }
      if (upgraded.state === undefined) {
        return fail({
          code: 'PLUGIN_BUG',
          message: `UpgradeResourceState ${address}: the provider returned no state`,
          retryable: false,
        });
      }
      const privateBytes =
        instance.private === undefined ? undefined : Buffer.from(instance.private, 'base64');
      const read = await this.client.readResource(
        instance.type,
        upgraded.state,
        privateBytes,
        call,
      );
      const readErrors = errorDiagnostics(read.diagnostics);
      if (readErrors.length > 0) {
        return fail(classifyDiagnostics(readErrors, secrets, `ReadResource ${address}`));
      }
      const live = this.codec.decode(read.state, type);
      if (live === null) return { address, status: 'not-found' };
      const expected = this.codec.decode(upgraded.state, type);
      if (typeof live !== 'object' || typeof expected !== 'object' || expected === null) {
        return fail({
          code: 'PLUGIN_BUG',
          message: `ReadResource ${address}: the provider returned a value that is not an object`,
          retryable: false,
        });
      }
      return {
        address,
        status: 'found',
        attributes: normalizeBySchema(live as Record<string, unknown>, schema.block),
        expected: normalizeBySchema(expected as Record<string, unknown>, schema.block),
      };
    } catch (error) {
      if (error instanceof CtyValueError) {
        return fail({
          code: 'PLUGIN_BAD_VALUE',
          message: `${address}: the provider sent a value that does not fit its schema at ${error.message}`,
          retryable: false,
        });
      }
      const classified = classifyCallError(error, secrets, `${this.options.label} ${address}`);
      // A dropped connection means the plugin is gone or going: the next read starts a new one.
      if (classified.code === 'PLUGIN_UNAVAILABLE') this.broken = true;
      return fail(classified);
    }
  }

  /** Whether the provider's schema offers a list resource for `type` (protocols 5.10 / 6.10). */
  canList(type: string): boolean {
    return this.schemas.listResources.get(type) !== undefined;
  }

  /**
   * Lists the live objects of `type` through the provider's list resource, with an empty list
   * configuration (no filter: every object the provider's configuration can see). An error
   * diagnostic or a failed stream throws a {@link ProviderError}. Objects whose import id cannot
   * be told (no `id` in the object or its identity) are skipped.
   */
  async *list(type: string, signal: AbortSignal): AsyncGenerator<LiveResource> {
    const listSchema = this.schemas.listResources.get(type);
    const resource = this.schemas.resources.get(type);
    if (listSchema === undefined) return;
    const { label, secrets } = this.options;
    let events: AsyncGenerator<ListEvent>;
    try {
      events = this.client.listResource(
        type,
        this.codec.encode(configValue({}, listSchema.block)),
        { signal, limit: LIST_LIMIT },
      );
      for await (const event of events) {
        const errors = errorDiagnostics(event.diagnostics);
        if (errors.length > 0) {
          const classified = classifyDiagnostics(errors, secrets, `ListResource ${type}`);
          throw new ProviderError(classified.message, {
            provider: 'plugin',
            kind: classified.code,
            retryable: classified.retryable,
          });
        }
        const id = this.listedId(event, resource);
        if (id === undefined) {
          this.options.logger.debug(
            `${label}: ListResource ${type} sent an object without an id; skipped`,
          );
          continue;
        }
        yield { type, id, ...(event.displayName ? { name: event.displayName } : {}) };
      }
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const classified = classifyCallError(error, secrets, `${label} ListResource ${type}`);
      throw new ProviderError(classified.message, {
        provider: 'plugin',
        kind: classified.code,
        retryable: classified.retryable,
        cause: error,
      });
    }
  }

  /** The import id of a listed object: its `id` attribute, else its identity's `id`. */
  private listedId(event: ListEvent, resource: ResourceSchema | undefined): string | undefined {
    if (event.object !== undefined && resource !== undefined) {
      const object = this.codec.decode(event.object, blockType(resource.block));
      const id = (object as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') return id;
    }
    if (event.identity !== undefined) {
      const identity = this.codec.decodeUntyped(event.identity);
      const id = (identity as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') return id;
    }
    return undefined;
  }

  /**
   * Stops the plugin: `Stop`/`StopProvider`, the go-plugin controller's `Shutdown`, then the
   * process group is killed if it has not exited within the stop timeout. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const call = { timeoutMs: this.options.timeouts.stopMs };
      if (!this.process.hasExited()) {
        await this.client.stop(call).catch(() => undefined);
        await this.client.shutdown(call).catch(() => undefined);
      }
      this.client.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.process.exited,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.options.timeouts.stopMs);
        }),
      ]);
      clearTimeout(timer);
      await this.process.kill();
    })();
    return this.closing;
  }
}
