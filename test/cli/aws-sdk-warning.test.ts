/**
 * On Node 20 the AWS SDK prints an eight-line `NodeVersionSupportWarning` the first time a
 * client is made: once per `tfdrift scan --aws`, on every run. The CLI switches it off through
 * the SDK's documented `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED` variable unless the
 * user set that variable. This runs the real CLI process against a local EC2 endpoint and
 * reads its stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyEc2Model, OWNER, startEc2Server, type FakeEc2 } from '../aws/servers/ec2-server.js';
import { spawnCli, workspace } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
let ec2: FakeEc2;

beforeAll(async () => {
  ({ dir, cleanup } = workspace());
  ec2 = await startEc2Server(emptyEc2Model());
  ec2.model.groups.set('sg-0a1', {
    groupId: 'sg-0a1',
    groupName: 'web',
    description: 'web',
    vpcId: 'vpc-1',
    tags: { Name: 'web' },
  });
  const state = {
    version: 4,
    terraform_version: '1.9.8',
    serial: 1,
    lineage: 'sdk-warning',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_security_group',
        name: 'web',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 1,
            attributes: {
              id: 'sg-0a1',
              name: 'web',
              description: 'web',
              vpc_id: 'vpc-1',
              owner_id: OWNER,
              tags: { Name: 'web' },
              tags_all: { Name: 'web' },
              ingress: [],
              egress: [],
            },
            sensitive_attributes: [],
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'sg.tfstate'), JSON.stringify(state));
});
afterAll(async () => {
  await ec2?.close();
  cleanup?.();
});

function scanAws(extraEnv: Record<string, string> = {}) {
  return spawnCli(['scan', '--state', 'sg.tfstate', '--aws', '--format', 'json', '-q'], dir, {
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_EC2: ec2.url,
    ...extraEnv,
  }).done;
}

describe('the AWS SDK Node version warning', () => {
  it('is not printed by tfdrift scan --aws', async () => {
    const { code, stdout, stderr } = await scanAws();
    const report = JSON.parse(stdout) as { resources: { address: string; status: string }[] };
    // The SDK really made a client and called the endpoint: the scan read the group.
    expect(report.resources).toEqual([
      expect.objectContaining({ address: 'aws_security_group.web', status: 'in-sync' }),
    ]);
    expect(ec2.calls.get('DescribeSecurityGroups')).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(stderr).toBe('');
  });

  it.runIf(Number(process.versions.node.split('.')[0]) < 22)(
    'is left to the SDK when the user set the variable (here, on Node < 22, the SDK prints it)',
    async () => {
      const { stderr } = await scanAws({
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
      });
      expect(stderr).toMatch(/NodeVersionSupportWarning/);
    },
  );
});
