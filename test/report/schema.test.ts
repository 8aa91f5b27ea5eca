import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { DriftReportSchema } from '../../src/report/schema.js';
import type {
  Alert,
  Change,
  DriftSummary,
  LiveResource,
  ResourceError,
  ResourceReport,
  StateReference,
} from '../../src/index.js';
import type {
  AlertSchema,
  ChangeSchema,
  LiveResourceSchema,
  ResourceErrorSchema,
  ResourceReportSchema,
  StateReferenceSchema,
  SummarySchema,
} from '../../src/report/schema.js';
import { inSyncReport, sampleReport } from './sample-report.js';

describe('DriftReportSchema', () => {
  it('accepts a full report and returns it unchanged', () => {
    const report = sampleReport();
    const parsed = DriftReportSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(parsed).toEqual(report);
  });

  it('accepts an empty scan', () => {
    expect(DriftReportSchema.safeParse(inSyncReport(0)).success).toBe(true);
  });

  it('rejects a bad status with the path to it', () => {
    const report = sampleReport() as unknown as { resources: { status: string }[] };
    report.resources[2]!.status = 'deleted';
    const result = DriftReportSchema.safeParse(report);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['resources', 2, 'status']);
  });

  it('rejects a missing summary count, an add without value and a wrong schemaVersion', () => {
    const report = JSON.parse(JSON.stringify(sampleReport()));
    delete report.summary.total;
    report.resources[1].patch[0] = { op: 'add', path: '/tags_all/Owner' };
    report.schemaVersion = 2;
    const result = DriftReportSchema.safeParse(report);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['summary.total', 'resources.1.patch.0.value', 'schemaVersion']),
    );
  });

  it('rejects a change path that is not a JSON Pointer and a non-ISO date', () => {
    const report = JSON.parse(JSON.stringify(sampleReport()));
    report.resources[0].changes[0].path = 'password';
    report.generatedAt = 'yesterday';
    const paths = DriftReportSchema.safeParse(report).error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['resources.0.changes.0.path', 'generatedAt']));
  });

  it('converts to a JSON Schema that agrees with zod on good and bad reports', () => {
    const jsonSchema = z.toJSONSchema(DriftReportSchema, {
      target: 'draft-2020-12',
      unrepresentable: 'any',
    });
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonSchema);
    expect(validate(JSON.parse(JSON.stringify(sampleReport())))).toBe(true);
    const bad = JSON.parse(JSON.stringify(sampleReport()));
    bad.resources[0].status = 'deleted';
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/resources/0/status');
  });
});

const shipped = join(import.meta.dirname, '..', '..', 'dist', 'report.schema.json');
if (!existsSync(shipped)) {
  console.warn(
    '[tfdrift tests] dist/report.schema.json not built: its test is skipped (npm run build)',
  );
}

describe.skipIf(!existsSync(shipped))('the shipped dist/report.schema.json', () => {
  it('accepts a real report and rejects a broken one with the path', () => {
    const jsonSchema = JSON.parse(readFileSync(shipped, 'utf8'));
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonSchema);
    expect(validate(JSON.parse(JSON.stringify(sampleReport())))).toBe(true);
    const bad = JSON.parse(JSON.stringify(sampleReport()));
    bad.summary.coverage = 2;
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/summary/coverage');
  });
});

describe('DriftReportSchema covers every field of the types', () => {
  it('has the same keys as each interface (checked by tsc), and keeps every optional field', () => {
    expectTypeOf<keyof z.output<typeof ResourceReportSchema>>().toEqualTypeOf<
      keyof ResourceReport
    >();
    expectTypeOf<keyof z.output<typeof ChangeSchema>>().toEqualTypeOf<keyof Change>();
    expectTypeOf<keyof z.output<typeof ResourceErrorSchema>>().toEqualTypeOf<keyof ResourceError>();
    expectTypeOf<keyof z.output<typeof LiveResourceSchema>>().toEqualTypeOf<keyof LiveResource>();
    expectTypeOf<keyof z.output<typeof SummarySchema>>().toEqualTypeOf<keyof DriftSummary>();
    expectTypeOf<keyof z.output<typeof StateReferenceSchema>>().toEqualTypeOf<
      keyof StateReference
    >();
    expectTypeOf<keyof z.output<typeof AlertSchema>>().toEqualTypeOf<keyof Alert>();

    const full = sampleReport();
    full.resources[0] = {
      ...full.resources[0]!,
      deposed: 'a1b2c3d4',
      source: 'envs/prod/terraform.tfstate',
      notChecked: ['/x'],
    };
    full.unmanaged[0] = {
      ...full.unmanaged[0]!,
      name: 'stray',
      importBlock: 'import {\n  to = aws_s3_bucket.stray\n  id = "stray"\n}',
    };
    const roundTrip = JSON.parse(JSON.stringify(full));
    expect(DriftReportSchema.parse(roundTrip)).toEqual(roundTrip);
  });
});
