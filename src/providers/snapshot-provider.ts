/**
 * `snapshotProvider`: the live side from a JSON snapshot. It is the offline default: the
 * README example, tests and air-gapped CI use it, and any inventory export can be turned
 * into one. The format is in docs/snapshot-format.md.
 */
import { constants } from 'node:buffer';
import { ProviderConfigError } from '../errors.js';
import { jsonErrorWithoutExcerpt } from '../shared/json-error-message.js';
import { readFileAtMostSync } from '../shared/read-file-at-most.js';
import type { ResourceInstance } from '../model/state.js';
import { SnapshotSchema } from './snapshot-schema.js';
import type { Snapshot, SnapshotEntry } from './snapshot-schema.js';
import type { LiveResource } from '../model/live-resource.js';
import type { Provider, ReadResult } from './types.js';

/** Options of {@link snapshotProvider}: exactly one of `file` and `data`. @public */
export interface SnapshotProviderOptions {
  /** Path of a snapshot JSON file (read once, when the provider is created). */
  file?: string;
  /** The snapshot itself, already parsed. */
  data?: unknown;
  /** The provider name in reports (default `snapshot`). */
  name?: string;
  /**
   * The largest `file` read, in bytes; a larger file (or a device that never ends) fails with
   * a `ProviderConfigError`. Default and maximum: V8's longest string, about 512 MiB.
   */
  maxBytes?: number;
}

const NAME = 'snapshot';

function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

// The type of an address: the segment before the name, once module calls, `data.` and
// index keys (which may hold dots inside quotes) are set aside.
function typeOfAddress(address: string): string | undefined {
  const plain = address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
  const parts = plain.split('.');
  let i = 0;
  while (parts[i] === 'module') i += 2;
  if (parts[i] === 'data') return undefined;
  return parts.length - i === 2 ? parts[i] : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEntry(v: unknown): boolean {
  if (v === null) return true;
  if (!isPlainObject(v) || !isPlainObject(v.attributes)) return false;
  return (
    (v.name === undefined || typeof v.name === 'string') &&
    (v.location === undefined || typeof v.location === 'string')
  );
}

// The same checks as SnapshotSchema, in one tight loop: a snapshot of 100,000 objects is
// validated in a few milliseconds. Only an invalid snapshot goes through zod, for its issues.
function isValidSnapshot(data: unknown): data is Snapshot {
  if (!isPlainObject(data)) return false;
  const { version, types, resources, byId } = data;
  if (version !== undefined && version !== 1) return false;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'string')))
    return false;
  if (resources === undefined && byId === undefined && types === undefined) return false;
  if (resources !== undefined) {
    if (!isPlainObject(resources)) return false;
    for (const key in resources) if (!isEntry(resources[key])) return false;
  }
  if (byId !== undefined) {
    if (!isPlainObject(byId)) return false;
    for (const type in byId) {
      const forType = byId[type];
      if (!isPlainObject(forType)) return false;
      for (const id in forType) if (!isEntry(forType[id])) return false;
    }
  }
  return true;
}

function parseSnapshot(data: unknown, source: string, name: string): Snapshot {
  if (isValidSnapshot(data)) return data;
  const parsed = SnapshotSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: pointerOf(issue.path),
    message: issue.message,
  }));
  const first = issues[0] as { path: string; message: string };
  throw new ProviderConfigError(
    `Invalid snapshot ${source} at ${first.path || '/'}: ${first.message}`,
    {
      provider: name,
      issues,
    },
  );
}

/** The largest snapshot file read: V8's longest string, which its text has to fit in. */
const MAX_SNAPSHOT_BYTES = constants.MAX_STRING_LENGTH;

function snapshotLimit(maxBytes: number | undefined, name: string): number {
  if (maxBytes === undefined) return MAX_SNAPSHOT_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_SNAPSHOT_BYTES) {
    const message = `maxBytes must be an integer from 1 to ${MAX_SNAPSHOT_BYTES}`;
    throw new ProviderConfigError(`snapshotProvider: ${message}, got ${String(maxBytes)}`, {
      provider: name,
      issues: [{ path: '/maxBytes', message }],
    });
  }
  return maxBytes;
}

function loadFile(file: string, name: string, maxBytes: number): unknown {
  let text: string;
  try {
    const read = readFileAtMostSync(file, maxBytes);
    if ('tooLarge' in read) {
      throw new ProviderConfigError(
        `Snapshot file ${file} is larger than the limit, maxBytes ${maxBytes}`,
        { provider: name, issues: [{ path: '', message: 'file too large' }] },
      );
    }
    text = read.bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ProviderConfigError) throw error;
    throw new ProviderConfigError(
      `Cannot read snapshot file ${file}: ${(error as Error).message}`,
      {
        provider: name,
        cause: error,
        issues: [{ path: '', message: 'unreadable file' }],
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // No `cause`, and no excerpt: V8 quotes the text around the error, and a snapshot of
    // live objects holds their secrets.
    throw new ProviderConfigError(
      `Snapshot file ${file} is not JSON: ${jsonErrorWithoutExcerpt(error)}`,
      {
        provider: name,
        issues: [{ path: '', message: 'not JSON' }],
      },
    );
  }
}

/**
 * A provider that reads the live side from a JSON snapshot, keyed by address
 * (`{ "resources": { "aws_s3_bucket.logs": { "attributes": {…} } } }`) or by type and id
 * (`{ "byId": { "aws_s3_bucket": { "logs-bucket": { "attributes": {…} } } } }`).
 *
 * The snapshot is authoritative for every type it mentions (listed in `types`, a key of
 * `byId`, or the type of an address in `resources`): an instance of such a type that the
 * snapshot does not hold, or holds as `null`, is `not-found` (reported `missing`). Instances
 * of other types are not supported (reported `unsupported`). Deposed objects are looked up
 * by id only, since their address belongs to the current object.
 *
 * @throws {@link ProviderConfigError} when the file cannot be read or the snapshot is invalid
 * (`issues` hold the JSON Pointer of each bad spot).
 * @example
 * ```ts
 * const report = await detectDrift({
 *   state: 'terraform.tfstate',
 *   providers: [snapshotProvider({ file: 'live-snapshot.json' })],
 *   unmanaged: true,
 * });
 * ```
 * @public
 */
export function snapshotProvider(options: SnapshotProviderOptions): Provider {
  const name = options.name ?? NAME;
  if ((options.file === undefined) === (options.data === undefined)) {
    throw new ProviderConfigError('snapshotProvider needs exactly one of `file` and `data`', {
      provider: name,
      issues: [{ path: '', message: 'give either file or data' }],
    });
  }
  const source = options.file ?? '<data>';
  const snapshot = parseSnapshot(
    options.file !== undefined
      ? loadFile(options.file, name, snapshotLimit(options.maxBytes, name))
      : options.data,
    source,
    name,
  );

  const byAddress = snapshot.resources ?? {};
  const byId = snapshot.byId ?? {};
  // Built on first need: a scan whose instances are all found by address never pays for them.
  let coveredTypes: Set<string> | undefined;
  let indexedById: Map<string, { type: string; entry: SnapshotEntry }> | undefined;
  const covered = (): Set<string> => {
    if (coveredTypes) return coveredTypes;
    coveredTypes = new Set<string>(snapshot.types ?? []);
    for (const type of Object.keys(byId)) coveredTypes.add(type);
    for (const address of Object.keys(byAddress)) {
      const type = typeOfAddress(address);
      if (type !== undefined) coveredTypes.add(type);
    }
    return coveredTypes;
  };
  // Objects of `resources` are also reachable by type and id: a snapshot describes objects.
  const indexed = (): Map<string, { type: string; entry: SnapshotEntry }> => {
    if (indexedById) return indexedById;
    indexedById = new Map();
    for (const [address, entry] of Object.entries(byAddress)) {
      const type = typeOfAddress(address);
      const id = entry?.attributes.id;
      if (type !== undefined && entry && typeof id === 'string') {
        indexedById.set(`${type}\u0000${id}`, { type, entry });
      }
    }
    return indexedById;
  };

  const idLookup = (type: string, id: string | undefined): SnapshotEntry | null | undefined => {
    if (id === undefined) return undefined;
    const forType = byId[type];
    if (forType && Object.hasOwn(forType, id)) return forType[id];
    return indexed().get(`${type}\u0000${id}`)?.entry;
  };

  // Terraform addresses always hold a dot, so they never name an Object.prototype member:
  // a plain property read is exact here, and much cheaper than hasOwn on 100,000 keys.
  const atAddress = (instance: ResourceInstance): SnapshotEntry | null | undefined =>
    instance.deposed === undefined && instance.address.includes('.')
      ? byAddress[instance.address]
      : undefined;

  const lookup = (instance: ResourceInstance): SnapshotEntry | null | undefined => {
    const entry = atAddress(instance);
    if (entry !== undefined) return entry;
    return idLookup(instance.type, instance.id);
  };

  return {
    name,
    maxBatchSize: 1000,
    supports: (instance) => atAddress(instance) !== undefined || covered().has(instance.type),
    read(batch, ctx): Promise<ReadResult[]> {
      if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason as Error);
      const results: ReadResult[] = new Array<ReadResult>(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const instance = batch[i] as ResourceInstance;
        const entry = lookup(instance);
        results[i] = entry
          ? { address: instance.address, status: 'found', attributes: entry.attributes }
          : { address: instance.address, status: 'not-found' };
      }
      return Promise.resolve(results);
    },
    async *list(types, ctx): AsyncIterable<LiveResource> {
      await Promise.resolve(); // settle like any other provider's list: asynchronously
      const wanted = new Set(types);
      const seen = new Set<string>();
      const emit = (type: string, id: string, entry: SnapshotEntry): LiveResource | undefined => {
        const key = `${type}\u0000${id}`;
        if (seen.has(key)) return undefined;
        seen.add(key);
        const live: LiveResource = { type, id, provider: name };
        if (entry.name !== undefined) live.name = entry.name;
        if (entry.location !== undefined) live.location = entry.location;
        return live;
      };
      for (const [type, entries] of Object.entries(byId)) {
        if (!wanted.has(type)) continue;
        for (const [id, entry] of Object.entries(entries)) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          const live = entry ? emit(type, id, entry) : undefined;
          if (live) yield live;
        }
      }
      for (const { type, entry } of indexed().values()) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        if (!wanted.has(type)) continue;
        const live = emit(type, entry.attributes.id as string, entry);
        if (live) yield live;
      }
    },
  };
}
