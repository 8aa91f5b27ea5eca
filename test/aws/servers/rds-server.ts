/**
 * A fake RDS (query protocol): DescribeDBInstances with the `db-instance-id` filter and
 * `Marker` pagination.
 */
import { xml } from './fake-http.js';
import type { FakeServer } from './fake-http.js';
import { queryError, startQueryServer } from './query-server.js';

export interface FakeDb {
  identifier: string;
  resourceId: string;
  instanceClass: string;
  allocatedStorage: number;
  securityGroups: string[];
  tags: Record<string, string>;
  deletionProtection: boolean;
  engine?: string;
  username?: string;
  dbName?: string;
  port?: number;
  backupRetention?: number;
  storageType?: string;
  storageEncrypted?: boolean;
  publiclyAccessible?: boolean;
  multiAz?: boolean;
  subnetGroup?: string;
}

/** RDS query filters: `Filters.Filter.N.Name`, `Filters.Filter.N.Values.Value.M`. */
function rdsFilters(params: Map<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; params.has(`Filters.Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; params.has(`Filters.Filter.${i}.Values.Value.${j}`); j++)
      values.push(params.get(`Filters.Filter.${i}.Values.Value.${j}`) ?? '');
    filters.set(params.get(`Filters.Filter.${i}.Name`) ?? '', values);
  }
  return filters;
}

export async function startRdsServer(
  dbs = new Map<string, FakeDb>(),
  latencyMs = 0,
): Promise<FakeServer & { dbs: Map<string, FakeDb> }> {
  const server = await startQueryServer(
    'http://rds.amazonaws.com/doc/2014-10-31/',
    {
      DescribeDBInstances: (p) => {
        const filters = rdsFilters(p);
        for (const name of filters.keys())
          if (name !== 'db-instance-id')
            return queryError(400, 'InvalidParameterValue', `Unrecognized filter name: ${name}`);
        const ids = filters.get('db-instance-id');
        if (ids !== undefined && ids.length > 100)
          return queryError(400, 'InvalidParameterCombination', 'Too many filter values');
        const all = [...dbs.values()].filter(
          (db) => ids === undefined || ids.includes(db.identifier),
        );
        const start = Number(p.get('Marker') ?? '0');
        const max = Number(p.get('MaxRecords') ?? '100');
        const slice = all.slice(start, start + max);
        const items = slice.map((db) => ({
          DBInstanceIdentifier: db.identifier,
          DBInstanceClass: db.instanceClass,
          Engine: db.engine ?? 'postgres',
          DBInstanceStatus: 'available',
          MasterUsername: db.username ?? 'app',
          DBName: db.dbName ?? 'app',
          Endpoint: { Address: `${db.identifier}.x.rds.amazonaws.com`, Port: db.port ?? 5432 },
          AllocatedStorage: db.allocatedStorage,
          BackupRetentionPeriod: db.backupRetention ?? 7,
          VpcSecurityGroups: db.securityGroups.map((id) => ({
            VpcSecurityGroupId: id,
            Status: 'active',
          })),
          DBSubnetGroup: { DBSubnetGroupName: db.subnetGroup ?? 'main' },
          MultiAZ: db.multiAz ?? false,
          EngineVersion: '16.3',
          PubliclyAccessible: db.publiclyAccessible ?? false,
          StorageType: db.storageType ?? 'gp3',
          DbInstancePort: 0,
          StorageEncrypted: db.storageEncrypted ?? true,
          DbiResourceId: db.resourceId,
          DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${db.identifier}`,
          DeletionProtection: db.deletionProtection,
          TagList: Object.entries(db.tags).map(([Key, Value]) => ({ Key, Value })),
        }));
        const body = `<DBInstances>${items.map((i) => `<DBInstance>${xml({ ...i, VpcSecurityGroups: undefined, TagList: undefined }, 'member')}<VpcSecurityGroups>${xml(i.VpcSecurityGroups, 'VpcSecurityGroupMembership')}</VpcSecurityGroups><TagList>${xml(i.TagList, 'Tag')}</TagList></DBInstance>`).join('')}</DBInstances>`;
        return start + max < all.length ? `${body}<Marker>${start + max}</Marker>` : body;
      },
    },
    latencyMs,
  );
  return Object.assign(server, { dbs });
}
