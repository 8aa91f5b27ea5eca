/**
 * The snapshot format read by `snapshotProvider`, as a zod schema (internal: zod types never
 * appear in the public API). See docs/snapshot-format.md.
 */
import { z } from 'zod';

/** One live object in a snapshot. @internal */
const SnapshotEntrySchema = z.looseObject({
  /** The live attributes, shaped like the state's attributes. */
  attributes: z.record(z.string(), z.unknown()),
  /** A display name, used to suggest an `import` block name for unmanaged objects. */
  name: z.string().optional(),
  /** Region, account or project. */
  location: z.string().optional(),
});

/** A snapshot document. @internal */
export const SnapshotSchema = z
  .looseObject({
    /** The format version; 1 when absent. */
    version: z.literal(1).optional(),
    /** Types the snapshot covers completely even when it holds none of their objects. */
    types: z.array(z.string()).optional(),
    /** Live objects by Terraform address; `null` records that the object does not exist. */
    resources: z.record(z.string(), SnapshotEntrySchema.nullable()).optional(),
    /** Live objects by type, then id; `null` records that the object does not exist. */
    byId: z.record(z.string(), z.record(z.string(), SnapshotEntrySchema.nullable())).optional(),
  })
  .refine((s) => s.resources !== undefined || s.byId !== undefined || s.types !== undefined, {
    message: 'a snapshot needs `resources`, `byId` or `types`',
  });

/** A snapshot entry. @internal */
export type SnapshotEntry = z.infer<typeof SnapshotEntrySchema>;
/** A snapshot document. @internal */
export type Snapshot = z.infer<typeof SnapshotSchema>;
