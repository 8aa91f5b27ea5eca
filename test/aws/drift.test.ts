/**
 * End to end through the public `detectDrift`: for every supported type, an unchanged
 * resource is in-sync (including reordered rules and re-serialized policies) and an
 * out-of-band change is drifted with the right pointer.
 */
import { CreateTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/index.js';
import type { ResourceInstance } from '../../src/model/state.js';
import type { DriftReport } from '../../src/model/report.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';
import {
  allowAllEgress,
  fakeInstance,
  fakeSubnet,
  fakeVpc,
  instanceDefaultAttributes,
  securityGroupRule,
} from './fixtures.js';
import { instance, state } from './helpers.js';
import { ec2Error, OWNER } from './servers/ec2-server.js';

let env: AwsEnvironment;

beforeAll(async () => {
  env = await startAwsEnvironment();
});
afterAll(async () => env.close());

async function scan(
  resources: ResourceInstance[],
  options: Partial<Parameters<typeof detectDrift>[0]> = {},
): Promise<DriftReport> {
  const provider = env.provider();
  try {
    return await detectDrift({
      state: state(resources),
      providers: [provider],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
  } finally {
    await provider.close?.();
  }
}

function only(report: DriftReport) {
  expect(report.resources).toHaveLength(1);
  return report.resources[0]!;
}

function paths(report: DriftReport): string[] {
  return only(report).changes.map((c) => c.path);
}

describe('EC2 drift', () => {
  beforeAll(() => {
    const m = env.ec2.model;
    m.groups.set('sg-web', {
      groupId: 'sg-web',
      groupName: 'web',
      description: 'Managed by Terraform',
      vpcId: 'vpc-1',
      tags: { Name: 'web' },
    });
    m.rules.push(
      {
        ruleId: 'sgr-a',
        groupId: 'sg-web',
        isEgress: false,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '10.0.0.0/8',
      },
      {
        ruleId: 'sgr-b',
        groupId: 'sg-web',
        isEgress: false,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '172.16.0.0/12',
      },
      {
        ruleId: 'sgr-c',
        groupId: 'sg-web',
        isEgress: false,
        ipProtocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        cidrIpv4: '0.0.0.0/0',
        description: 'http',
      },
      {
        ruleId: 'sgr-d',
        groupId: 'sg-web',
        isEgress: true,
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      },
    );
    m.instances.set(
      'i-web',
      fakeInstance('i-web', {
        subnetId: 'subnet-a',
        groupIds: ['sg-web'],
        tags: { Name: 'web', Env: 'prod' },
      }),
    );
    m.vpcs.set('vpc-1', fakeVpc('vpc-1', { tags: { Env: 'prod' } }));
    m.subnets.set('subnet-a', fakeSubnet('subnet-a'));
  });

  const webInstance = () =>
    instance('aws_instance', 'web', {
      id: 'i-web',
      arn: `arn:aws:ec2:us-east-1:${OWNER}:instance/i-web`,
      ami: 'ami-1',
      instance_type: 't3.micro',
      availability_zone: 'us-east-1a',
      subnet_id: 'subnet-a',
      vpc_security_group_ids: ['sg-web'],
      private_ip: '10.0.1.5',
      ...instanceDefaultAttributes(),
      instance_state: 'running',
      public_ip: '54.1.2.3',
      user_data: null,
      tags: { Name: 'web', Env: 'prod' },
      tags_all: { Name: 'web', Env: 'prod' },
    });

  // Terraform's order of the set elements is its own; the rules are listed differently here.
  const webGroup = () =>
    instance('aws_security_group', 'web', {
      id: 'sg-web',
      arn: `arn:aws:ec2:us-east-1:${OWNER}:security-group/sg-web`,
      name: 'web',
      description: 'Managed by Terraform',
      vpc_id: 'vpc-1',
      owner_id: OWNER,
      revoke_rules_on_delete: false,
      name_prefix: '',
      tags: { Name: 'web' },
      tags_all: { Name: 'web' },
      ingress: [
        securityGroupRule({
          cidr_blocks: ['0.0.0.0/0'],
          description: 'http',
          from_port: 80,
          protocol: 'tcp',
          to_port: 80,
        }),
        securityGroupRule({
          cidr_blocks: ['172.16.0.0/12', '10.0.0.0/8'],
          from_port: 443,
          protocol: 'tcp',
          to_port: 443,
        }),
      ],
      egress: [allowAllEgress()],
    });

  it('an unchanged instance is in-sync; a changed instance type and an edited tag are drifted', async () => {
    expect(only(await scan([webInstance()])).status).toBe('in-sync');
    const live = env.ec2.model.instances.get('i-web')!;
    live.instanceType = 't3.large';
    live.tags = { ...live.tags, Env: 'staging' };
    const report = await scan([webInstance()]);
    expect(only(report).status).toBe('drifted');
    expect(paths(report).sort()).toEqual(['/instance_type', '/tags_all/Env']);
    live.instanceType = 't3.micro';
    live.tags = { Name: 'web', Env: 'prod' };
  });

  it('a state from an older provider without the newer metadata options is in-sync', async () => {
    const old = webInstance();
    old.attributes.metadata_options = [
      { http_endpoint: 'enabled', http_put_response_hop_limit: 2, http_tokens: 'required' },
    ];
    expect(only(await scan([old])).status).toBe('in-sync');
  });

  it('a security group with reordered rules is in-sync; an added ingress rule is drifted', async () => {
    expect(only(await scan([webGroup()])).status).toBe('in-sync');
    env.ec2.model.rules.push({
      ruleId: 'sgr-ssh',
      groupId: 'sg-web',
      isEgress: false,
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIpv4: '0.0.0.0/0',
    });
    const report = await scan([webGroup()]);
    expect(only(report).status).toBe('drifted');
    expect(paths(report).every((p) => p.startsWith('/ingress'))).toBe(true);
    expect(JSON.stringify(only(report).changes)).toContain('"from_port":22');
    env.ec2.model.rules = env.ec2.model.rules.filter((r) => r.ruleId !== 'sgr-ssh');
  });

  it('standalone and sgr- rules: in-sync, then drifted (description, CIDR) or missing (revoked)', async () => {
    const standalone = () =>
      instance('aws_security_group_rule', 'http', {
        id: 'sgrule-123',
        type: 'ingress',
        security_group_id: 'sg-web',
        protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        cidr_blocks: ['0.0.0.0/0'],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        self: false,
        source_security_group_id: null,
        description: 'http',
        security_group_rule_id: 'sgr-c',
      });
    const vpcRule = () =>
      instance('aws_vpc_security_group_ingress_rule', 'https', {
        id: 'sgr-a',
        security_group_rule_id: 'sgr-a',
        arn: `arn:aws:ec2:us-east-1:${OWNER}:security-group-rule/sgr-a`,
        security_group_id: 'sg-web',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.0.0.0/8',
        cidr_ipv6: null,
        description: null,
        prefix_list_id: null,
        referenced_security_group_id: null,
        tags: null,
        tags_all: {},
      });
    const before = await scan([standalone(), vpcRule()]);
    expect(before.resources.map((r) => r.status)).toEqual(['in-sync', 'in-sync']);
    const rule = env.ec2.model.rules.find((r) => r.ruleId === 'sgr-c')!;
    rule.description = 'changed by hand';
    const https = env.ec2.model.rules.find((r) => r.ruleId === 'sgr-a')!;
    https.cidrIpv4 = '10.1.0.0/16';
    const after = await scan([standalone(), vpcRule()]);
    expect(after.resources.map((r) => [r.status, r.changes.map((c) => c.path)])).toEqual([
      ['drifted', ['/description']],
      ['drifted', ['/cidr_ipv4']],
    ]);
    https.cidrIpv4 = '10.0.0.0/8';
    env.ec2.model.rules = env.ec2.model.rules.filter((r) => r !== rule);
    expect(only(await scan([standalone()])).status).toBe('missing');
    env.ec2.model.rules.push({ ...rule, description: 'http' });
  });

  it('an sgr- egress rule is in-sync, then drifted when opened to all protocols', async () => {
    const egress = () =>
      instance('aws_vpc_security_group_egress_rule', 'all', {
        id: 'sgr-d',
        security_group_rule_id: 'sgr-d',
        arn: `arn:aws:ec2:us-east-1:${OWNER}:security-group-rule/sgr-d`,
        security_group_id: 'sg-web',
        ip_protocol: '-1',
        from_port: null,
        to_port: null,
        cidr_ipv4: '0.0.0.0/0',
        cidr_ipv6: null,
        description: null,
        prefix_list_id: null,
        referenced_security_group_id: null,
        tags: null,
        tags_all: {},
      });
    expect(only(await scan([egress()])).status).toBe('in-sync');
    const rule = env.ec2.model.rules.find((r) => r.ruleId === 'sgr-d')!;
    Object.assign(rule, { ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
    const report = await scan([egress()]);
    expect(paths(report).sort()).toEqual(['/from_port', '/ip_protocol', '/to_port']);
    Object.assign(rule, { ipProtocol: '-1', fromPort: undefined, toPort: undefined });
  });

  it('VPC and subnet: in-sync, then drifted on a tag, a DNS flag and map_public_ip_on_launch', async () => {
    const vpc = () =>
      instance('aws_vpc', 'main', {
        id: 'vpc-1',
        arn: `arn:aws:ec2:us-east-1:${OWNER}:vpc/vpc-1`,
        cidr_block: '10.0.0.0/16',
        instance_tenancy: 'default',
        enable_dns_support: true,
        enable_dns_hostnames: false,
        dhcp_options_id: 'dopt-1',
        owner_id: OWNER,
        ipv6_cidr_block: '',
        main_route_table_id: 'rtb-1',
        tags: { Env: 'prod' },
        tags_all: { Env: 'prod' },
      });
    const subnet = () =>
      instance('aws_subnet', 'a', {
        id: 'subnet-a',
        arn: `arn:aws:ec2:us-east-1:${OWNER}:subnet/subnet-a`,
        vpc_id: 'vpc-1',
        cidr_block: '10.0.1.0/24',
        availability_zone: 'us-east-1a',
        availability_zone_id: 'use1-az1',
        map_public_ip_on_launch: false,
        assign_ipv6_address_on_creation: false,
        ipv6_cidr_block: '',
        owner_id: OWNER,
        tags: {},
        tags_all: {},
      });
    const before = await scan([vpc(), subnet()]);
    expect(before.resources.map((r) => r.status)).toEqual(['in-sync', 'in-sync']);
    env.ec2.model.vpcs.get('vpc-1')!.tags = { Env: 'dev' };
    env.ec2.model.vpcs.get('vpc-1')!.enableDnsHostnames = true;
    env.ec2.model.subnets.get('subnet-a')!.mapPublicIpOnLaunch = true;
    const after = await scan([vpc(), subnet()]);
    expect(after.resources.map((r) => [r.address, r.status, r.changes.map((c) => c.path)])).toEqual(
      [
        ['aws_subnet.a', 'drifted', ['/map_public_ip_on_launch']],
        ['aws_vpc.main', 'drifted', ['/enable_dns_hostnames', '/tags_all/Env']],
      ],
    );
    env.ec2.model.vpcs.get('vpc-1')!.tags = { Env: 'prod' };
    env.ec2.model.vpcs.get('vpc-1')!.enableDnsHostnames = false;
    env.ec2.model.subnets.get('subnet-a')!.mapPublicIpOnLaunch = false;
  });

  it('a terminated instance is missing; throttling and access denied are unknown, never missing', async () => {
    env.ec2.model.instances.set('i-dead', {
      ...env.ec2.model.instances.get('i-web')!,
      instanceId: 'i-dead',
      state: 'terminated',
    });
    const dead = instance('aws_instance', 'dead', { id: 'i-dead' });
    expect(only(await scan([dead])).status).toBe('missing');

    env.ec2.fail(
      'DescribeInstances',
      ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.'),
      10,
    );
    const throttled = only(await scan([webInstance()]));
    expect(throttled.status).toBe('unknown');
    expect(throttled.error).toMatchObject({ code: 'RequestLimitExceeded', retryable: true });
    env.ec2.fail('DescribeInstances', ec2Error(503, 'RequestLimitExceeded', ''), 0);

    env.ec2.fail(
      'DescribeSecurityGroups',
      ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      1,
    );
    const denied = only(await scan([webGroup()]));
    expect(denied.status).toBe('unknown');
    expect(denied.error?.code).toBe('UnauthorizedOperation');
    expect(denied.error?.message).toContain('ec2:DescribeSecurityGroups');
  });
});

describe('S3 drift', () => {
  const POLICY = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'deny',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::data/*'],
      },
    ],
  };
  beforeAll(() => {
    env.s3.buckets.set('data', {
      versioning: 'Enabled',
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' },
      publicAccessBlock: {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      policy: JSON.stringify(POLICY),
      tags: { Team: 'data' },
    });
  });

  const resources = () => [
    instance('aws_s3_bucket', 'data', {
      id: 'data',
      bucket: 'data',
      arn: 'arn:aws:s3:::data',
      bucket_domain_name: 'data.s3.amazonaws.com',
      region: 'us-east-1',
      force_destroy: false,
      tags: { Team: 'data' },
      tags_all: { Team: 'data' },
      versioning: [{ enabled: true, mfa_delete: false }],
    }),
    instance('aws_s3_bucket_versioning', 'data', {
      id: 'data',
      bucket: 'data',
      expected_bucket_owner: '',
      mfa: null,
      versioning_configuration: [{ status: 'Enabled', mfa_delete: '' }],
    }),
    instance('aws_s3_bucket_server_side_encryption_configuration', 'data', {
      id: 'data',
      bucket: 'data',
      expected_bucket_owner: '',
      rule: [
        {
          apply_server_side_encryption_by_default: [
            {
              kms_master_key_id: 'arn:aws:kms:us-east-1:123456789012:key/k1',
              sse_algorithm: 'aws:kms',
            },
          ],
          bucket_key_enabled: false,
        },
      ],
    }),
    instance('aws_s3_bucket_public_access_block', 'data', {
      id: 'data',
      bucket: 'data',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    }),
    // Re-serialized: other key order, whitespace, and a one-element list as a string.
    instance('aws_s3_bucket_policy', 'data', {
      id: 'data',
      bucket: 'data',
      policy: `{\n  "Statement": [ { "Resource": "arn:aws:s3:::data/*", "Action": ["s3:*"], "Principal": "*", "Effect": "Deny", "Sid": "deny" } ],\n  "Version": "2012-10-17"\n}`,
    }),
  ];

  it('unchanged bucket configuration is in-sync (policy compared semantically)', async () => {
    const report = await scan(resources());
    expect(report.resources.map((r) => [r.address, r.status])).toEqual(
      resources()
        .map((r) => [r.address, 'in-sync'])
        .sort(),
    );
  });

  it('suspended versioning, a changed algorithm, a loosened block, an edited policy and tag are drifted', async () => {
    const bucket = env.s3.buckets.get('data')!;
    bucket.versioning = 'Suspended';
    bucket.encryption = { algorithm: 'AES256' };
    bucket.publicAccessBlock = { ...bucket.publicAccessBlock!, blockPublicAcls: false };
    bucket.policy = JSON.stringify({
      ...POLICY,
      Statement: [{ ...POLICY.Statement[0], Effect: 'Allow' }],
    });
    bucket.tags = { Team: 'other' };
    const report = await scan(resources());
    const byAddress = Object.fromEntries(report.resources.map((r) => [r.address, r]));
    expect(byAddress['aws_s3_bucket_versioning.data']?.changes.map((c) => c.path)).toEqual([
      '/versioning_configuration/0/status',
    ]);
    expect(byAddress['aws_s3_bucket_versioning.data']?.changes[0]).toMatchObject({
      expected: 'Enabled',
      actual: 'Suspended',
    });
    expect(byAddress['aws_s3_bucket_server_side_encryption_configuration.data']?.status).toBe(
      'drifted',
    );
    expect(
      JSON.stringify(byAddress['aws_s3_bucket_server_side_encryption_configuration.data']?.changes),
    ).toContain('AES256');
    expect(byAddress['aws_s3_bucket_public_access_block.data']?.changes.map((c) => c.path)).toEqual(
      ['/block_public_acls'],
    );
    expect(byAddress['aws_s3_bucket_policy.data']?.status).toBe('drifted');
    expect(
      byAddress['aws_s3_bucket_policy.data']?.changes.every((c) => c.path.startsWith('/policy')),
    ).toBe(true);
    expect(byAddress['aws_s3_bucket.data']?.changes.map((c) => c.path)).toEqual(['/tags_all/Team']);
  });
});

describe('IAM, RDS, Lambda and DynamoDB drift', () => {
  const TRUST = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  const POLICY_ARN = 'arn:aws:iam::123456789012:policy/app-read';
  const DOC = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
  };

  beforeAll(async () => {
    env.iam.model.roles.set('app', {
      name: 'app',
      assumeRolePolicy: JSON.stringify(TRUST),
      tags: { Team: 'a' },
      attached: [POLICY_ARN],
    });
    env.iam.model.policies.set(POLICY_ARN, {
      arn: POLICY_ARN,
      name: 'app-read',
      document: JSON.stringify(DOC),
    });
    env.rds.dbs.set('orders', {
      identifier: 'orders',
      resourceId: 'db-ORDERS',
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      securityGroups: ['sg-db'],
      tags: { Env: 'prod' },
      deletionProtection: true,
    });
    env.lambda.functions.set('api', {
      name: 'api',
      runtime: 'nodejs20.x',
      memorySize: 256,
      timeout: 10,
      environment: { TOKEN: 'hunter2' },
      tags: {},
    });
    await env.dynamodb.send(
      new CreateTableCommand({
        TableName: 'sessions',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
  });

  const resources = () => [
    instance('aws_iam_role', 'app', {
      id: 'app',
      name: 'app',
      arn: 'arn:aws:iam::123456789012:role/app',
      path: '/',
      description: '',
      max_session_duration: 3600,
      permissions_boundary: null,
      unique_id: 'AROAAPP',
      create_date: '2024-01-01T00:00:00Z',
      force_detach_policies: false,
      managed_policy_arns: [POLICY_ARN],
      inline_policy: [],
      // Re-serialized trust policy: other order, spacing, and the Action as a list.
      assume_role_policy:
        '{"Statement":[{"Action":["sts:AssumeRole"],"Principal":{"Service":"lambda.amazonaws.com"},"Effect":"Allow"}],"Version":"2012-10-17"}',
      tags: { Team: 'a' },
      tags_all: { Team: 'a' },
    }),
    instance('aws_iam_policy', 'read', {
      id: POLICY_ARN,
      arn: POLICY_ARN,
      name: 'app-read',
      path: '/',
      description: '',
      policy_id: 'ANPAAPP-READ',
      attachment_count: 1,
      tags: {},
      tags_all: {},
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: '*' }],
      }),
    }),
    instance('aws_iam_role_policy_attachment', 'read', {
      id: `app/${POLICY_ARN}`,
      role: 'app',
      policy_arn: POLICY_ARN,
    }),
    instance(
      'aws_db_instance',
      'orders',
      {
        id: 'db-ORDERS',
        identifier: 'orders',
        resource_id: 'db-ORDERS',
        arn: 'arn:aws:rds:us-east-1:123456789012:db:orders',
        engine: 'postgres',
        engine_version: '16',
        instance_class: 'db.t3.micro',
        allocated_storage: 20,
        storage_type: 'gp3',
        storage_encrypted: true,
        multi_az: false,
        publicly_accessible: false,
        deletion_protection: true,
        backup_retention_period: 7,
        port: 5432,
        username: 'app',
        db_name: 'app',
        db_subnet_group_name: 'main',
        vpc_security_group_ids: ['sg-db'],
        password: 'correct-horse',
        skip_final_snapshot: true,
        tags: { Env: 'prod' },
        tags_all: { Env: 'prod' },
      },
      { sensitivePaths: ['/password'] },
    ),
    instance('aws_lambda_function', 'api', {
      id: 'api',
      function_name: 'api',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:api',
      role: 'arn:aws:iam::123456789012:role/lambda',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      memory_size: 256,
      timeout: 10,
      description: '',
      source_code_hash: '177a07a02873c4a19ed0ee1f0f7fc7d8',
      code_sha256: 'abc123=',
      architectures: ['arm64'],
      layers: [],
      environment: [{ variables: { TOKEN: 'hunter2' } }],
      tracing_config: [{ mode: 'PassThrough' }],
      reserved_concurrent_executions: -1,
      package_type: 'Zip',
      filename: 'api.zip',
      publish: false,
      tags: {},
      tags_all: {},
    }),
    instance('aws_dynamodb_table', 'sessions', {
      id: 'sessions',
      name: 'sessions',
      arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/sessions',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      range_key: null,
      read_capacity: 0,
      write_capacity: 0,
      attribute: [{ name: 'id', type: 'S' }],
      global_secondary_index: [],
      local_secondary_index: [],
      stream_enabled: false,
      stream_view_type: '',
      ttl: [{ attribute_name: '', enabled: false }],
      deletion_protection_enabled: false,
      tags: {},
      tags_all: {},
    }),
  ];

  it('unchanged resources are in-sync, re-serialized policies included', async () => {
    const report = await scan(resources());
    expect(
      report.resources
        .filter((r) => r.status !== 'in-sync')
        .map((r) => [r.address, r.status, r.changes, r.error]),
    ).toEqual([]);
  });

  it('out-of-band changes are drifted with the right pointers; a detached policy is missing', async () => {
    env.iam.model.roles.get('app')!.maxSessionDuration = 7200;
    env.iam.model.policies.get(POLICY_ARN)!.document = JSON.stringify({
      ...DOC,
      Statement: [{ ...DOC.Statement[0], Action: ['s3:*'] }],
    });
    env.iam.model.roles.get('app')!.attached = [];
    env.rds.dbs.get('orders')!.instanceClass = 'db.t3.large';
    env.lambda.functions.get('api')!.memorySize = 1024;
    env.lambda.functions.get('api')!.environment = { TOKEN: 'rotated-secret' };
    await env.dynamodb.send(
      new UpdateTableCommand({
        TableName: 'sessions',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    const report = await scan(resources());
    const byAddress = Object.fromEntries(report.resources.map((r) => [r.address, r]));
    expect(byAddress['aws_iam_role.app']?.changes.map((c) => c.path)).toEqual([
      '/max_session_duration',
    ]);
    expect(byAddress['aws_iam_policy.read']?.status).toBe('drifted');
    expect(
      byAddress['aws_iam_policy.read']?.changes.every((c) => c.path.startsWith('/policy')),
    ).toBe(true);
    expect(byAddress['aws_iam_role_policy_attachment.read']?.status).toBe('missing');
    expect(byAddress['aws_db_instance.orders']?.changes.map((c) => c.path)).toEqual([
      '/instance_class',
    ]);
    const lambda = byAddress['aws_lambda_function.api']!;
    expect(lambda.changes.map((c) => c.path).sort()).toEqual([
      '/environment/0/variables/TOKEN',
      '/memory_size',
    ]);
    // Environment variables are secrets: the report never shows them.
    expect(JSON.stringify(report)).not.toContain('rotated-secret');
    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect(byAddress['aws_dynamodb_table.sessions']?.changes.map((c) => c.path).sort()).toEqual([
      '/billing_mode',
      '/read_capacity',
      '/write_capacity',
    ]);
  });
});
