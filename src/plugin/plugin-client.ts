/**
 * A gRPC client of one running provider plugin: the calls a drift read makes, typed, with a
 * deadline on each, cancellation through an `AbortSignal`, and message limits large enough
 * for the biggest provider schemas (Terraform uses 256 MiB).
 */
import type { Type } from 'protobufjs';
import type { PluginDependencies } from './dependencies.js';
import type { Handshake } from './handshake.js';
import type { CertificatePair } from './self-signed-cert.js';
import { pem } from './self-signed-cert.js';
import { GrpcChannel, GrpcStatusError } from './grpc-channel.js';
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

const TO_OBJECT = { longs: Number, enums: String, bytes: Buffer, defaults: false, arrays: true };

/** A channel failure as a {@link PluginCallError}; anything else unchanged. */
function callError(error: unknown): unknown {
  return error instanceof GrpcStatusError
    ? new PluginCallError(error.details || error.status, error.status, { cause: error })
    : error;
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
  private readonly channel: GrpcChannel;
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
    this.channel = new GrpcChannel({
      network: handshake.network,
      address: handshake.address,
      maxMessageBytes: MAX_MESSAGE,
      ...(tls !== undefined && serverCert !== undefined
        ? {
            tls: {
              ca: pem('CERTIFICATE', Buffer.from(serverCert, 'base64')),
              key: tls.key,
              cert: tls.cert,
            },
          }
        : {}),
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

  private async rawCall<T>(
    path: string,
    requestType: Type | undefined,
    responseType: Type | undefined,
    request: Record<string, unknown>,
    options: CallOptions,
  ): Promise<T> {
    const bytes = requestType
      ? requestType.encode(requestType.fromObject(request)).finish()
      : new Uint8Array(0);
    let response: Buffer;
    try {
      response = await this.channel.unary(path, bytes, options);
    } catch (error) {
      throw callError(error);
    }
    // Without a response type the caller gets the raw bytes.
    if (!responseType) return response as T;
    return responseType.toObject(responseType.decode(response), TO_OBJECT) as T;
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
    const bytes = request
      .encode(
        request.fromObject({
          type_name: typeName,
          config,
          include_resource_object: true,
          limit: options.limit,
        }),
      )
      .finish();
    try {
      const stream = this.channel.serverStream(`/${this.service}/ListResource`, bytes, {
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for await (const message of stream) {
        const raw = event.toObject(event.decode(message), TO_OBJECT) as WireListEvent;
        yield {
          displayName: raw.display_name ?? '',
          identity: raw.identity?.identity_data,
          object: raw.resource_object,
          diagnostics: diagnosticsFromWire(raw.diagnostic),
        };
      }
    } catch (error) {
      throw callError(error);
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
    this.channel.close();
  }
}
