import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { fakeProvider, type Live } from './fake-providers.js';

const dir = mkdtempSync(join(tmpdir(), 'tfdrift-detect-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configDir(name: string, tf: string): string {
  const real = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(real, 'main.tf'), tf);
  return real;
}

const web = makeInstance({
  type: 'aws_instance',
  name: 'web',
  attributes: { id: 'i-1', instance_type: 't3.micro', ami: 'ami-1' },
});
const live = new Map<string, Live>([
  [web.address, { id: 'i-1', instance_type: 't3.micro', ami: 'ami-2' }],
]);

describe('detectDrift({ config })', () => {
  it('honours ignore_changes and reports resources declared but not in state', async () => {
    const config = configDir(
      'ok',
      `resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  lifecycle {
    ignore_changes = [ami]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
`,
    );
    const plain = await detectDrift({
      state: makeState([web]),
      providers: [fakeProvider({ types: ['aws_instance'], live })],
    });
    expect(plain.resources[0]?.status).toBe('drifted');
    const report = await detectDrift({
      state: makeState([web]),
      config,
      providers: [fakeProvider({ types: ['aws_instance'], live })],
    });
    expect(report.resources[0]?.status).toBe('in-sync');
    expect(report.alerts).toContainEqual(
      expect.objectContaining({ code: 'declared-not-in-state', addresses: ['aws_s3_bucket.logs'] }),
    );
  });

  it('continues with a config-unreadable alert when the configuration is broken and a state was given', async () => {
    const config = configDir('broken', 'resource "aws_instance" "web" {\n  ami = \n');
    const report = await detectDrift({
      state: makeState([web]),
      config,
      providers: [fakeProvider({ types: ['aws_instance'], live })],
    });
    expect(report.alerts.map((a) => a.code)).toContain('config-unreadable');
    expect(report.resources[0]?.status).toBe('drifted');
    await expect(detectDrift({ config, providers: [] })).rejects.toMatchObject({
      code: 'CONFIG_PARSE',
    });
  });
});
