import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatReport, parseConfig } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

// The official SARIF 2.1.0 (rtm.5) JSON Schema, as shipped by Microsoft's @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifSchema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  properties: { address?: string; pointer?: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number };
    };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
}

function sarif(options: Parameters<typeof formatReport>[2] = {}, report = sampleReport()) {
  const text = formatReport(report, 'sarif', options);
  return { text, log: JSON.parse(text), results: JSON.parse(text).runs[0].results as Result[] };
}

describe('sarif format', () => {
  it('is valid against the SARIF 2.1.0 schema', () => {
    const { log } = sarif({
      toolVersion: '0.1.0',
      locations: { 'aws_db_instance.main': { file: 'db.tf', line: 3 } },
    });
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail (a result without message is rejected)', () => {
    const { log } = sarif();
    delete log.runs[0].results[0].message;
    expect(validateSarif(log)).toBe(false);
  });

  it('has one rule per status kind and results pointing at them', () => {
    const { log, results } = sarif();
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    expect(rules.map((r) => r.id)).toEqual([
      'drifted',
      'missing',
      'unknown',
      'unsupported',
      'unmanaged',
    ]);
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    // 2 + 3 drifted changes, one each for missing, unknown, unsupported, unmanaged.
    expect(results.map((r) => r.ruleId).sort()).toEqual(
      [
        'drifted',
        'drifted',
        'drifted',
        'drifted',
        'drifted',
        'missing',
        'unknown',
        'unsupported',
        'unmanaged',
      ].sort(),
    );
  });

  it('fingerprints stay the same when values change, and differ per address and pointer', () => {
    const before = sarif().results;
    const changed = sampleReport();
    changed.resources[1]!.changes[2]!.actual = 'something else';
    changed.generatedAt = '2026-12-01T00:00:00.000Z';
    const after = sarif({}, changed).results;
    const fp = (rs: Result[]) => rs.map((r) => r.partialFingerprints['tfdriftAlert/v1']);
    expect(fp(after)).toEqual(fp(before));
    expect(after.map((r) => r.message.text)).not.toEqual(before.map((r) => r.message.text));
    expect(new Set(fp(before)).size).toBe(before.length);
  });

  it('points at the declaring .tf file and line when locations are given', () => {
    const { results } = sarif({
      locations: { 'aws_s3_bucket.logs': { file: 'modules/s3/main.tf', line: 12 } },
    });
    const logs = results.find((r) => r.properties.pointer === '/acl')!;
    expect(logs.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'modules/s3/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12 },
    });
    expect(logs.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(
      'aws_s3_bucket.logs["eu"]',
    );
  });

  it('takes locations from a parsed configuration (parseConfig) with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfdrift-sarif-'));
    try {
      writeFileSync(
        join(dir, 'compute.tf'),
        '# compute\n\nresource "aws_instance" "web" {\n  ami = "ami-1"\n}\n',
      );
      const config = await parseConfig(dir);
      const web = sarif({ config }).results.find((r) => r.ruleId === 'missing')!;
      expect(web.locations[0]!.physicalLocation).toEqual({
        artifactLocation: { uri: pathToFileURL(join(dir, 'compute.tf')).href },
        region: { startLine: 3 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the local state file when no declaration is known', () => {
    const { results } = sarif();
    expect(results[0]!.locations[0]!.physicalLocation!.artifactLocation.uri).toBe(
      'envs/prod/terraform.tfstate',
    );
    const remote = sampleReport();
    remote.states = [{ source: 's3://bucket/prod.tfstate' }];
    const r = sarif({}, remote).results[0]!;
    expect(r.locations[0]!.physicalLocation).toBeUndefined();
    expect(r.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe('aws_db_instance.main');
  });
});
