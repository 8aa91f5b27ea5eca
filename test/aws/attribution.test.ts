import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/index.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import { context, instance, state } from './helpers.js';
import { cloudtrailError } from './servers/cloudtrail-server.js';

let env: AwsEnvironment;

const group = (id: string, tags: Record<string, string>) =>
  instance(`aws_security_group`, id.replace('-', '_'), {
    id,
    name: id,
    description: '',
    vpc_id: 'vpc-1',
    ingress: [],
    egress: [],
    tags,
    tags_all: tags,
  });

/** What attribution is asked about: `target` as the AWS provider reported it, drifted. */
const driftedTarget = (target: ResourceInstance) => ({
  instance: target,
  report: {
    address: target.address,
    type: target.type,
    provider: 'aws',
    id: target.id,
    status: 'drifted' as const,
    patch: [],
    changes: [],
  },
});

beforeAll(async () => {
  env = await startAwsEnvironment();
  for (const id of ['sg-changed', 'sg-same']) {
    env.ec2.model.groups.set(id, {
      groupId: id,
      groupName: id,
      description: '',
      vpcId: 'vpc-1',
      tags: { Owner: 'infra' },
    });
  }
  env.cloudtrail.events.push(
    {
      resourceName: 'sg-changed',
      eventName: 'CreateTags',
      username: 'alice',
      time: new Date('2026-11-20T10:00:00Z'),
      readOnly: false,
      principalArn: 'arn:aws:sts::123456789012:assumed-role/admin/alice',
    },
    {
      resourceName: 'sg-changed',
      eventName: 'DescribeSecurityGroups',
      username: 'bob',
      time: new Date('2026-11-21T10:00:00Z'),
      readOnly: true,
      principalArn: 'arn:aws:iam::123456789012:user/bob',
    },
    {
      resourceName: 'sg-changed',
      eventName: 'CreateSecurityGroup',
      username: 'terraform',
      time: new Date('2026-01-01T00:00:00Z'),
      readOnly: false,
      principalArn: 'arn:aws:iam::123456789012:user/terraform',
    },
  );
});
afterAll(async () => env.close());

describe('CloudTrail attribution', () => {
  it('is off by default: no attribute hook, no CloudTrail call', async () => {
    expect(env.provider().attribute).toBeUndefined();
  });

  it('attributes only drifted resources, with the latest write event', async () => {
    const provider = env.provider({ attribution: true });
    const before = env.cloudtrail.calls.get('LookupEvents') ?? 0;
    const report = await detectDrift({
      state: state([
        group('sg-changed', { Owner: 'platform' }),
        group('sg-same', { Owner: 'infra' }),
      ]),
      providers: [provider],
    });
    const [changed, same] = report.resources;
    expect(changed?.status).toBe('drifted');
    expect(changed?.details?.attribution).toEqual({
      user: 'alice',
      principalArn: 'arn:aws:sts::123456789012:assumed-role/admin/alice',
      time: '2026-11-20T10:00:00.000Z',
      eventName: 'CreateTags',
      eventSource: 'ec2.amazonaws.com',
      eventId: 'evt-1',
    });
    expect(same?.status).toBe('in-sync');
    expect(same?.details).toBeUndefined();
    expect(env.cloudtrail.calls.get('LookupEvents')! - before).toBe(1);
  });

  it('adds nothing when CloudTrail has no write event for a drifted resource', async () => {
    env.ec2.model.groups.set('sg-quiet', {
      groupId: 'sg-quiet',
      groupName: 'sg-quiet',
      description: '',
      vpcId: 'vpc-1',
      tags: { Owner: 'infra' },
    });
    const report = await detectDrift({
      state: state([group('sg-quiet', { Owner: 'someone-else' })]),
      providers: [env.provider({ attribution: true })],
    });
    expect(report.resources[0]?.status).toBe('drifted');
    expect(report.resources[0]?.details).toBeUndefined();
    expect(report.alerts).toEqual([]);
  });

  it('asks CloudTrail at 2 requests per second per account and region, and records a failed lookup', async () => {
    const provider = env.provider({ attribution: true });
    const ctx = context();
    env.cloudtrail.fail(
      'LookupEvents',
      cloudtrailError(400, 'ThrottlingException', 'Rate exceeded'),
      1,
    );
    const targets = [group('sg-changed', {}), group('sg-same', {})].map(driftedTarget);
    const answers = await provider.attribute!(targets, ctx);
    expect(ctx.limits.filter((l) => l.key.endsWith(':cloudtrail'))).toEqual([
      { key: 'aws:123456789012:us-east-1:cloudtrail', rate: 2 },
      { key: 'aws:123456789012:us-east-1:cloudtrail', rate: 2 },
    ]);
    // One lookup was throttled: that resource carries the error, the other its attribution or nothing.
    const errors = answers.filter(
      (a) => (a.details.attribution as { error?: unknown }).error !== undefined,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.details).toMatchObject({
      attribution: { error: { code: 'ThrottlingException' } },
    });
  });

  it('looks up a standalone rule by its security group (its own id is synthetic)', async () => {
    const provider = env.provider({ attribution: true });
    const rule = instance('aws_security_group_rule', 'r', {
      id: 'sgrule-2641',
      security_group_id: 'sg-changed',
    });
    const [answer] = await provider.attribute!([driftedTarget(rule)], context());
    expect(answer?.details).toMatchObject({
      attribution: { user: 'alice', eventName: 'CreateTags' },
    });
  });

  it('pages past read-only events (bounded) to find the last write', async () => {
    env.ec2.model.groups.set('sg-busy', {
      groupId: 'sg-busy',
      groupName: 'sg-busy',
      description: '',
      vpcId: 'vpc-1',
      tags: {},
    });
    env.cloudtrail.events.push({
      resourceName: 'sg-busy',
      eventName: 'RevokeSecurityGroupIngress',
      username: 'carol',
      time: new Date('2026-11-01T00:00:00Z'),
      readOnly: false,
      principalArn: 'arn:aws:iam::123456789012:user/carol',
    });
    for (let i = 0; i < 60; i++) {
      env.cloudtrail.events.push({
        resourceName: 'sg-busy',
        eventName: 'DescribeSecurityGroupRules',
        username: 'scanner',
        time: new Date(Date.UTC(2026, 10, 2, 0, i)),
        readOnly: true,
        principalArn: 'arn:aws:iam::123456789012:user/scanner',
      });
    }
    const busy = group('sg-busy', {});
    const before = env.cloudtrail.calls.get('LookupEvents') ?? 0;
    const [answer] = await env.provider({ attribution: true }).attribute!(
      [driftedTarget(busy)],
      context(),
    );
    expect(answer?.details).toMatchObject({
      attribution: { user: 'carol', eventName: 'RevokeSecurityGroupIngress' },
    });
    expect(env.cloudtrail.calls.get('LookupEvents')! - before).toBe(2);
  });
});
