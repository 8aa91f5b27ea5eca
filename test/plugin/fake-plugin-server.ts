/**
 * A go-plugin-compatible Terraform provider plugin written in Node, for tests that cannot
 * rely on a real provider binary: it checks the magic cookie, serves `tfplugin5` or
 * `tfplugin6` over a unix socket (with go-plugin's automatic mutual TLS when the client offers a
 * certificate in PLUGIN_CLIENT_CERT, else plaintext gRPC), prints the handshake line, and answers
 * GetSchema/GetProviderSchema, PrepareProviderConfig/ValidateProviderConfig,
 * Configure/ConfigureProvider, UpgradeResourceState, ReadResource, Stop/StopProvider and the
 * controller's Shutdown. Its "cloud" is a JSON file read on every ReadResource.
 *
 * Behaviour is driven by the environment:
 * - FAKE_PLUGIN_PROTOCOL: 5 or 6 (default: the highest the client offers).
 * - FAKE_PLUGIN_ENCODING: msgpack (default) or json, for the values it sends.
 * - FAKE_PLUGIN_WORLD: the JSON file `{ "<id>": { attributes } }` of live objects.
 * - FAKE_PLUGIN_LOG: a file that gets one JSON line per call.
 * - FAKE_PLUGIN_HANDSHAKE: `garbage`, `silent` or `exit` to misbehave before serving.
 * - FAKE_PLUGIN_FLOOD: `stderr` writes a 48 MiB line before serving; `stdout` writes one
 *   in front of the handshake, on the same line. FAKE_PLUGIN_SECRET is planted across
 *   character 4,000 of it.
 * - FAKE_PLUGIN_SCHEMA_OPTIONAL=1: declare that GetProviderSchema may be skipped.
 * - FAKE_PLUGIN_LIST=1: offer a list resource for `fake_thing` (protocols 5.10 / 6.10)
 *   that lists every object of the world (`listfail-*` ends the stream with an error).
 * - FAKE_PLUGIN_DEFAULT_REGION: the region used when the configuration sets none.
 * - FAKE_PLUGIN_TLS: `off` to ignore PLUGIN_CLIENT_CERT and serve plaintext (a plugin without
 *   automatic mTLS), `wrong-cert` to print a certificate other than the one it serves.
 * Object ids drive failures: `denied-*` (access denied), `throttle-*` (throttling),
 * `slow-*` (answers after 300 ms), `hang-*` (never answers), `crash-*` (the process exits),
 * `badvalue-*` (a value that does not fit the schema).
 */
import { X509Certificate } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import protobuf from 'protobufjs';
import type { CtyType } from '../../src/plugin/cty-type.js';
import { ctyTypeJson } from '../../src/plugin/cty-type.js';
import { fromWireValue, toWireValue, UNKNOWN } from '../../src/plugin/cty-value.js';
import { protocolDefinition, RPCS } from '../../src/plugin/protocol-definitions.js';
import { selfSignedCertificate } from '../../src/plugin/self-signed-cert.js';

const env = process.env;
if (
  env.TF_PLUGIN_MAGIC_COOKIE !== 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2'
) {
  console.error('This binary is a plugin. These are not meant to be executed directly.');
  process.exit(1);
}
const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '5').split(',').map(Number);
const version = (Number(env.FAKE_PLUGIN_PROTOCOL) ||
  Math.max(...offered.filter((v) => v === 5 || v === 6))) as 5 | 6;
const json = env.FAKE_PLUGIN_ENCODING === 'json';
const log = (entry: Record<string, unknown>) => {
  if (env.FAKE_PLUGIN_LOG)
    appendFileSync(env.FAKE_PLUGIN_LOG, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
};

if (env.FAKE_PLUGIN_HANDSHAKE === 'exit') {
  console.error('fatal: cannot start');
  process.exit(3);
}
if (env.FAKE_PLUGIN_HANDSHAKE === 'silent') setInterval(() => undefined, 1000);
// A line of FAKE_PLUGIN_FLOOD_MIB (default 48) MiB, the secret straddling character 4,000
// (where forwarded lines are cut).
const flood = (secret: string) => {
  const mib = 'x'.repeat(1024 * 1024);
  return `${'x'.repeat(3995)}${secret}${mib.repeat(Number(env.FAKE_PLUGIN_FLOOD_MIB ?? 48))}\n`;
};
if (env.FAKE_PLUGIN_FLOOD === 'stderr') process.stderr.write(flood(env.FAKE_PLUGIN_SECRET ?? ''));
// Without its line break: the handshake line below ends it.
if (env.FAKE_PLUGIN_FLOOD === 'stdout')
  process.stdout.write(flood(env.FAKE_PLUGIN_SECRET ?? '').slice(0, -1));

const attr = (name: string, type: unknown, flags: Record<string, boolean>) => ({
  name,
  type: Buffer.from(JSON.stringify(type)),
  ...flags,
});
const thingAttributes = [
  attr('id', 'string', { optional: true, computed: true }),
  attr('name', 'string', { required: true }),
  attr('tags', ['map', 'string'], { optional: true }),
  attr('ports', ['set', 'number'], { optional: true }),
  attr('size', 'number', { optional: true }),
  attr('secret', 'string', { optional: true, sensitive: true }),
  attr('password_wo', 'string', { optional: true, write_only: true }),
  attr('arn', 'string', { computed: true }),
  attr('meta', 'dynamic', { optional: true }),
];
const thingBlocks = [
  {
    type_name: 'rule',
    nesting: 'SET',
    block: {
      attributes: [
        attr('cidr', 'string', { optional: true }),
        attr('port', 'number', { optional: true }),
      ],
    },
  },
  {
    type_name: 'settings',
    nesting: 'SINGLE',
    block: { attributes: [attr('mode', 'string', { optional: true })] },
  },
];
const nested =
  version === 6
    ? [
        {
          name: 'listeners',
          nested_type: {
            nesting: 'LIST',
            attributes: [attr('port', 'number', { optional: true })],
          },
          optional: true,
        },
      ]
    : [];

// The implied cty types, written out by hand (independent of the client's schema code).
const obj = (attributes: Record<string, unknown>) => ['object', attributes];
const thingTypeJson = obj({
  id: 'string',
  name: 'string',
  tags: ['map', 'string'],
  ports: ['set', 'number'],
  size: 'number',
  secret: 'string',
  password_wo: 'string',
  arn: 'string',
  meta: 'dynamic',
  rule: ['set', obj({ cidr: 'string', port: 'number' })],
  settings: obj({ mode: 'string' }),
  ...(version === 6 ? { listeners: ['list', obj({ port: 'number' })] } : {}),
});
const providerTypeJson = obj({
  region: 'string',
  secret_key: 'string',
  magic: 'string',
  fail_configure: 'bool',
  endpoints: ['set', obj({ api: 'string' })],
});
function parse(type: unknown): CtyType {
  if (typeof type === 'string') return { kind: type } as CtyType;
  const [kind, arg] = type as [string, unknown];
  if (kind === 'object') {
    return {
      kind,
      attributes: Object.fromEntries(Object.entries(arg as object).map(([k, v]) => [k, parse(v)])),
    };
  }
  return { kind, element: parse(arg) } as CtyType;
}
const thingType = parse(thingTypeJson);
const providerType = parse(providerTypeJson);

const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: (v) => (v === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
const encoder = new Encoder({ extensionCodec: codec, useBigInt64: true });
const decode = (bytes: Uint8Array) =>
  new Decoder({ extensionCodec: codec, useBigInt64: true }).decode(bytes);

function toJsonValue(value: unknown, type: CtyType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'dynamic')
    return { value, type: ctyTypeJson({ kind: typeof value === 'number' ? 'number' : 'string' }) };
  if (type.kind === 'object') {
    const v = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(type.attributes).map(([k, at]) => [k, toJsonValue(v[k], at)]),
    );
  }
  if ((type.kind === 'list' || type.kind === 'set') && Array.isArray(value))
    return value.map((x) => toJsonValue(x, type.element));
  return value;
}
function dynamicValue(value: Record<string, unknown> | null): Record<string, unknown> {
  if (json)
    return {
      json: Buffer.from(JSON.stringify(value === null ? null : toJsonValue(value, thingType))),
    };
  return { msgpack: encoder.encode(value === null ? null : toWireValue(value, thingType)) };
}
function readDynamic(
  dv: { msgpack?: Uint8Array; json?: Uint8Array } | undefined,
  type: CtyType,
): Record<string, unknown> {
  if (dv?.msgpack && dv.msgpack.length > 0)
    return fromWireValue(decode(dv.msgpack), type) as Record<string, unknown>;
  const parsed = JSON.parse(Buffer.from(dv?.json ?? '{}').toString('utf8')) as Record<
    string,
    unknown
  >;
  if (parsed.meta && typeof parsed.meta === 'object')
    parsed.meta = (parsed.meta as { value: unknown }).value;
  return parsed;
}
const diag = (summary: string, detail = '', path?: string) => ({
  severity: 'ERROR',
  summary,
  detail,
  ...(path ? { attribute: { steps: [{ attribute_name: path }] } } : {}),
});

const root = protobuf.parse(protocolDefinition(version), { keepCase: true }).root;
const type = (name: string) => root.lookupType(`tfplugin${version}.${name}`);
const opts = { longs: Number, enums: String, bytes: Buffer, defaults: false, arrays: true };
function method(name: string, message: string, response = 'Response') {
  const req = type(`${message}.Request`);
  const res = type(`${message}.${response}`);
  return {
    path: `/tfplugin${version}.Provider/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: object) => Buffer.from(req.encode(req.fromObject(v)).finish()),
    requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), opts),
    responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
    responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), opts),
  };
}
const rpc = RPCS[version];
const service = {
  getSchema: method(rpc.getSchema, 'GetProviderSchema'),
  validate: method(rpc.validateConfig, rpc.validateConfig),
  configure: method(rpc.configure, rpc.configure),
  upgrade: method('UpgradeResourceState', 'UpgradeResourceState'),
  read: method('ReadResource', 'ReadResource'),
  stop: method(rpc.stop, rpc.stop),
  list: { ...method('ListResource', 'ListResource', 'Event'), responseStream: true },
};
type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;
type Callback = grpc.sendUnaryData<unknown>;
let configured: Record<string, unknown> | undefined;

const handlers = {
  getSchema(_call: Call, cb: Callback) {
    log({ method: 'GetSchema' });
    cb(null, {
      provider: {
        version: 0,
        block: {
          attributes: [
            attr('region', 'string', { optional: true }),
            attr('secret_key', 'string', { optional: true, sensitive: true }),
            // Sensitive by the schema alone: its name says nothing.
            attr('magic', 'string', { optional: true, sensitive: true }),
            attr('fail_configure', 'bool', { optional: true }),
          ],
          block_types: [
            {
              type_name: 'endpoints',
              nesting: 'SET',
              block: { attributes: [attr('api', 'string', { optional: true })] },
            },
          ],
        },
      },
      server_capabilities: {
        get_provider_schema_optional: env.FAKE_PLUGIN_SCHEMA_OPTIONAL === '1',
      },
      ...(env.FAKE_PLUGIN_LIST === '1'
        ? {
            list_resource_schemas: {
              fake_thing: {
                version: 0,
                block: { attributes: [attr('name_prefix', 'string', { optional: true })] },
              },
            },
          }
        : {}),
      resource_schemas: {
        fake_thing: {
          version: 1,
          block: { attributes: [...thingAttributes, ...nested], block_types: thingBlocks },
        },
      },
    });
  },
  validate(call: Call, cb: Callback) {
    cb(null, version === 5 ? { prepared_config: call.request.config } : {});
  },
  configure(call: Call, cb: Callback) {
    const config = readDynamic(call.request.config as never, providerType);
    configured = config;
    log({ method: 'Configure', config });
    console.error(
      `configuring with secret ${String(config.secret_key)} and magic ${String(config.magic)}`,
    );
    // Like a real provider's environment default (AWS_REGION).
    if ((config.region ?? process.env.FAKE_PLUGIN_DEFAULT_REGION ?? null) === null)
      return cb(null, { diagnostics: [diag('Missing region', 'set region', 'region')] });
    if (config.fail_configure === true) {
      return cb(null, {
        diagnostics: [
          diag(
            'Invalid credentials',
            `the key ${String(config.secret_key)} (magic ${String(config.magic)}) was refused in region ${String(config.region)}`,
          ),
        ],
      });
    }
    cb(null, {});
  },
  upgrade(call: Call, cb: Callback) {
    const raw = JSON.parse(
      Buffer.from((call.request.raw_state as { json: Uint8Array }).json).toString('utf8'),
    ) as Record<string, unknown>;
    log({ method: 'UpgradeResourceState', version: call.request.version ?? 0 });
    if ((call.request.version ?? 0) === 0 && 'title' in raw) {
      raw.name = raw.title;
      delete raw.title;
    }
    cb(null, { upgraded_state: dynamicValue(raw) });
  },
  read(call: Call, cb: Callback) {
    if (configured === undefined) return cb(null, { diagnostics: [diag('not configured')] });
    const state = readDynamic(call.request.current_state as never, thingType);
    const id = String(state.id);
    const priv = call.request.private
      ? Buffer.from(call.request.private as Uint8Array).toString('utf8')
      : undefined;
    log({ method: 'ReadResource', id, private: priv });
    if (id.startsWith('denied'))
      return cb(null, {
        diagnostics: [
          diag('reading fake_thing', 'AccessDenied: User is not authorized to perform fake:Read'),
        ],
      });
    if (id.startsWith('throttle'))
      return cb(null, { diagnostics: [diag('reading fake_thing', 'Throttling: Rate exceeded')] });
    if (id.startsWith('hang')) return;
    if (id.startsWith('crash')) process.exit(2);
    if (id.startsWith('badvalue'))
      return cb(null, { new_state: { msgpack: encoder.encode({ id: 5 }) } });
    const world = JSON.parse(readFileSync(env.FAKE_PLUGIN_WORLD as string, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const live = world[id];
    const answer = () =>
      cb(null, {
        new_state: dynamicValue(
          live === undefined ? null : { ...state, ...live, arn: `arn:fake:${id}:${Date.now()}` },
        ),
      });
    if (id.startsWith('slow')) setTimeout(answer, 300);
    else answer();
  },
  list(call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) {
    const request = call.request;
    const config = readDynamic(request.config as never, parse(obj({ name_prefix: 'string' })));
    log({
      method: 'ListResource',
      type: request.type_name,
      include: request.include_resource_object === true,
      limit: request.limit,
      config,
    });
    const world = JSON.parse(readFileSync(env.FAKE_PLUGIN_WORLD as string, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const empty = Object.fromEntries(
      Object.keys((thingType as { attributes: object }).attributes).map((k) => [k, null]),
    );
    for (const [id, live] of Object.entries(world)) {
      if (id.startsWith('listfail')) {
        call.write({
          diagnostic: [diag('listing fake_thing', 'AccessDenied: not authorized to list')],
        });
        break;
      }
      const identity = { identity_data: { msgpack: encoder.encode({ id }) } };
      call.write({
        identity,
        display_name: typeof live.name === 'string' ? live.name : id,
        // Objects named `identity-only` come without their resource object.
        ...(request.include_resource_object === true && !id.startsWith('identity-only')
          ? { resource_object: dynamicValue({ ...empty, rule: [], ...live, id }) }
          : {}),
      });
    }
    call.end();
  },
  stop(_call: Call, cb: Callback) {
    log({ method: 'Stop' });
    cb(null, {});
  },
};

const server = new grpc.Server();
server.addService(Object.fromEntries(Object.entries(service).map(([k, m]) => [k, m])), handlers);
server.addService(
  {
    shutdown: {
      path: '/plugin.GRPCController/Shutdown',
      requestStream: false,
      responseStream: false,
      requestSerialize: () => Buffer.alloc(0),
      requestDeserialize: () => ({}),
      responseSerialize: () => Buffer.alloc(0),
      responseDeserialize: () => ({}),
    },
  },
  {
    shutdown(_call: Call, cb: Callback) {
      log({ method: 'Shutdown' });
      cb(null, {});
      setTimeout(() => process.exit(0), 20);
    },
  },
);
const socket = join(mkdtempSync(join(tmpdir(), 'fake-plugin-')), 'plugin.sock');
// go-plugin's automatic mTLS: trust exactly the client's certificate, print our own.
const clientCert = env.PLUGIN_CLIENT_CERT;
const tls = clientCert !== undefined && env.FAKE_PLUGIN_TLS !== 'off';
const own = selfSignedCertificate();
const printed = env.FAKE_PLUGIN_TLS === 'wrong-cert' ? selfSignedCertificate() : own;
const credentials = tls
  ? grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(own.key), cert_chain: Buffer.from(own.cert) }],
      true,
    )
  : grpc.ServerCredentials.createInsecure();
const certField = tls
  ? new X509Certificate(printed.cert).raw.toString('base64').replace(/=+$/, '')
  : '';
server.bindAsync(`unix:${socket}`, credentials, (error) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
  if (env.FAKE_PLUGIN_HANDSHAKE === 'garbage') process.stdout.write('hello, I am not a plugin\n');
  else if (env.FAKE_PLUGIN_HANDSHAKE !== 'silent')
    process.stdout.write(`1|${version}|unix|${socket}|grpc|${certField}\n`);
  log({
    method: 'started',
    version,
    tls,
    logLevels: [env.TF_LOG_SDK, env.TF_LOG_PROVIDER, env.TF_LOG_PROVIDER_FAKE],
  });
});
