/**
 * The watch store: what `watchDrift` must remember across restarts so that it reports only
 * news. It holds the open drifts and the outbox of sink deliveries not yet confirmed. Any
 * backend (a file, a database row, an object in a bucket) can implement {@link WatchStore}.
 */
import { z } from 'zod';
import { WatchStoreError } from '../errors.js';
import { pointerFromTokens } from '../state/json-pointer.js';
import type { DriftEvent } from './watch-event.js';

/** An open drift as remembered: the drift event that opened or last updated it, minus its type and trigger. @public */
export type OpenDrift = Omit<DriftEvent, 'type' | 'trigger'>;

/** One sink delivery waiting to be confirmed. @public */
export interface OutboxEntry {
  /** A unique id of the delivery (also sent to receivers, so they can drop duplicates). */
  id: string;
  /** The id of the sink it is for. */
  sink: string;
  /** The drift event to deliver. */
  event: DriftEvent;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due (ISO 8601). */
  nextAttemptAt: string;
}

/** The whole stored document. @public */
export interface WatchStoreData {
  /** The version of this shape. */
  version: 1;
  /** Open drifts by key. */
  drift: Record<string, OpenDrift>;
  /** Deliveries not yet confirmed by their sink, oldest first. */
  outbox: OutboxEntry[];
}

/**
 * Where `watchDrift` keeps its memory. `load` returns `undefined` when nothing was saved
 * yet, and throws a {@link WatchStoreError} when what was saved cannot be read (never
 * `undefined` then: starting over would alert every open drift again). `save` replaces the
 * whole document atomically: after a crash, `load` returns either the old or the new one.
 * `watchDrift` never runs two `save` calls at once.
 *
 * @example
 * ```ts
 * import type { WatchStore, WatchStoreData } from 'tfdrift';
 *
 * // A store in memory (for tests): nothing survives a restart.
 * function memoryStore(): WatchStore {
 *   let saved: string | undefined;
 *   return {
 *     name: 'memory',
 *     load: async () => (saved === undefined ? undefined : (JSON.parse(saved) as WatchStoreData)),
 *     save: async (data) => void (saved = JSON.stringify(data)),
 *   };
 * }
 * ```
 * @public
 */
export interface WatchStore {
  /** A name for messages (a file path, a table name). */
  readonly name: string;
  /** Reads the stored document, or `undefined` when there is none yet. */
  load(): Promise<WatchStoreData | undefined>;
  /** Replaces the stored document atomically. */
  save(data: WatchStoreData): Promise<void>;
}

/** An empty store document. @internal */
export function emptyStoreData(): WatchStoreData {
  return { version: 1, drift: {}, outbox: [] };
}

const ChangeSchema = z.object({
  op: z.enum(['add', 'remove', 'replace']),
  path: z.string(),
  sensitive: z.boolean(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
});

const OpenDriftShape = {
  key: z.string(),
  address: z.string(),
  deposed: z.string().optional(),
  resourceType: z.string(),
  id: z.string().optional(),
  source: z.string().optional(),
  status: z.string(),
  patch: z.array(z.looseObject({ op: z.string(), path: z.string() })),
  changes: z.array(ChangeSchema),
  actor: z
    .object({
      principal: z.string(),
      sourceIp: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .optional(),
  eventName: z.string().optional(),
  eventAt: z.string().optional(),
  remediation: z
    .object({
      action: z.enum(['replace', 'revert', 'recreate', 'import', 'delete', 'accept']),
      summary: z.string(),
      command: z.string().optional(),
      code: z.string().optional(),
    })
    .optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
};

const StoreSchema = z.object({
  version: z.literal(1),
  drift: z.record(z.string(), z.object(OpenDriftShape)),
  outbox: z.array(
    z.object({
      id: z.string(),
      sink: z.string(),
      event: z.object({
        ...OpenDriftShape,
        type: z.enum(['drift-opened', 'drift-updated', 'drift-resolved']),
        trigger: z.enum(['scan', 'event', 'state', 'confirm']),
      }),
      attempts: z.number().int().min(0),
      nextAttemptAt: z.string(),
    }),
  ),
});

/**
 * Checks a stored document's shape; throws {@link WatchStoreError} with the JSON Pointer of
 * the first bad spot.
 * @internal
 */
export function parseStoreData(value: unknown, store: string): WatchStoreData {
  const parsed = StoreSchema.safeParse(value);
  if (parsed.success) return parsed.data as WatchStoreData;
  const issue = parsed.error.issues[0];
  const pointer = pointerFromTokens(
    (issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))),
  );
  throw new WatchStoreError(
    `The watch store ${store} holds an invalid document at ${pointer || '/'}: ${issue?.message ?? 'invalid'}`,
    { store, pointer },
  );
}
