/**
 * Hand-built reports for the formatter tests: every status, a sensitive change whose values are
 * in clear (as with `revealSensitive: true`), provider details, unmanaged resources and alerts.
 */
import { summarize } from '../../src/detect/summarize.js';
import type { DriftReport, ResourceReport } from '../../src/index.js';

/** A secret that must never show up in a formatted report unless revealing is asked for. */
export const SECRET = 'hunter2-S3CR3T-9f1c';

/** A report with one resource of each status and a secret in a sensitive change. */
export function sampleReport(): DriftReport {
  const resources: ResourceReport[] = [
    {
      address: 'aws_db_instance.main',
      type: 'aws_db_instance',
      provider: 'snapshot',
      id: 'db-1',
      status: 'drifted',
      patch: [
        { op: 'replace', path: '/password', value: SECRET },
        { op: 'replace', path: '/instance_class', value: 'db.t3.large' },
      ],
      changes: [
        { op: 'replace', path: '/password', expected: 'old-pass', actual: SECRET, sensitive: true },
        {
          op: 'replace',
          path: '/instance_class',
          expected: 'db.t3.micro',
          actual: 'db.t3.large',
          sensitive: false,
        },
      ],
      details: { changedBy: 'alice', apiToken: SECRET, raw: { secret: SECRET } },
    },
    {
      address: 'aws_s3_bucket.logs["eu"]',
      type: 'aws_s3_bucket',
      provider: 'snapshot',
      id: 'logs-eu',
      status: 'drifted',
      patch: [
        { op: 'add', path: '/tags_all/Owner', value: 'bob' },
        { op: 'remove', path: '/acl' },
        { op: 'replace', path: '/versioning/0/enabled', value: false },
      ],
      changes: [
        { op: 'add', path: '/tags_all/Owner', actual: 'bob', sensitive: false },
        { op: 'remove', path: '/acl', expected: 'private', sensitive: false },
        {
          op: 'replace',
          path: '/versioning/0/enabled',
          expected: true,
          actual: false,
          sensitive: false,
        },
      ],
      notChecked: ['/policy'],
    },
    {
      address: 'aws_instance.web',
      type: 'aws_instance',
      provider: 'snapshot',
      id: 'i-0abc',
      status: 'missing',
      patch: [],
      changes: [],
    },
    {
      address: 'aws_iam_role.ci',
      type: 'aws_iam_role',
      provider: 'snapshot',
      id: 'ci',
      status: 'unknown',
      patch: [],
      changes: [],
      error: { code: 'AccessDenied', message: 'not authorized to GetRole', retryable: false },
    },
    {
      address: 'google_storage_bucket.assets',
      type: 'google_storage_bucket',
      provider: 'registry.terraform.io/hashicorp/google',
      status: 'unsupported',
      patch: [],
      changes: [],
    },
    inSyncBucket('site'),
  ];
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-26T13:00:00.000Z',
    durationMs: 1234,
    states: [{ source: 'envs/prod/terraform.tfstate', serial: 7, lineage: 'abc-123' }],
    summary: {
      total: 6,
      inSync: 1,
      drifted: 2,
      missing: 1,
      unknown: 1,
      unsupported: 1,
      unmanaged: 1,
      coverage: 4 / 6,
      checked: 3,
      partiallyChecked: 1,
      notChecked: 2,
      notCheckedAttributes: 1,
    },
    resources,
    unmanaged: [
      {
        type: 'aws_s3_bucket',
        id: 'stray-bucket',
        provider: 'snapshot',
        location: 'eu-west-1',
        attributes: { tags: { Team: 'x' }, password: SECRET },
      },
    ],
    alerts: [
      {
        code: 'declared-not-in-state',
        message: 'aws_sqs_queue.jobs is declared but not in state',
        addresses: ['aws_sqs_queue.jobs'],
      },
    ],
  };
}

/** The report entry of an in-sync `aws_s3_bucket.<name>` read from a snapshot. */
function inSyncBucket(name: string): ResourceReport {
  return {
    address: `aws_s3_bucket.${name}`,
    type: 'aws_s3_bucket',
    provider: 'snapshot',
    id: name,
    status: 'in-sync',
    patch: [],
    changes: [],
  };
}

/** An in-sync report with `n` resources. */
export function inSyncReport(n: number): DriftReport {
  const resources: ResourceReport[] = Array.from({ length: n }, (_, i) => inSyncBucket(`b${i}`));
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-26T13:00:00.000Z',
    durationMs: 5,
    states: [{ source: 'terraform.tfstate' }],
    summary: {
      total: n,
      inSync: n,
      drifted: 0,
      missing: 0,
      unknown: 0,
      unsupported: 0,
      unmanaged: 0,
      coverage: 1,
      checked: n,
      partiallyChecked: 0,
      notChecked: 0,
      notCheckedAttributes: 0,
    },
    resources,
    unmanaged: [],
    alerts: [],
  };
}

/** A report with `n` drifted resources of `changes` changes each (for truncation tests). */
export function bigDriftReport(n: number, changes: number): DriftReport {
  const base = inSyncReport(n);
  const resources: ResourceReport[] = base.resources.map((r) => ({
    ...r,
    status: 'drifted',
    patch: Array.from({ length: changes }, (_, j) => ({
      op: 'replace',
      path: `/tags/k${j}`,
      value: `live-${j}-${'x'.repeat(40)}`,
    })),
    changes: Array.from({ length: changes }, (_, j) => ({
      op: 'replace',
      path: `/tags/k${j}`,
      expected: `state-${j}`,
      actual: `live-${j}-${'x'.repeat(40)}`,
      sensitive: false,
    })),
  }));
  return { ...base, resources, summary: { ...base.summary, inSync: 0, drifted: n } };
}

/** A report of just these resources, its summary counted as `detectDrift` counts it. */
export function reportOf(resources: ResourceReport[]): DriftReport {
  return {
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    states: [],
    summary: summarize(resources, 0),
    resources,
    unmanaged: [],
    alerts: [],
  };
}
