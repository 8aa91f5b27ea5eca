import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workspace()));
afterAll(() => cleanup());

describe('tfdrift scan --remediation', () => {
  it('suggests replacing drift by default, and reverting with --remediation revert', async () => {
    const replace = await run(['scan', '--snapshot', 'live.json', '-q'], dir);
    expect(replace.stdout).toMatch(/\$ terraform apply -replace='aws_s3_bucket\.[^']+'/);
    expect(replace.stdout).toContain("$ terraform apply -target='aws_instance.web'");
    const revert = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--remediation', 'revert'],
      dir,
    );
    expect(revert.stdout).not.toContain('-replace=');
    expect(revert.stdout).toMatch(/\$ terraform apply -target='aws_s3_bucket\.[^']+'/);
    expect(revert.code).toBe(2);
  });

  it('is a usage error for any other policy', async () => {
    const { code, stderr } = await run(
      ['scan', '--snapshot', 'live.json', '-q', '--remediation', 'destroy'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toContain("--remediation must be replace or revert, got 'destroy'");
  });
});
