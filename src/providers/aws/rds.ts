/**
 * `aws_db_instance`: DescribeDBInstances batched with the `db-instance-id` filter (absent
 * identifiers are simply not returned). Since provider v5, `id` is the DbiResourceId and
 * `identifier` the name, so instances are matched by `identifier` first.
 */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { ResourceInstance } from '../../model/state.js';
import type { ReadResult } from '../types.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { chunk, missingIdResult } from './resource-handler.js';
import { tagMap } from './tags.js';
import { paginate } from './paginate.js';

/** RDS filters take at most 100 values. */
const RDS_FILTER_VALUES_MAX = 100;

function identifierOf(instance: ResourceInstance): string | undefined {
  const identifier = instance.attributes.identifier;
  if (typeof identifier === 'string' && identifier !== '') return identifier;
  const id = instance.id ?? instance.attributes.id;
  // A v5 id is the resource id (`db-...`), which the filter does not take.
  return typeof id === 'string' && id !== '' && !/^db-[A-Z0-9]+$/.test(id) ? id : undefined;
}

async function* describe(
  env: AwsEnv,
  filters: { Name: string; Values: string[] }[],
): AsyncIterable<DBInstance> {
  const pages = paginate(
    'rds:DescribeDBInstances',
    (marker) =>
      env.call<{ DBInstances?: DBInstance[]; Marker?: string }>('rds', 'DescribeDBInstances', {
        MaxRecords: 100,
        ...(filters.length === 0 ? {} : { Filters: filters }),
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    (out) => out.Marker,
  );
  for await (const out of pages) yield* out.DBInstances ?? [];
}

/**
 * Maps an RDS instance to `aws_db_instance` attributes.
 * @internal
 */
function dbInstanceAttributes(db: DBInstance): Record<string, unknown> {
  return {
    id: db.DbiResourceId,
    identifier: db.DBInstanceIdentifier,
    arn: db.DBInstanceArn,
    resource_id: db.DbiResourceId,
    engine: db.Engine,
    instance_class: db.DBInstanceClass,
    allocated_storage: db.AllocatedStorage,
    storage_type: db.StorageType,
    storage_encrypted: db.StorageEncrypted ?? false,
    multi_az: db.MultiAZ ?? false,
    publicly_accessible: db.PubliclyAccessible ?? false,
    deletion_protection: db.DeletionProtection ?? false,
    backup_retention_period: db.BackupRetentionPeriod,
    port:
      db.DbInstancePort !== undefined && db.DbInstancePort !== 0
        ? db.DbInstancePort
        : db.Endpoint?.Port,
    username: db.MasterUsername,
    db_name: db.DBName ?? '',
    db_subnet_group_name: db.DBSubnetGroup?.DBSubnetGroupName ?? '',
    vpc_security_group_ids: (db.VpcSecurityGroups ?? [])
      .map((g) => g.VpcSecurityGroupId ?? '')
      .sort(),
    tags_all: tagMap(db.TagList),
  };
}

const READS = [
  'identifier',
  'arn',
  'resource_id',
  'engine',
  'instance_class',
  'allocated_storage',
  'storage_type',
  'storage_encrypted',
  'multi_az',
  'publicly_accessible',
  'deletion_protection',
  'backup_retention_period',
  'port',
  'username',
  'db_name',
  'db_subnet_group_name',
  'vpc_security_group_ids',
  'tags_all',
];

/** `aws_db_instance`. @internal */
export const dbInstanceHandler: ResourceHandler = {
  type: 'aws_db_instance',
  service: 'rds',
  reads: READS,
  notFoundCodes: ['DBInstanceNotFound', 'DBInstanceNotFoundFault'],
  async read(instances, env) {
    const identifiers = [
      ...new Set(instances.map(identifierOf).filter((id): id is string => id !== undefined)),
    ];
    const found = new Map<string, DBInstance>();
    await Promise.all(
      chunk(identifiers, RDS_FILTER_VALUES_MAX).map(async (values) => {
        for await (const db of describe(env, [{ Name: 'db-instance-id', Values: values }])) {
          if (db.DBInstanceIdentifier !== undefined) found.set(db.DBInstanceIdentifier, db);
        }
      }),
    );
    return instances.map((instance): ReadResult => {
      const identifier = identifierOf(instance);
      if (identifier === undefined) return missingIdResult(instance);
      const db = found.get(identifier);
      // A DB instance being deleted still exists: only absence is evidence.
      if (db === undefined) return { address: instance.address, status: 'not-found' };
      return {
        address: instance.address,
        status: 'found',
        attributes: dbInstanceAttributes(db),
        read: READS,
      };
    });
  },
  async *list(env) {
    for await (const db of describe(env, [])) {
      if (db.DBInstanceIdentifier === undefined) continue;
      // Terraform imports DB instances by identifier.
      yield {
        type: 'aws_db_instance',
        id: db.DBInstanceIdentifier,
        name: db.DBInstanceIdentifier,
        location: env.region,
      };
    }
  },
};
