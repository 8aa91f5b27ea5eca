import { z } from 'zod';
import type { DriftReport } from './types.js';

/** A zod schema of {@link DriftReport}. @public */
export const DriftReportSchema: z.ZodType<DriftReport> = z.any() as z.ZodType<DriftReport>;
