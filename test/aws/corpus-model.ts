/**
 * Turns resource instances from a real Terraform state into the fake servers' models, with
 * this file's own mapping from state attributes to API fields: a scan must then read them
 * back in sync. That is a round trip: it shows the provider's API-to-state mapping inverts
 * this staging for the values, nesting, empty values and nulls of real states. It does not
 * show that AWS answers in these shapes; a mistake made alike here and in the provider passes.
 */
import type { ResourceInstance } from '../../src/model/state.js';
import type { Ec2Model, FakeInstance, FakeRule } from './servers/ec2-server.js';
import type { IamModel } from './servers/iam-server.js';
import type { FakeFunction } from './servers/lambda-server.js';
import type { FakeDb } from './servers/rds-server.js';
import type { FakeBucket } from './servers/s3-config-server.js';

/** Every fake model a corpus state is staged into. */
export interface StagedModels {
  ec2: Ec2Model;
  iam: IamModel;
  dbs: Map<string, FakeDb>;
  functions: Map<string, FakeFunction>;
  buckets: Map<string, FakeBucket>;
}

/** The types this converter can stage. */
export const STAGED_TYPES = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_security_group',
  'aws_instance',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_db_instance',
  'aws_lambda_function',
  'aws_s3_bucket',
]);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const optStr = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const tags = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
const first = (v: unknown): Record<string, unknown> =>
  Array.isArray(v) && typeof v[0] === 'object' && v[0] !== null
    ? (v[0] as Record<string, unknown>)
    : {};

/** One inline `ingress`/`egress` block as AWS stores it: one rule per CIDR or group. */
function inlineRules(
  groupId: string,
  blocks: unknown,
  isEgress: boolean,
  next: () => string,
): FakeRule[] {
  const rules: FakeRule[] = [];
  for (const block of Array.isArray(blocks) ? (blocks as Record<string, unknown>[]) : []) {
    const base = {
      groupId,
      isEgress,
      ipProtocol: str(block.protocol),
      ...(block.protocol === '-1'
        ? {}
        : { fromPort: Number(block.from_port), toPort: Number(block.to_port) }),
      ...(optStr(block.description) === undefined ? {} : { description: str(block.description) }),
    };
    for (const cidr of strings(block.cidr_blocks))
      rules.push({ ...base, ruleId: next(), cidrIpv4: cidr });
    for (const cidr of strings(block.ipv6_cidr_blocks))
      rules.push({ ...base, ruleId: next(), cidrIpv6: cidr });
    for (const group of strings(block.security_groups))
      rules.push({ ...base, ruleId: next(), referencedGroupId: group.split('/').pop() ?? group });
    if (block.self === true) rules.push({ ...base, ruleId: next(), referencedGroupId: groupId });
  }
  return rules;
}

/** Stages the supported instances into the models; returns the instances staged. */
/** What an `aws_instance` state holds beyond DescribeInstances, staged. */
function stagedInstanceDetails(a: Record<string, unknown>): Partial<FakeInstance> {
  const devices = [
    ...(Array.isArray(a.root_block_device) ? a.root_block_device : []),
    ...(Array.isArray(a.ebs_block_device) ? a.ebs_block_device : []),
  ] as Record<string, unknown>[];
  const cpu = first(a.cpu_options);
  return {
    disableApiTermination: a.disable_api_termination === true,
    disableApiStop: a.disable_api_stop === true,
    shutdownBehavior: a.instance_initiated_shutdown_behavior === 'terminate' ? 'terminate' : 'stop',
    ...(optStr(first(a.root_block_device).device_name) === undefined
      ? {}
      : { rootDeviceName: str(first(a.root_block_device).device_name) }),
    volumes: devices.map((d) => ({
      volumeId: str(d.volume_id),
      deviceName: str(d.device_name),
      size: Number(d.volume_size ?? 0),
      volumeType: str(d.volume_type),
      iops: Number(d.iops ?? 0),
      throughput: Number(d.throughput ?? 0),
      encrypted: d.encrypted === true,
      ...(optStr(d.kms_key_id) === undefined ? {} : { kmsKeyId: str(d.kms_key_id) }),
      deleteOnTermination: d.delete_on_termination !== false,
      ...(optStr(d.snapshot_id) === undefined ? {} : { snapshotId: str(d.snapshot_id) }),
      tags: tags(d.tags_all ?? d.tags),
    })),
    ...(cpu.core_count === undefined
      ? {}
      : {
          cpu: { coreCount: Number(cpu.core_count), threadsPerCore: Number(cpu.threads_per_core) },
        }),
    hibernation: a.hibernation === true,
    ...(optStr(a.placement_group) === undefined ? {} : { placementGroup: str(a.placement_group) }),
  };
}

/** The inline versioning, encryption and CORS blocks of an `aws_s3_bucket` state, staged. */
function stagedBucketParts(a: Record<string, unknown>): FakeBucket {
  const parts: FakeBucket = {};
  if (first(a.versioning).enabled === true) parts.versioning = 'Enabled';
  const rule = first(first(a.server_side_encryption_configuration).rule);
  const byDefault = first(rule.apply_server_side_encryption_by_default);
  if (typeof byDefault.sse_algorithm === 'string') {
    parts.encryption = {
      algorithm: byDefault.sse_algorithm,
      ...(optStr(byDefault.kms_master_key_id) === undefined
        ? {}
        : { kmsKeyId: str(byDefault.kms_master_key_id) }),
      bucketKeyEnabled: rule.bucket_key_enabled === true,
    };
  }
  if (optStr(a.policy) !== undefined) parts.policy = str(a.policy);
  const cors = Array.isArray(a.cors_rule) ? (a.cors_rule as Record<string, unknown>[]) : [];
  if (cors.length > 0) {
    parts.cors = cors.map((r) => ({
      allowedMethods: strings(r.allowed_methods),
      allowedOrigins: strings(r.allowed_origins),
      allowedHeaders: strings(r.allowed_headers),
      exposeHeaders: strings(r.expose_headers),
      maxAgeSeconds: Number(r.max_age_seconds ?? 0),
    }));
  }
  return parts;
}

export function stage(
  instances: ResourceInstance[],
  { ec2, iam, dbs, functions, buckets }: StagedModels,
): ResourceInstance[] {
  let counter = 0;
  const next = (): string => `sgr-staged${counter++}`;
  const staged = instances.filter(
    (i) => i.mode === 'managed' && STAGED_TYPES.has(i.type) && i.deposed === undefined,
  );
  const attachments: ResourceInstance[] = [];
  for (const { type, attributes: a } of staged) {
    const id = str(a.id);
    switch (type) {
      case 'aws_vpc':
        ec2.vpcs.set(id, {
          vpcId: id,
          cidrBlock: str(a.cidr_block),
          isDefault: false,
          tags: tags(a.tags_all),
          enableDnsSupport: a.enable_dns_support !== false,
          enableDnsHostnames: a.enable_dns_hostnames === true,
        });
        break;
      case 'aws_subnet':
        ec2.subnets.set(id, {
          subnetId: id,
          vpcId: str(a.vpc_id),
          cidrBlock: str(a.cidr_block),
          availabilityZone: str(a.availability_zone),
          availabilityZoneId: str(a.availability_zone_id),
          defaultForAz: false,
          mapPublicIpOnLaunch: a.map_public_ip_on_launch === true,
          tags: tags(a.tags_all),
        });
        break;
      case 'aws_security_group':
        ec2.groups.set(id, {
          groupId: id,
          groupName: str(a.name),
          description: str(a.description),
          vpcId: str(a.vpc_id),
          tags: tags(a.tags_all),
        });
        ec2.rules.push(
          ...inlineRules(id, a.ingress, false, next),
          ...inlineRules(id, a.egress, true, next),
        );
        break;
      case 'aws_instance': {
        const metadata = first(a.metadata_options);
        ec2.instances.set(id, {
          instanceId: id,
          imageId: str(a.ami),
          instanceType: str(a.instance_type),
          availabilityZone: str(a.availability_zone),
          subnetId: str(a.subnet_id),
          vpcId: 'vpc-staged',
          privateIpAddress: str(a.private_ip),
          ...(optStr(a.key_name) === undefined ? {} : { keyName: str(a.key_name) }),
          groupIds: strings(a.vpc_security_group_ids),
          tags: tags(a.tags_all),
          state: 'running',
          httpTokens: metadata.http_tokens === 'required' ? 'required' : 'optional',
          hopLimit: Number(metadata.http_put_response_hop_limit ?? 1),
          ...stagedInstanceDetails(a),
        });
        break;
      }
      case 'aws_vpc_security_group_ingress_rule':
      case 'aws_vpc_security_group_egress_rule':
        ec2.rules.push({
          ruleId: id,
          groupId: str(a.security_group_id),
          isEgress: type.endsWith('egress_rule'),
          ipProtocol: str(a.ip_protocol),
          ...(typeof a.from_port === 'number' ? { fromPort: a.from_port } : {}),
          ...(typeof a.to_port === 'number' ? { toPort: a.to_port } : {}),
          ...(optStr(a.cidr_ipv4) === undefined ? {} : { cidrIpv4: str(a.cidr_ipv4) }),
          ...(optStr(a.cidr_ipv6) === undefined ? {} : { cidrIpv6: str(a.cidr_ipv6) }),
          ...(optStr(a.referenced_security_group_id) === undefined
            ? {}
            : { referencedGroupId: str(a.referenced_security_group_id) }),
          ...(optStr(a.description) === undefined ? {} : { description: str(a.description) }),
        });
        break;
      case 'aws_iam_role':
        iam.roles.set(str(a.name), {
          name: str(a.name),
          path: str(a.path) || '/',
          ...(optStr(a.description) === undefined ? {} : { description: str(a.description) }),
          maxSessionDuration: Number(a.max_session_duration ?? 3600),
          ...(optStr(a.permissions_boundary) === undefined
            ? {}
            : { permissionsBoundary: str(a.permissions_boundary) }),
          assumeRolePolicy: str(a.assume_role_policy),
          tags: tags(a.tags_all),
          attached: [],
        });
        break;
      case 'aws_iam_policy':
        iam.policies.set(str(a.arn), {
          arn: str(a.arn),
          name: str(a.name),
          path: str(a.path) || '/',
          document: str(a.policy),
          ...(optStr(a.description) === undefined ? {} : { description: str(a.description) }),
          tags: tags(a.tags_all),
        });
        break;
      case 'aws_db_instance':
        dbs.set(str(a.identifier), {
          identifier: str(a.identifier),
          resourceId: id,
          instanceClass: str(a.instance_class),
          allocatedStorage: Number(a.allocated_storage),
          securityGroups: strings(a.vpc_security_group_ids),
          tags: tags(a.tags_all),
          deletionProtection: a.deletion_protection === true,
          engine: str(a.engine),
          username: str(a.username),
          dbName: str(a.db_name),
          port: Number(a.port),
          backupRetention: Number(a.backup_retention_period),
          storageType: str(a.storage_type),
          storageEncrypted: a.storage_encrypted === true,
          publiclyAccessible: a.publicly_accessible === true,
          multiAz: a.multi_az === true,
          subnetGroup: str(a.db_subnet_group_name),
        });
        break;
      case 'aws_lambda_function': {
        const variables = first(a.environment).variables;
        functions.set(str(a.function_name), {
          name: str(a.function_name),
          runtime: str(a.runtime),
          memorySize: Number(a.memory_size),
          timeout: Number(a.timeout),
          tags: tags(a.tags_all),
          role: str(a.role),
          handler: str(a.handler),
          description: str(a.description),
          codeSha256: str(a.code_sha256),
          architectures: strings(a.architectures),
          ...(typeof variables === 'object' && variables !== null
            ? { environment: variables as Record<string, string> }
            : {}),
          ...(Number(a.reserved_concurrent_executions) >= 0
            ? { reserved: Number(a.reserved_concurrent_executions) }
            : {}),
          layers: strings(a.layers),
        });
        break;
      }
      case 'aws_s3_bucket':
        buckets.set(str(a.bucket), {
          tags: tags(a.tags_all),
          ...(optStr(a.region) === undefined ? {} : { region: str(a.region) }),
          ...stagedBucketParts(a),
        });
        break;
      case 'aws_iam_role_policy_attachment':
        attachments.push(staged.find((i) => i.attributes === a)!);
        break;
    }
  }
  for (const attachment of attachments) {
    const role = iam.roles.get(str(attachment.attributes.role));
    // A role managed elsewhere: stage a bare one so the attachment can be checked.
    const target = role ?? {
      name: str(attachment.attributes.role),
      assumeRolePolicy: '{}',
      attached: [],
    };
    target.attached.push(str(attachment.attributes.policy_arn));
    iam.roles.set(target.name, target);
  }
  return staged;
}
