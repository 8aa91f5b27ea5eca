/**
 * The zod schema of a {@link DriftReport}, so consumers can validate stored reports (and the
 * build can publish it as `tfdrift/report.schema.json`). It mirrors `types.ts` field for field;
 * objects accept unknown keys (and strip them) because the report shape may grow new optional
 * fields in minor versions.
 */
import { z } from 'zod';
import type { DriftReport } from './types.js';

const count = z.number().int().nonnegative();

/** A value that must be present (JSON has no `undefined`, so absent and undefined are one). */
const requiredValue = z.unknown().refine((value) => value !== undefined, 'value is required');

const pointer = z.string().refine((p) => p === '' || p.startsWith('/'), 'must be a JSON Pointer');

const OperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: pointer, value: requiredValue }),
  z.object({ op: z.literal('remove'), path: pointer }),
  z.object({ op: z.literal('replace'), path: pointer, value: requiredValue }),
  z.object({ op: z.literal('move'), path: pointer, from: pointer }),
  z.object({ op: z.literal('copy'), path: pointer, from: pointer }),
  z.object({ op: z.literal('test'), path: pointer, value: requiredValue }),
]);

/** @internal */
export const ChangeSchema = z.object({
  op: z.enum(['add', 'remove', 'replace']),
  path: pointer,
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
  sensitive: z.boolean(),
});

/** @internal */
export const ResourceErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});

/** @internal */
export const RemediationSchema = z.object({
  action: z.enum(['replace', 'revert', 'recreate', 'import', 'delete', 'accept']),
  summary: z.string(),
  command: z.string().optional(),
  code: z.string().optional(),
});

export const ResourceReportSchema = z.object({
  address: z.string().min(1),
  deposed: z.string().optional(),
  type: z.string().min(1),
  provider: z.string(),
  id: z.string().optional(),
  status: z.enum(['in-sync', 'drifted', 'missing', 'unknown', 'unsupported']),
  patch: z.array(OperationSchema),
  changes: z.array(ChangeSchema),
  notChecked: z.array(pointer).optional(),
  error: ResourceErrorSchema.optional(),
  source: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  remediation: RemediationSchema.optional(),
});

/** @internal */
export const LiveResourceSchema = z.object({
  type: z.string().min(1),
  id: z.string(),
  provider: z.string().optional(),
  name: z.string().optional(),
  location: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  importBlock: z.string().optional(),
  remediation: RemediationSchema.optional(),
});

/** @internal */
export const SummarySchema = z.object({
  total: count,
  inSync: count,
  drifted: count,
  missing: count,
  unknown: count,
  unsupported: count,
  unmanaged: count,
  coverage: z.number().min(0).max(1),
  checked: count,
  partiallyChecked: count,
  notChecked: count,
  notCheckedAttributes: count,
});

/** @internal */
export const StateReferenceSchema = z.object({
  source: z.string(),
  serial: count.optional(),
  lineage: z.string().optional(),
});

/** @internal */
export const AlertSchema = z.object({
  code: z.string(),
  message: z.string(),
  addresses: z.array(z.string()).optional(),
});

/**
 * A zod (v4) schema of {@link DriftReport}: validate a report read back from storage before
 * trusting it. The same schema is published as JSON Schema in `tfdrift/report.schema.json`.
 *
 * @example
 * ```ts
 * import { DriftReportSchema } from 'tfdrift';
 *
 * const parsed = DriftReportSchema.safeParse(JSON.parse(text));
 * if (!parsed.success) console.error(parsed.error.issues[0]?.path.join('.'));
 * ```
 * @public
 */
export const DriftReportSchema: z.ZodType<DriftReport> = z
  .object({
    schemaVersion: z.literal(1),
    generatedAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().nonnegative(),
    states: z.array(StateReferenceSchema),
    summary: SummarySchema,
    resources: z.array(ResourceReportSchema),
    unmanaged: z.array(LiveResourceSchema),
    alerts: z.array(AlertSchema),
  })
  .meta({
    title: 'tfdrift DriftReport',
    description: 'The result of a tfdrift drift scan (schemaVersion 1).',
  });
