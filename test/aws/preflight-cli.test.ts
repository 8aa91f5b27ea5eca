/**
 * `tfdrift scan --aws` as a user runs it, in a real process whose AWS settings come from the
 * environment: without credentials, or with credentials STS rejects, it prints one line and
 * exits 1 before reading anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/cli-harness.js';
import { startEc2Server } from './servers/ec2-server.js';
import type { FakeEc2 } from './servers/ec2-server.js';
import type { FakeServer } from './servers/fake-http.js';
import { rejectNextIdentity, startStsServer } from './servers/sts-server.js';

let ec2: FakeEc2;
let sts: FakeServer;
let dir: string;
beforeAll(async () => {
  [ec2, sts] = await Promise.all([startEc2Server(), startStsServer()]);
  dir = mkdtempSync(join(tmpdir(), 'tfdrift-aws-cli-'));
  const vpc = (name: string, id: string) => ({
    mode: 'managed',
    type: 'aws_vpc',
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 1, attributes: { id, cidr_block: '10.0.0.0/16' } }],
  });
  writeFileSync(
    join(dir, 'terraform.tfstate'),
    JSON.stringify({
      version: 4,
      terraform_version: '1.9.8',
      serial: 1,
      lineage: 'aws-cli',
      outputs: {},
      resources: Array.from({ length: 50 }, (_, i) => vpc(`v${i}`, `vpc-${i}`)),
    }),
  );
});
afterAll(async () => {
  await Promise.all([ec2.close(), sts.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** An environment with no AWS credentials anywhere, and every endpoint on 127.0.0.1. */
function awsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_EC2: ec2.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    ...extra,
  };
}

/** tfdrift's own stderr lines (the AWS SDK may add a Node version warning of its own). */
const ours = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.startsWith('tfdrift:'));

describe.concurrent('tfdrift scan --aws preflight', () => {
  it('no credentials: one line, exit 1, no read', async () => {
    const { code, stdout, stderr } = await spawnCli(['scan', '--aws', '-q'], dir, awsEnv()).done;
    expect(stdout).toBe('');
    expect(ours(stderr)).toHaveLength(1);
    expect(ours(stderr)[0]).toMatch(/^tfdrift: No usable AWS credentials: .*\[PROVIDER_CONFIG\]$/);
    expect(code).toBe(1);
    expect(ec2.requests).toHaveLength(0);
  });

  it('rejected credentials: one line, exit 1, no read', async () => {
    rejectNextIdentity(sts);
    const { code, stderr } = await spawnCli(
      ['scan', '--aws', '-q'],
      dir,
      awsEnv({ AWS_ACCESS_KEY_ID: 'AKIDREJECTED', AWS_SECRET_ACCESS_KEY: 'rejected-secret' }),
    ).done;
    expect(ours(stderr)).toHaveLength(1);
    expect(ours(stderr)[0]).toMatch(
      /^tfdrift: AWS rejected the credentials \(InvalidClientTokenId\): .*\[PROVIDER_CONFIG\]$/,
    );
    expect(stderr).not.toContain('rejected-secret');
    expect(code).toBe(1);
    expect(ec2.requests).toHaveLength(0);
    expect(sts.requests.length).toBeGreaterThan(0);
  });
});
