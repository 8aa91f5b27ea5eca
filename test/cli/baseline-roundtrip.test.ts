/**
 * `tfdrift baseline` then `tfdrift scan` must be in sync, whatever the shape of the drift:
 * set elements added or removed (`/ingress/-`), list appends, changes inside set elements,
 * map keys (with `/` and `~` in them), whole attributes. Running baseline again adds nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './cli-harness.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tfdrift-baseline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rule = (port: number, cidr: string) => ({
  from_port: port,
  to_port: port,
  protocol: 'tcp',
  cidr_blocks: [cidr],
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  security_groups: [],
  self: false,
  description: '',
});

const stateAttributes: Record<string, Record<string, unknown>> = {
  'aws_security_group.web': {
    id: 'sg-1',
    name: 'web',
    ingress: [rule(443, '0.0.0.0/0'), rule(80, '10.0.0.0/8')],
    egress: [],
    tags: { Team: 'a' },
  },
  'aws_instance.app': {
    id: 'i-1',
    instance_type: 't3.micro',
    secondary_private_ips: ['10.0.0.5'],
    root_block_device: [{ volume_size: 8, volume_type: 'gp3' }],
    tags: { Name: 'app', 'a/b': 'x', 'c~d': 'y' },
  },
  'aws_iam_role.ci': {
    id: 'ci',
    name: 'ci',
    managed_policy_arns: ['arn:aws:iam::aws:policy/A'],
    description: 'CI role',
  },
};

const live: Record<string, Record<string, unknown>> = {
  'aws_security_group.web': {
    ...stateAttributes['aws_security_group.web'],
    // One rule added out of band (a set element), one changed inside an element.
    ingress: [rule(443, '0.0.0.0/0'), rule(80, '10.0.0.0/16'), rule(22, '1.2.3.4/32')],
    tags: { Team: 'a', Owner: 'eve' },
  },
  'aws_instance.app': {
    ...stateAttributes['aws_instance.app'],
    instance_type: 't3.large',
    secondary_private_ips: ['10.0.0.5', '10.0.0.6'],
    root_block_device: [{ volume_size: 20, volume_type: 'gp3' }],
    tags: { Name: 'app', 'a/b': 'changed', Added: 'z' },
  },
  'aws_iam_role.ci': {
    id: 'ci',
    name: 'ci',
    managed_policy_arns: [],
    description: 'CI role',
    max_session_duration: 7200,
  },
};

function writeFixtures(): void {
  const resources = Object.entries(stateAttributes).map(([address, attributes]) => {
    const [type, name] = address.split('.') as [string, string];
    return {
      mode: 'managed',
      type,
      name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes }],
    };
  });
  writeFileSync(
    join(dir, 'terraform.tfstate'),
    JSON.stringify({ version: 4, serial: 1, lineage: 'b', outputs: {}, resources }),
  );
  writeFileSync(
    join(dir, 'live.json'),
    JSON.stringify({
      resources: Object.fromEntries(
        Object.entries(live).map(([address, attributes]) => [address, { attributes }]),
      ),
    }),
  );
}

describe('baseline round trip', () => {
  it('baseline, then scan: exit 0; baseline again: no new rule', async () => {
    writeFixtures();
    const before = await run(['scan', '--snapshot', 'live.json', '-q', '--format', 'json'], dir);
    expect(before.code).toBe(2);
    const paths = (
      JSON.parse(before.stdout) as { resources: { changes: { path: string }[] }[] }
    ).resources.flatMap((r) => r.changes.map((c) => c.path));
    // The shapes this test is about are really in the drift.
    expect(paths).toEqual(
      expect.arrayContaining([
        '/ingress/-',
        '/ingress/1',
        '/secondary_private_ips/-',
        '/managed_policy_arns/0',
        '/tags/a~1b',
        '/tags/c~0d',
        '/root_block_device/0/volume_size',
      ]),
    );

    const first = await run(['baseline', '--snapshot', 'live.json', '-q'], dir);
    expect(first.code).toBe(0);
    const after = await run(['scan', '--snapshot', 'live.json', '-q'], dir);
    expect(after.stdout).toMatch(/^No drift: /);
    expect(after.code).toBe(0);

    const text = readFileSync(join(dir, '.driftignore'), 'utf8');
    // Positions become the list (an element) or `*` (inside an element); keys stay escaped.
    expect(text).toContain('aws_security_group.web /ingress\n');
    expect(text).toContain('aws_instance.app /secondary_private_ips\n');
    expect(text).toContain('aws_instance.app /root_block_device/*/volume_size\n');
    expect(text).toContain('aws_instance.app /tags/a~1b\n');
    expect(text).toContain('aws_iam_role.ci /managed_policy_arns\n');
    const second = await run(['baseline', '--snapshot', 'live.json'], dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('no new rules');
    expect(readFileSync(join(dir, '.driftignore'), 'utf8')).toBe(text);
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(new Set(lines).size).toBe(lines.length);
  });
});
