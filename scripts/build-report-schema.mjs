// Writes dist/report.schema.json (the JSON Schema of a DriftReport) from the zod schema, so the
// two can never disagree. The schema is internal (no entry exports it), so this reads the
// source through tsx: `node --import tsx scripts/build-report-schema.mjs`.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DriftReportSchema } from '../src/report/schema.ts';

const target = fileURLToPath(new URL('../dist/report.schema.json', import.meta.url));
const schema = {
  ...z.toJSONSchema(DriftReportSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
  $id: 'https://unpkg.com/tfdrift/dist/report.schema.json',
};
writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
