/**
 * `tfdrift baseline` writes pointers and addresses that came from state and live reads into
 * `.driftignore`. A hostile live map key must not plant a rule for another resource: a rule
 * that would not read back exactly as built is refused with a warning, and its drift stays
 * reported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportOf } from '../report/sample-report.js';
import { baselineRules } from '../../src/cli/baseline.js';
import { parseDriftignore } from '../../src/diff/ignore.js';
import { escapeToken } from '../../src/diff/json-pointer.js';
import type { DriftReport } from '../../src/index.js';
import { run } from './cli-harness.js';

const HOSTILE_KEYS = [
  'x\naws_iam_role.admin',
  'x\raws_iam_role.admin',
  'x\r\n!aws_iam_role.admin',
  'x\u2028aws_iam_role.admin',
  'ok" aws_iam_role.admin',
  'esc\u001b]52;c;aGk=\u0007',
  'c1\u009b2J',
  'tab\there',
  '#comment',
  'trailing ',
];

function driftedReport(keys: string[]): DriftReport {
  return reportOf([
    {
      address: 'aws_s3_bucket.b',
      type: 'aws_s3_bucket',
      provider: 'p',
      status: 'drifted',
      patch: [],
      changes: keys.map((k) => ({
        op: 'add' as const,
        path: `/tags/${escapeToken(k)}`,
        actual: 'v',
        sensitive: false,
      })),
    },
    {
      address: 'aws_s3_bucket.m["k\naws_iam_role.admin"]',
      type: 'aws_s3_bucket',
      provider: 'p',
      status: 'missing',
      patch: [],
      changes: [],
    },
  ]);
}

describe('baseline with hostile keys', () => {
  it('never writes a line that reads back as another rule; refuses those it cannot spell', () => {
    const refused: string[] = [];
    const rules = baselineRules(driftedReport([...HOSTILE_KEYS, 'Owner']), refused);
    const parsed = parseDriftignore(rules.join('\n'));
    expect(parsed).toHaveLength(rules.length);
    expect(parsed.filter((r) => r.address === 'aws_iam_role.admin')).toEqual([]);
    expect(parsed.every((r) => r.negate !== true)).toBe(true);
    expect(rules).toContain('aws_s3_bucket.b /tags/Owner');
    // A control character never reaches the file, nor the warnings.
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u001f\u007f-\u009f\u2028]/;
    for (const line of [...rules, ...refused]) expect(line).not.toMatch(control);
    expect(refused.length).toBeGreaterThanOrEqual(7);
  });

  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-baseline-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('end to end: the CLI warns, and the next scan still reports the refused drift', async () => {
    const state = {
      version: 4,
      terraform_version: '1.9.8',
      serial: 1,
      lineage: 'l',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'b',
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 0, attributes: { id: 'b', bucket: 'b', tags: {} } }],
        },
        {
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'admin',
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 0, attributes: { id: 'admin', name: 'admin' } }],
        },
      ],
    };
    const live = {
      resources: {
        'aws_s3_bucket.b': {
          attributes: { id: 'b', bucket: 'b', tags: { 'x\naws_iam_role.admin': 'v' } },
        },
        'aws_iam_role.admin': { attributes: { id: 'admin', name: 'admin', max_session: 7200 } },
      },
    };
    writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(state));
    writeFileSync(join(dir, 'live.json'), JSON.stringify(live));
    const baseline = await run(
      ['baseline', '--state', 'terraform.tfstate', '--snapshot', 'live.json'],
      dir,
    );
    expect(baseline.code).toBe(0);
    expect(baseline.stderr).toContain('no baseline rule for');
    expect(baseline.stderr).toContain('\\naws_iam_role.admin');
    const rules = parseDriftignore(readFileSync(join(dir, '.driftignore'), 'utf8'));
    expect(rules.filter((r) => r.address === 'aws_iam_role.admin' && r.path === undefined)).toEqual(
      [],
    );
    expect(rules).toContainEqual({ address: 'aws_iam_role.admin', path: '/max_session' });
    const after = await run(
      ['scan', '--state', 'terraform.tfstate', '--snapshot', 'live.json', '--format', 'json'],
      dir,
    );
    const report = JSON.parse(after.stdout) as DriftReport;
    const bucket = report.resources.find((r) => r.address === 'aws_s3_bucket.b');
    expect(bucket?.status).toBe('drifted');
  });
});
