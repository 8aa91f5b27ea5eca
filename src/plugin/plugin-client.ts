/**
 * A gRPC client of one running provider plugin: the calls a drift read makes, typed, with a
 * deadline on each, cancellation through an `AbortSignal`, and message limits large enough
 * for the biggest provider schemas (Terraform uses 256 MiB).
 */
import type { Client, ServiceError } from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import type { PluginDependencies } from './dependencies.js';
import type { Handshake } from './handshake.js';
import type { CertificatePair } from './self-signed-cert.js';
import { pem } from './self-signed-cert.js';
import { grpcTarget } from './handshake.js';
import { protocolDefinition, RPCS } from './protocol-definitions.js';
import type { ResourceSchema } from './schema.js';
import type { SchemaTable, WireSchema } from './schema-response.js';
import { readSchemaResponse, schemaFromWire } from './schema-response.js';

const MAX_MESSAGE = 256 * 1024 * 1024;

/** A wire `DynamicValue`: one of the two encodings. @internal */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

/** A diagnostic the plugin returned. @internal */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING' | 'INVALID';
  summary: string;
  detail: string;
  /** The attribute it concerns, as a JSON Pointer, when given. */
  attribute?: string;
}

/** The provider's schemas. @internal */
export interface ProviderSchemas {
  provider: ResourceSchema;
  resources: SchemaTable;
  /** Resource types the plugin can enumerate (protocol 5.10 / 6.10 list resources). */
  listResources: SchemaTable;
  /** Whether a new process of the same binary may skip GetProviderSchema (a server capability). */
  schemaOptional: boolean;
  diagnostics: Diagnostic[];
}

/** One object a `ListResource` stream found. @internal */
export interface ListEvent {
  displayName: string;
  /** The resource identity (decoded with the type's identity schema), when sent. */
  identity?: DynamicValue;
  /** The full resource object, when sent. */
  object?: DynamicValue;
  diagnostics: Diagnostic[];
}

interface WireListEvent {
  display_name?: string;
  identity?: { identity_data?: DynamicValue };
  resource_object?: DynamicValue;
  diagnostic?: WireDiagnostic[];
}

/** A failed gRPC call: the status code name and whether the process is gone. @internal */
export class PluginCallError extends Error {
  override readonly name = 'PluginCallError';
  constructor(
    message: string,
    readonly status: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface WireDiagnostic {
  severity?: string | number;
  summary?: string;
  detail?: string;
  attribute?: {
    steps?: { attribute_name?: string; element_key_string?: string; element_key_int?: number }[];
  };
}

const SEVERITIES = ['INVALID', 'ERROR', 'WARNING'] as const;

function pointerOf(steps: NonNullable<WireDiagnostic['attribute']>['steps']): string | undefined {
  if (!steps || steps.length === 0) return undefined;
  return steps
    .map((s) => {
      const token = s.attribute_name ?? s.element_key_string ?? String(s.element_key_int ?? '');
      return `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    })
    .join('');
}

/** Converts decoded wire diagnostics. @internal */
function diagnosticsFromWire(list: WireDiagnostic[] | undefined): Diagnostic[] {
  return (list ?? []).map((d) => {
    const severity =
      typeof d.severity === 'number'
        ? (SEVERITIES[d.severity] ?? 'INVALID')
        : ((d.severity as Diagnostic['severity'] | undefined) ?? 'INVALID');
    const attribute = pointerOf(d.attribute?.steps);
    return {
      severity,
      summary: d.summary ?? '',
      detail: d.detail ?? '',
      ...(attribute ? { attribute } : {}),
    };
  });
}

/** Options of a single call. @internal */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

/**
 * A connected plugin client for one protocol version.
 * @internal
 */
export class PluginClient {
  private readonly client: Client;
  private readonly root: ReturnType<PluginDependencies['protobuf']['parse']>['root'];
  private readonly service: string;
  readonly protocolVersion: 5 | 6;

  /**
   * Connects to the plugin. With `tls` (the certificate tfdrift gave the plugin in
   * `PLUGIN_CLIENT_CERT`) and a server certificate in the handshake, the connection is mutual
   * TLS: each side trusts exactly the other's ephemeral certificate. A plugin that printed no
   * certificate (one built without automatic mTLS) is spoken to in plaintext, as go-plugin
   * does; the unix socket it listens on is private to the user.
   */
  constructor(
    private readonly deps: PluginDependencies,
    handshake: Handshake,
    tls?: CertificatePair,
  ) {
    this.protocolVersion = handshake.protocolVersion;
    this.root = deps.protobuf.parse(protocolDefinition(handshake.protocolVersion), {
      keepCase: true,
    }).root;
    this.service = `tfplugin${handshake.protocolVersion}.Provider`;
    const serverCert = handshake.serverCert;
    const credentials =
      tls !== undefined && serverCert !== undefined
        ? deps.grpc.credentials.createSsl(
            Buffer.from(pem('CERTIFICATE', Buffer.from(serverCert, 'base64'))),
            Buffer.from(tls.key),
            Buffer.from(tls.cert),
          )
        : deps.grpc.credentials.createInsecure();
    this.client = new deps.grpc.Client(grpcTarget(handshake), credentials, {
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
      // A unix socket has no host name; go-plugin's certificates are issued to localhost.
      'grpc.default_authority': 'localhost',
      'grpc.ssl_target_name_override': 'localhost',
    });
  }

  private type(name: string): Type {
    return this.root.lookupType(`tfplugin${this.protocolVersion}.${name}`);
  }

  /** One unary call: `method` of the provider service, request and response message names. */
  async call<T>(
    method: string,
    message: string,
    request: Record<string, unknown>,
    options: CallOptions,
  ): Promise<T> {
    return this.rawCall<T>(
      `/${this.service}/${method}`,
      this.type(`${message}.Request`),
      this.type(`${message}.Response`),
      request,
      options,
    );
  }

  private rawCall<T>(
    path: string,
    requestType: Type | undefined,
    responseType: Type | undefined,
    request: Record<string, unknown>,
    options: CallOptions,
  ): Promise<T> {
    const { signal, timeoutMs } = options;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new PluginCallError('aborted', 'CANCELLED'));
        return;
      }
      const serialize = (value: Record<string, unknown>): Buffer =>
        requestType
          ? Buffer.from(requestType.encode(requestType.fromObject(value)).finish())
          : Buffer.alloc(0);
      // Without a response type the caller gets the raw bytes.
      const deserialize = (bytes: Buffer): T =>
        (responseType
          ? responseType.toObject(responseType.decode(bytes), {
              longs: Number,
              enums: String,
              bytes: Buffer,
              defaults: false,
              arrays: true,
            })
          : bytes) as T;
      const call = this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        new this.deps.grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error: ServiceError | null, value?: T) => {
          signal?.removeEventListener('abort', onAbort);
          if (error) {
            const status = this.deps.grpc.status[error.code] ?? String(error.code);
            reject(new PluginCallError(error.details || error.message, status, { cause: error }));
          } else resolve(value as T);
        },
      );
      const onAbort = () => call.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * `GetSchema` (5) / `GetProviderSchema` (6), as the raw response bytes (what the schema
   * cache stores); {@link PluginClient.parseSchemas} reads them.
   */
  async getSchemaBytes(options: CallOptions): Promise<Uint8Array> {
    return this.rawCall<Uint8Array>(
      `/${this.service}/${RPCS[this.protocolVersion].getSchema}`,
      this.type('GetProviderSchema.Request'),
      undefined,
      {},
      options,
    );
  }

  /** Reads a `GetProviderSchema` response; resource schemas are decoded on first use. */
  parseSchemas(bytes: Uint8Array): ProviderSchemas {
    const { rest, resources, listResources } = readSchemaResponse(bytes, {
      response: this.type('GetProviderSchema.Response'),
      schema: this.type('Schema'),
      reader: (b) => this.deps.protobuf.Reader.create(b),
    });
    const r = rest as {
      provider?: WireSchema;
      diagnostics?: WireDiagnostic[];
      server_capabilities?: { get_provider_schema_optional?: boolean };
    };
    return {
      provider: schemaFromWire(r.provider),
      resources,
      listResources,
      schemaOptional: r.server_capabilities?.get_provider_schema_optional === true,
      diagnostics: diagnosticsFromWire(r.diagnostics),
    };
  }

  /** `GetSchema` (5) / `GetProviderSchema` (6), read. */
  async getSchemas(options: CallOptions): Promise<ProviderSchemas> {
    return this.parseSchemas(await this.getSchemaBytes(options));
  }

  /** `Configure` (5) / `ConfigureProvider` (6). */
  async configure(config: DynamicValue, options: CallOptions): Promise<Diagnostic[]> {
    const rpc = RPCS[this.protocolVersion].configure;
    const r = await this.call<{ diagnostics?: WireDiagnostic[] }>(
      rpc,
      rpc,
      {
        terraform_version: '1.11.4',
        config,
        client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true },
      },
      options,
    );
    return diagnosticsFromWire(r.diagnostics);
  }

  /** `UpgradeResourceState` with the state's raw JSON and schema version. */
  async upgradeResourceState(
    typeName: string,
    version: number,
    rawJson: string,
    options: CallOptions,
  ): Promise<{ state?: DynamicValue; diagnostics: Diagnostic[] }> {
    const r = await this.call<{ upgraded_state?: DynamicValue; diagnostics?: WireDiagnostic[] }>(
      'UpgradeResourceState',
      'UpgradeResourceState',
      { type_name: typeName, version, raw_state: { json: Buffer.from(rawJson, 'utf8') } },
      options,
    );
    return { state: r.upgraded_state, diagnostics: diagnosticsFromWire(r.diagnostics) };
  }

  /** `ReadResource` with the upgraded state and the instance's private bytes. */
  async readResource(
    typeName: string,
    current: DynamicValue,
    privateBytes: Uint8Array | undefined,
    options: CallOptions,
  ): Promise<{ state?: DynamicValue; diagnostics: Diagnostic[] }> {
    const r = await this.call<{ new_state?: DynamicValue; diagnostics?: WireDiagnostic[] }>(
      'ReadResource',
      'ReadResource',
      {
        type_name: typeName,
        current_state: current,
        ...(privateBytes && privateBytes.length > 0 ? { private: privateBytes } : {}),
        client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true },
      },
      options,
    );
    return { state: r.new_state, diagnostics: diagnosticsFromWire(r.diagnostics) };
  }

  /**
   * `ListResource` (protocols 5.10 and 6.10, server streaming): the live objects of a list
   * resource type, each with its resource object. Ends with the stream; a gRPC failure or the
   * signal ends it with an error.
   */
  async *listResource(
    typeName: string,
    config: DynamicValue,
    options: { signal?: AbortSignal; limit: number },
  ): AsyncGenerator<ListEvent> {
    const request = this.type('ListResource.Request');
    const event = this.type('ListResource.Event');
    const stream = this.client.makeServerStreamRequest(
      `/${this.service}/ListResource`,
      (value: Record<string, unknown>) =>
        Buffer.from(request.encode(request.fromObject(value)).finish()),
      (bytes: Buffer) =>
        event.toObject(event.decode(bytes), {
          longs: Number,
          enums: String,
          bytes: Buffer,
          defaults: false,
          arrays: true,
        }) as WireListEvent,
      {
        type_name: typeName,
        config,
        include_resource_object: true,
        limit: options.limit,
      },
      new this.deps.grpc.Metadata(),
      {},
    );
    const onAbort = () => stream.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const raw of stream as AsyncIterable<WireListEvent>) {
        yield {
          displayName: raw.display_name ?? '',
          identity: raw.identity?.identity_data,
          object: raw.resource_object,
          diagnostics: diagnosticsFromWire(raw.diagnostic),
        };
      }
    } catch (error) {
      const e = error as Partial<ServiceError>;
      if (typeof e.code === 'number') {
        const status = this.deps.grpc.status[e.code] ?? String(e.code);
        throw new PluginCallError(e.details || e.message || status, status, { cause: error });
      }
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      stream.cancel();
    }
  }

  /** `Stop` (5) / `StopProvider` (6): asks the provider to cancel in-flight work. */
  async stop(options: CallOptions): Promise<void> {
    const rpc = RPCS[this.protocolVersion].stop;
    await this.call(rpc, rpc, {}, options);
  }

  /** go-plugin's controller `Shutdown`: asks the plugin process to exit. */
  async shutdown(options: CallOptions): Promise<void> {
    await this.rawCall('/plugin.GRPCController/Shutdown', undefined, undefined, {}, options);
  }

  /** Closes the connection. */
  close(): void {
    this.client.close();
  }
}
