import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { DriftReportSchema } from '../../src/report/schema.js';

const dir = join(import.meta.dirname, '..', '..', 'examples', 'basic');

describe('the bundled example', () => {
  it('has drifted, missing, in-sync and unmanaged resources, and no secret in the report', async () => {
    const report = await detectDrift({
      state: join(dir, 'terraform.tfstate'),
      providers: [snapshotProvider({ file: join(dir, 'live-snapshot.json') })],
      unmanaged: true,
    });
    expect(Object.fromEntries(report.resources.map((r) => [r.address, r.status]))).toEqual({
      'aws_db_instance.main': 'in-sync',
      'aws_iam_role.deploy': 'in-sync',
      'aws_instance.web': 'drifted',
      'aws_s3_bucket.access_logs': 'missing',
      'aws_s3_bucket.assets': 'in-sync',
      'aws_security_group.web': 'drifted',
      'aws_subnet.public["a"]': 'in-sync',
      'aws_subnet.public["b"]': 'drifted',
      'aws_vpc.main': 'in-sync',
    });
    expect(report.unmanaged.map((u) => `${u.type}.${u.id}`)).toEqual([
      'aws_instance.i-07e6d5c4b3a291807',
      'aws_s3_bucket.shop-legacy-exports-2019',
    ]);
    expect(report.summary).toMatchObject({
      total: 9,
      drifted: 3,
      missing: 1,
      unmanaged: 2,
      coverage: 1,
    });
    expect(JSON.stringify(report)).not.toContain('correct-horse-battery-staple');
    // The report a scan produces is exactly what the published schema describes.
    const checked = DriftReportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
  });
});
