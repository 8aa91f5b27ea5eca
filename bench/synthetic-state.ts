/**
 * A deterministic generator of large, realistic Terraform v4 state documents for benchmarks.
 *
 * The shapes follow what the AWS provider really writes (attribute names, nesting, value
 * types and rough sizes of `aws_instance`, `aws_security_group`, `aws_s3_bucket`,
 * `aws_iam_role`, `aws_subnet`), spread over root resources, `count` resources and modules
 * called with `for_each`, so that parsers and differs meet the same work they meet in real
 * states: many small objects, long strings (policy JSON), sets of objects, tags maps and
 * `sensitive_attributes`.
 */
import { allowAllEgress, securityGroupRule } from '../test/aws/fixtures.js';

/** A small, fast, seedable PRNG (mulberry32): deterministic for a seed, no global state. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const TEAMS = ['payments', 'search', 'platform', 'growth', 'data', 'identity', 'edge'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const INSTANCE_TYPES = ['t3.micro', 't3.small', 'm5.large', 'c6i.xlarge', 'r6g.2xlarge'];
const ACCOUNT = '123456789012';

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function hex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function int(random: Random, max: number): number {
  return Math.floor(random() * max);
}

function tags(random: Random, name: string): Record<string, string> {
  const result: Record<string, string> = {
    Name: name,
    Team: pick(random, TEAMS),
    Environment: pick(random, ENVIRONMENTS),
    ManagedBy: 'terraform',
  };
  if (random() < 0.5) result.CostCenter = `cc-${int(random, 9000) + 1000}`;
  if (random() < 0.3) result.Owner = `${pick(random, TEAMS)}@example.com`;
  return result;
}

function ipv4(random: Random): string {
  return `10.${int(random, 256)}.${int(random, 256)}.${int(random, 256)}`;
}

interface Generated {
  attributes: Record<string, unknown>;
  sensitive?: unknown[];
  schemaVersion: number;
  private?: string;
}

function awsInstance(random: Random, name: string, region: string): Generated {
  const id = `i-${hex(random, 17)}`;
  const ip = ipv4(random);
  const t = tags(random, name);
  return {
    schemaVersion: 1,
    private:
      'eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6MTIwMDAwMDAwMDAwMCwidXBkYXRlIjo2MDAwMDAwMDAwMDB9LCJzY2hlbWFfdmVyc2lvbiI6IjEifQ==',
    attributes: {
      ami: `ami-${hex(random, 17)}`,
      arn: `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`,
      associate_public_ip_address: random() < 0.3,
      availability_zone: `${region}${pick(random, ['a', 'b', 'c'])}`,
      capacity_reservation_specification: [
        { capacity_reservation_preference: 'open', capacity_reservation_target: [] },
      ],
      cpu_core_count: 1 + int(random, 8),
      cpu_threads_per_core: 2,
      credit_specification: [{ cpu_credits: 'standard' }],
      disable_api_stop: false,
      disable_api_termination: false,
      ebs_block_device: [],
      ebs_optimized: random() < 0.5,
      enclave_options: [{ enabled: false }],
      ephemeral_block_device: [],
      get_password_data: false,
      hibernation: false,
      host_id: '',
      iam_instance_profile: random() < 0.5 ? `${name}-profile` : '',
      id,
      instance_initiated_shutdown_behavior: 'stop',
      instance_state: 'running',
      instance_type: pick(random, INSTANCE_TYPES),
      ipv6_address_count: 0,
      ipv6_addresses: [],
      key_name: random() < 0.5 ? 'deployer' : '',
      launch_template: [],
      maintenance_options: [{ auto_recovery: 'default' }],
      metadata_options: [
        {
          http_endpoint: 'enabled',
          http_put_response_hop_limit: 1,
          http_tokens: 'required',
          instance_metadata_tags: 'disabled',
        },
      ],
      monitoring: false,
      network_interface: [],
      outpost_arn: '',
      password_data: '',
      placement_group: '',
      placement_partition_number: 0,
      primary_network_interface_id: `eni-${hex(random, 17)}`,
      private_dns: `ip-${ip.replaceAll('.', '-')}.${region}.compute.internal`,
      private_ip: ip,
      public_dns: '',
      public_ip: '',
      root_block_device: [
        {
          delete_on_termination: true,
          device_name: '/dev/xvda',
          encrypted: true,
          iops: 3000,
          kms_key_id: `arn:aws:kms:${region}:${ACCOUNT}:key/${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`,
          tags: {},
          throughput: 125,
          volume_id: `vol-${hex(random, 17)}`,
          volume_size: 8 * (1 + int(random, 16)),
          volume_type: 'gp3',
        },
      ],
      secondary_private_ips: [],
      security_groups: [],
      source_dest_check: true,
      subnet_id: `subnet-${hex(random, 17)}`,
      tags: t,
      tags_all: t,
      tenancy: 'default',
      timeouts: null,
      user_data: hex(random, 40),
      user_data_base64: null,
      user_data_replace_on_change: false,
      volume_tags: null,
      vpc_security_group_ids: [`sg-${hex(random, 17)}`, `sg-${hex(random, 17)}`],
    },
  };
}

function ingressRule(random: Random, port: number): Record<string, unknown> {
  // Drawn in this order (CIDRs first) so that a seed still yields the same state.
  const cidrs = random() < 0.5 ? ['0.0.0.0/0'] : [`${ipv4(random)}/32`, `${ipv4(random)}/32`];
  const description = random() < 0.5 ? `allow ${port}` : '';
  return securityGroupRule({
    cidr_blocks: cidrs,
    description,
    from_port: port,
    protocol: 'tcp',
    to_port: port,
  });
}

function awsSecurityGroup(random: Random, name: string, region: string): Generated {
  const id = `sg-${hex(random, 17)}`;
  const ports = [22, 80, 443, 5432, 6379, 8080, 9090];
  const ingress = [];
  const count = 1 + int(random, 5);
  for (let i = 0; i < count; i++) ingress.push(ingressRule(random, pick(random, ports)));
  const t = tags(random, name);
  return {
    schemaVersion: 1,
    private:
      'eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6OTAwMDAwMDAwMDAwfSwic2NoZW1hX3ZlcnNpb24iOiIxIn0=',
    attributes: {
      arn: `arn:aws:ec2:${region}:${ACCOUNT}:security-group/${id}`,
      description: `Security group for ${name}`,
      egress: [allowAllEgress()],
      id,
      ingress,
      name,
      name_prefix: '',
      owner_id: ACCOUNT,
      revoke_rules_on_delete: false,
      tags: t,
      tags_all: t,
      timeouts: null,
      vpc_id: `vpc-${hex(random, 17)}`,
    },
  };
}

function awsS3Bucket(random: Random, name: string, region: string): Generated {
  const bucket = `${name}-${hex(random, 8)}`;
  const t = tags(random, name);
  return {
    schemaVersion: 0,
    private: 'eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ==',
    attributes: {
      acceleration_status: '',
      acl: null,
      arn: `arn:aws:s3:::${bucket}`,
      bucket,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_prefix: '',
      bucket_regional_domain_name: `${bucket}.s3.${region}.amazonaws.com`,
      cors_rule: [],
      force_destroy: false,
      grant: [
        {
          id: hex(random, 64),
          permissions: ['FULL_CONTROL'],
          type: 'CanonicalUser',
          uri: '',
        },
      ],
      hosted_zone_id: 'Z3AQBSTGFYJSTF',
      id: bucket,
      lifecycle_rule: [],
      logging: [],
      object_lock_configuration: [],
      object_lock_enabled: false,
      policy: '',
      region,
      replication_configuration: [],
      request_payer: 'BucketOwner',
      server_side_encryption_configuration: [
        {
          rule: [
            {
              apply_server_side_encryption_by_default: [
                { kms_master_key_id: '', sse_algorithm: 'AES256' },
              ],
              bucket_key_enabled: false,
            },
          ],
        },
      ],
      tags: t,
      tags_all: t,
      timeouts: null,
      versioning: [{ enabled: random() < 0.5, mfa_delete: false }],
      website: [],
      website_domain: null,
      website_endpoint: null,
    },
  };
}

function policyDocument(random: Random, service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: `${service}.amazonaws.com` },
        Sid: random() < 0.5 ? '' : `Sid${int(random, 1000)}`,
      },
    ],
  });
}

function awsIamRole(random: Random, name: string): Generated {
  const service = pick(random, ['ec2', 'lambda', 'ecs-tasks', 'eks']);
  const t = tags(random, name);
  const roleId = `AROA${hex(random, 17).toUpperCase()}`;
  return {
    schemaVersion: 0,
    attributes: {
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      assume_role_policy: policyDocument(random, service),
      create_date: '2024-03-14T09:26:53Z',
      description: '',
      force_detach_policies: false,
      id: name,
      inline_policy: [
        {
          name: `${name}-inline`,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Action: ['s3:GetObject', 's3:ListBucket', 'logs:PutLogEvents'],
                Effect: 'Allow',
                Resource: [`arn:aws:s3:::${name}-data/*`, `arn:aws:s3:::${name}-data`],
              },
            ],
          }),
        },
      ],
      managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      max_session_duration: 3600,
      name,
      name_prefix: '',
      path: '/',
      permissions_boundary: '',
      tags: t,
      tags_all: t,
      unique_id: roleId,
    },
  };
}

function awsSubnet(random: Random, name: string, region: string): Generated {
  const id = `subnet-${hex(random, 17)}`;
  const t = tags(random, name);
  return {
    schemaVersion: 1,
    attributes: {
      arn: `arn:aws:ec2:${region}:${ACCOUNT}:subnet/${id}`,
      assign_ipv6_address_on_creation: false,
      availability_zone: `${region}${pick(random, ['a', 'b', 'c'])}`,
      availability_zone_id: `use1-az${1 + int(random, 6)}`,
      cidr_block: `10.${int(random, 256)}.${int(random, 256)}.0/24`,
      customer_owned_ipv4_pool: '',
      enable_dns64: false,
      id,
      ipv6_cidr_block: '',
      map_public_ip_on_launch: false,
      owner_id: ACCOUNT,
      tags: t,
      tags_all: t,
      timeouts: null,
      vpc_id: `vpc-${hex(random, 17)}`,
    },
  };
}

function dbInstance(random: Random, name: string, region: string): Generated {
  const generated = {
    schemaVersion: 2,
    attributes: {
      address: `${name}.${hex(random, 12)}.${region}.rds.amazonaws.com`,
      allocated_storage: 20 * (1 + int(random, 10)),
      arn: `arn:aws:rds:${region}:${ACCOUNT}:db:${name}`,
      backup_retention_period: 7,
      engine: 'postgres',
      engine_version: '15.4',
      id: `db-${hex(random, 26).toUpperCase()}`,
      identifier: name,
      instance_class: 'db.t3.medium',
      multi_az: random() < 0.5,
      password: `pw-${hex(random, 24)}`,
      port: 5432,
      storage_encrypted: true,
      tags: tags(random, name),
      username: 'app',
    },
    sensitive: [[{ type: 'get_attr', value: 'password' }]],
  };
  return generated;
}

type Factory = (random: Random, name: string, region: string) => Generated;

/** Resource blueprints and their relative weight in the generated state. */
const BLUEPRINTS: { type: string; name: string; make: Factory; weight: number }[] = [
  { type: 'aws_instance', name: 'app', make: awsInstance, weight: 3 },
  { type: 'aws_security_group', name: 'app', make: awsSecurityGroup, weight: 2 },
  { type: 'aws_s3_bucket', name: 'assets', make: awsS3Bucket, weight: 2 },
  { type: 'aws_iam_role', name: 'task', make: (r, n) => awsIamRole(r, n), weight: 1 },
  { type: 'aws_subnet', name: 'private', make: awsSubnet, weight: 2 },
  { type: 'aws_db_instance', name: 'main', make: dbInstance, weight: 1 },
];

const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/**
 * Generates a raw v4 state document with `count` resource instances.
 *
 * Layout: a few root resources, then modules `module.service["svc-<n>"]` (module `for_each`),
 * each holding resources that use either `count` (integer keys) or `for_each` (string keys),
 * with some tainted instances and `sensitive_attributes` on database passwords and on a
 * sensitive tag. Deterministic for a given `seed`.
 * @internal
 */
export function generateState(count: number, seed = 1): object {
  const random = createRandom(seed);
  const resources: Record<string, unknown>[] = [];
  let produced = 0;
  let moduleIndex = 0;
  const totalWeight = BLUEPRINTS.reduce((sum, b) => sum + b.weight, 0);

  const pickBlueprint = (): (typeof BLUEPRINTS)[number] => {
    let roll = random() * totalWeight;
    for (const blueprint of BLUEPRINTS) {
      roll -= blueprint.weight;
      if (roll < 0) return blueprint;
    }
    return BLUEPRINTS[0] as (typeof BLUEPRINTS)[number];
  };

  while (produced < count) {
    const moduleKey = moduleIndex === 0 ? undefined : `svc-${moduleIndex}`;
    const modulePath = moduleKey === undefined ? undefined : `module.service["${moduleKey}"]`;
    const region = pick(random, REGIONS);
    const usedNames = new Set<string>();
    const resourcesInModule = 3 + int(random, 5);
    for (let r = 0; r < resourcesInModule && produced < count; r++) {
      const blueprint = pickBlueprint();
      let name = blueprint.name;
      for (let n = 2; usedNames.has(`${blueprint.type}.${name}`); n++)
        name = `${blueprint.name}${n}`;
      usedNames.add(`${blueprint.type}.${name}`);
      const useForEach = random() < 0.4;
      const instanceCount = Math.min(count - produced, 1 + int(random, 12));
      const instances: Record<string, unknown>[] = [];
      for (let i = 0; i < instanceCount; i++) {
        const indexKey = useForEach ? `${pick(random, TEAMS)}-${i}` : i;
        const resourceName = `${moduleKey ?? 'root'}-${name}-${i}`;
        const made = blueprint.make(random, resourceName, region);
        const sensitive = made.sensitive ?? [];
        if (random() < 0.05 && 'tags' in made.attributes) {
          sensitive.push([
            { type: 'get_attr', value: 'tags' },
            { type: 'index', value: { value: 'Owner', type: 'string' } },
          ]);
        }
        const instance: Record<string, unknown> = {
          index_key: indexKey,
          schema_version: made.schemaVersion,
          attributes: made.attributes,
          sensitive_attributes: sensitive,
          identity_schema_version: 0,
        };
        if (random() < 0.01) instance.status = 'tainted';
        if (made.private !== undefined) instance.private = made.private;
        // Dependencies are configuration addresses: module path without instance keys.
        if (r > 0)
          instance.dependencies = [`${moduleKey ? 'module.service.' : ''}aws_iam_role.task`];
        if (random() < 0.1) instance.create_before_destroy = true;
        instances.push(instance);
      }
      const resource: Record<string, unknown> = {
        mode: 'managed',
        type: blueprint.type,
        name,
        provider: AWS_PROVIDER,
        instances,
      };
      if (modulePath !== undefined) resource.module = modulePath;
      resources.push(resource);
      produced += instanceCount;
    }
    moduleIndex++;
  }

  return {
    version: 4,
    terraform_version: '1.9.8',
    serial: 1042,
    lineage: '8d1c2a4e-5f6b-4c3d-9e8f-7a6b5c4d3e2f',
    outputs: {
      vpc_id: { value: 'vpc-0a1b2c3d4e5f67890', type: 'string' },
      db_password: { value: 'not-a-real-password', type: 'string', sensitive: true },
      subnet_ids: { value: ['subnet-1', 'subnet-2'], type: ['list', 'string'] },
    },
    resources,
    check_results: null,
  };
}

/**
 * {@link generateState} serialized the way Terraform writes state: 2-space indentation and a
 * trailing newline.
 * @internal
 */
export function generateStateText(count: number, seed = 1): string {
  return `${JSON.stringify(generateState(count, seed), null, 2)}\n`;
}
