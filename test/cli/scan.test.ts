import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { STATE, run, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workspace()));
afterAll(() => cleanup());

describe('tfdrift scan', () => {
  it('prints a text report and exits 2 on drift', async () => {
    const { code, stdout, stderr } = await run(['scan', '--snapshot', 'live.json'], dir);
    expect(code).toBe(2);
    expect(stdout).toContain('Drift detected: 2 drifted, 1 missing');
    expect(stdout).toContain('~ /acl: "private" → "public-read"');
    expect(stdout).toContain('- aws_instance.web');
    expect(stdout).not.toContain('\u001b[');
    expect(stderr).toContain('tfdrift: reading: done 4/4');
  });

  it('exits 0 when in sync', async () => {
    const { code, stdout } = await run(
      ['scan', '--state', 'terraform.tfstate', '--snapshot', 'in-sync.json'],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No drift: /);
  });

  it('prints nothing on stderr with --quiet', async () => {
    const { stderr } = await run(['scan', '--snapshot', 'live.json', '--quiet'], dir);
    expect(stderr).toBe('');
  });

  it('--fail-on chooses which statuses count', async () => {
    expect(
      (await run(['scan', '--snapshot', 'live.json', '-q', '--fail-on', 'none'], dir)).code,
    ).toBe(0);
    expect(
      (
        await run(
          ['scan', '--snapshot', 'live.json', '-q', '--fail-on', 'unknown,unsupported'],
          dir,
        )
      ).code,
    ).toBe(0);
    expect(
      (await run(['scan', '--snapshot', 'live.json', '-q', '--fail-on', 'missing'], dir)).code,
    ).toBe(2);
    expect(
      (
        await run(
          ['scan', '--snapshot', 'in-sync.json', '-q', '--fail-on', 'unmanaged', '--unmanaged'],
          dir,
        )
      ).code,
    ).toBe(0);
  });

  it('--unmanaged lists live resources no state holds, and --fail-on unmanaged counts them', async () => {
    const { code, stdout } = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--unmanaged', '--fail-on', 'unmanaged'],
      dir,
    );
    expect(code).toBe(2);
    expect(stdout).toContain('+ aws_s3_bucket stray');
  });

  it('--fail-on unmanaged without --unmanaged is a usage error, not a silent 0', async () => {
    const { code, stdout, stderr } = await run(
      ['scan', '--snapshot', 'in-sync.json', '-q', '--fail-on', 'drifted,unmanaged'],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "tfdrift: --fail-on unmanaged needs --unmanaged (without it no unmanaged resource is looked for) (see 'tfdrift scan --help')\n",
    );
  });

  it('--terraform with a directory that does not exist fails once, before reading', async () => {
    const many = {
      version: 4,
      serial: 1,
      lineage: 'many',
      outputs: {},
      resources: Array.from({ length: 2000 }, (_, i) => ({
        mode: 'managed',
        type: 'null_resource',
        name: `r${i}`,
        provider: 'provider["registry.terraform.io/hashicorp/null"]',
        instances: [{ schema_version: 0, attributes: { id: String(i) } }],
      })),
    };
    writeFileSync(join(dir, 'many.tfstate'), JSON.stringify(many));
    const missing = join(dir, 'nonexistent');
    const { code, stdout, stderr } = await run(
      ['scan', '--state', 'many.tfstate', '--terraform', missing, '-q'],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `tfdrift: The Terraform working directory ${missing} does not exist [PROVIDER_CONFIG]\n`,
    );
  });

  it('writes every format to --output', async () => {
    const outputs: Record<string, string> = {};
    for (const format of ['json', 'markdown', 'sarif', 'junit', 'html', 'text']) {
      const file = `report.${format}`;
      const { code, stdout, stderr } = await run(
        ['scan', '--snapshot', 'live.json', '--format', format, '--output', file],
        dir,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`wrote ${format} report to ${file}`);
      outputs[format] = readFileSync(join(dir, file), 'utf8');
    }
    const report = parseReport(outputs.json!);
    expect(report.summary).toMatchObject({ drifted: 2, missing: 1, inSync: 1, total: 4 });
    expect(JSON.parse(outputs.sarif!).runs[0].tool.driver).toMatchObject({
      name: 'tfdrift',
      version: '0.1.0',
    });
    expect(XMLValidator.validate(outputs.junit!)).toBe(true);
    expect(outputs.markdown).toContain('| Drifted | 2 |');
    expect(outputs.html).toMatch(/^<!doctype html>/);
    expect(outputs.text).not.toContain('\u001b[');
  });

  it('exits 1 with one line when --output cannot be written', async () => {
    const file = join('no-such-dir', 'report.json');
    const { code, stdout, stderr } = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--output', file],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`tfdrift: cannot write ${file}: ENOENT\n`);
  });

  it('redacts the sensitive value unless --reveal-sensitive', async () => {
    const hidden = await run(['scan', '--snapshot', 'live.json', '-q', '--format', 'json'], dir);
    expect(hidden.stdout).not.toContain('live-secret-0002');
    expect(hidden.stdout).not.toContain('state-secret-0001');
    const shown = await run(['scan', '--snapshot', 'live.json', '-q', '--reveal-sensitive'], dir);
    expect(shown.stdout).toContain('live-secret-0002');
  });

  it('honours --ignore-file', async () => {
    writeFileSync(
      join(dir, 'custom.ignore'),
      'aws_s3_bucket.logs\naws_instance.web\nexample_secret.api /value\n',
    );
    const { code, stdout } = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--ignore-file', 'custom.ignore'],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No drift/);
  });

  it('points SARIF results at the declaring .tf file with --config', async () => {
    writeFileSync(
      join(dir, 'main.tf'),
      'terraform {}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
    );
    const { stdout } = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--config', '.', '--format', 'sarif'],
      dir,
    );
    const results = JSON.parse(stdout).runs[0].results as {
      properties: { address: string };
      locations: { physicalLocation?: unknown }[];
    }[];
    const logs = results.find((r) => r.properties.address === 'aws_s3_bucket.logs')!;
    expect(logs.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3 },
    });
  });

  it('--aws loads the AWS provider on demand (no AWS resource here, so no call is made)', async () => {
    const state = {
      version: 4,
      terraform_version: '1.9.8',
      serial: 1,
      lineage: 'x',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'example_thing',
          name: 'a',
          provider: 'provider["registry.terraform.io/example/example"]',
          instances: [{ schema_version: 0, attributes: { id: 't-1' }, sensitive_attributes: [] }],
        },
      ],
    };
    writeFileSync(join(dir, 'example.tfstate'), JSON.stringify(state));
    const { code, stdout } = await run(
      [
        'scan',
        '--state',
        'example.tfstate',
        '--aws',
        '--region',
        'eu-west-1',
        '-q',
        '--format',
        'json',
      ],
      dir,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      summary: { unsupported: number };
      resources: { provider: string }[];
    };
    expect(report.summary.unsupported).toBe(1);
  });

  it('scans several states at once (--state repeated)', async () => {
    const other = {
      ...STATE,
      lineage: 'other',
      resources: [
        {
          ...STATE.resources[3]!,
          name: 'extra',
          instances: [
            {
              schema_version: 0,
              attributes: { id: 'extra', bucket: 'extra' },
              sensitive_attributes: [],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'other.tfstate'), JSON.stringify(other));
    const { code, stdout } = await run(
      [
        'scan',
        '--state',
        'terraform.tfstate',
        '--state',
        'other.tfstate',
        '--snapshot',
        'live.json',
        '-q',
        '--format',
        'json',
      ],
      dir,
    );
    expect(code).toBe(2);
    const report = parseReport(stdout);
    expect(report.states).toHaveLength(2);
    expect(report.resources.find((r) => r.address === 'aws_s3_bucket.extra')?.status).toBe(
      'missing',
    );
    expect(report.summary.total).toBe(5);
  });
});
