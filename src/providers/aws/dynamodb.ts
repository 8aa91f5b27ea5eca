/**
 * `aws_dynamodb_table`: DescribeTable, DescribeTimeToLive and ListTagsOfResource. Index and
 * attribute blocks are sets in Terraform, put in canonical order here.
 */
import type {
  DescribeTableCommandOutput,
  DescribeTimeToLiveCommandOutput,
  ListTablesCommandOutput,
  ListTagsOfResourceCommandOutput,
  TableDescription,
  KeySchemaElement,
  Projection,
} from '@aws-sdk/client-dynamodb';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import { instanceId, missingIdError, readEach } from './resource-handler.js';
import { tagMap } from './tags.js';
import { paginate } from './paginate.js';

const byName = <T extends { name?: unknown }>(a: T, b: T): number =>
  String(a.name).localeCompare(String(b.name), 'en');

function keyOf(schema: KeySchemaElement[] | undefined, type: 'HASH' | 'RANGE'): string {
  return schema?.find((k) => k.KeyType === type)?.AttributeName ?? '';
}

function projection(p: Projection | undefined): {
  projection_type: string;
  non_key_attributes: string[];
} {
  return {
    projection_type: p?.ProjectionType ?? 'ALL',
    non_key_attributes: [...(p?.NonKeyAttributes ?? [])].sort(),
  };
}

/**
 * The stream settings as the Terraform AWS provider stores them: DescribeTable's when it
 * returns a stream specification; otherwise `stream_enabled = false` and the view type kept
 * from state (the provider leaves it as it was, so a configured `stream_view_type` with
 * `stream_enabled = false` is not drift).
 */
function streamAttributes(
  spec: TableDescription['StreamSpecification'],
  prior: Record<string, unknown>,
): { stream_enabled: boolean; stream_view_type: string } {
  if (spec !== undefined)
    return {
      stream_enabled: spec.StreamEnabled ?? false,
      stream_view_type: spec.StreamViewType ?? '',
    };
  const kept = prior.stream_view_type;
  return { stream_enabled: false, stream_view_type: typeof kept === 'string' ? kept : '' };
}

/**
 * Maps a table description (plus TTL and tags) to `aws_dynamodb_table` attributes; `prior`
 * is the instance's state, for the values the provider keeps when AWS returns none.
 * @internal
 */
function tableAttributes(
  table: TableDescription,
  ttl: DescribeTimeToLiveCommandOutput['TimeToLiveDescription'],
  tags: Record<string, string>,
  prior: Record<string, unknown> = {},
): Record<string, unknown> {
  const billing = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const provisioned = billing === 'PROVISIONED';
  return {
    id: table.TableName,
    name: table.TableName,
    arn: table.TableArn,
    billing_mode: billing,
    hash_key: keyOf(table.KeySchema, 'HASH'),
    range_key: keyOf(table.KeySchema, 'RANGE'),
    read_capacity: provisioned ? (table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) : 0,
    write_capacity: provisioned ? (table.ProvisionedThroughput?.WriteCapacityUnits ?? 0) : 0,
    attribute: (table.AttributeDefinitions ?? [])
      .map((a) => ({ name: a.AttributeName, type: a.AttributeType }))
      .sort(byName),
    global_secondary_index: (table.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        hash_key: keyOf(index.KeySchema, 'HASH'),
        range_key: keyOf(index.KeySchema, 'RANGE'),
        ...projection(index.Projection),
        read_capacity: provisioned ? (index.ProvisionedThroughput?.ReadCapacityUnits ?? 0) : 0,
        write_capacity: provisioned ? (index.ProvisionedThroughput?.WriteCapacityUnits ?? 0) : 0,
      }))
      .sort(byName),
    local_secondary_index: (table.LocalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        range_key: keyOf(index.KeySchema, 'RANGE'),
        ...projection(index.Projection),
      }))
      .sort(byName),
    ...streamAttributes(table.StreamSpecification, prior),
    ttl: [
      {
        attribute_name: ttl?.AttributeName ?? '',
        enabled: ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING',
      },
    ],
    deletion_protection_enabled: table.DeletionProtectionEnabled ?? false,
    tags_all: tags,
  };
}

const READS = [
  'name',
  'arn',
  'billing_mode',
  'hash_key',
  'range_key',
  'read_capacity',
  'write_capacity',
  'attribute',
  'global_secondary_index',
  'local_secondary_index',
  'stream_enabled',
  'stream_view_type',
  'ttl',
  'deletion_protection_enabled',
  'tags_all',
];

async function tableTags(env: AwsEnv, arn: string | undefined): Promise<Record<string, string>> {
  if (arn === undefined) return {};
  const tags: { Key?: string; Value?: string }[] = [];
  const pages = paginate(
    'dynamodb:ListTagsOfResource',
    (token) =>
      env.call<ListTagsOfResourceCommandOutput>('dynamodb', 'ListTagsOfResource', {
        ResourceArn: arn,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    (out) => out.NextToken,
  );
  for await (const out of pages) tags.push(...(out.Tags ?? []));
  return tagMap(tags);
}

/** `aws_dynamodb_table`. @internal */
export const dynamodbTableHandler: ResourceHandler = {
  type: 'aws_dynamodb_table',
  service: 'dynamodb',
  reads: READS,
  notFoundCodes: ['ResourceNotFoundException'],
  // Beyond the diff engine's built-in rules: LSIs are sets too, and unset flags read as false.
  rules: {
    sets: ['/local_secondary_index', '/local_secondary_index/*/non_key_attributes'],
    defaults: { '/deletion_protection_enabled': false, '/stream_enabled': false },
  },
  read: (instances, env) =>
    readEach(instances, dynamodbTableHandler, async (instance) => {
      const name = instanceId(instance, 'name');
      if (name === undefined) throw missingIdError(instance, 'table name');
      const { Table: table } = await env.call<DescribeTableCommandOutput>(
        'dynamodb',
        'DescribeTable',
        { TableName: name },
      );
      // A table being deleted still exists: only ResourceNotFoundException is evidence.
      if (table === undefined) return undefined;
      const [ttl, tags] = await Promise.all([
        env.call<DescribeTimeToLiveCommandOutput>('dynamodb', 'DescribeTimeToLive', {
          TableName: name,
        }),
        tableTags(env, table.TableArn),
      ]);
      return tableAttributes(table, ttl.TimeToLiveDescription, tags, instance.attributes);
    }),
  async *list(env) {
    const pages = paginate(
      'dynamodb:ListTables',
      (start) =>
        env.call<ListTablesCommandOutput>('dynamodb', 'ListTables', {
          Limit: 100,
          ...(start === undefined ? {} : { ExclusiveStartTableName: start }),
        }),
      (out) => out.LastEvaluatedTableName,
    );
    for await (const out of pages) {
      for (const name of out.TableNames ?? [])
        yield { type: 'aws_dynamodb_table', id: name, name, location: env.region };
    }
  },
};
