import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { detectDrift } from '../../src/index.js';
import { collect, context, DUMMY_CREDENTIALS, instance, state } from './helpers.js';
import { startDynalite } from './servers/dynalite.js';
import type { RunningDynalite } from './servers/dynalite.js';

let dynalite: RunningDynalite;
let client: DynamoDBClient;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynalite.url,
    credentials: DUMMY_CREDENTIALS,
  });
  await client.send(
    new CreateTableCommand({
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'email', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-email',
          KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
});
afterAll(async () => {
  client.destroy();
  await dynalite.close();
});

const provider = () =>
  awsProvider({
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    endpoints: { dynamodb: dynalite.url },
    maxAttempts: 1,
  });

describe('DynamoDB against dynalite (real emulator)', () => {
  it('reads a table in Terraform shape (sets in canonical order, TTL block)', async () => {
    const results = await provider().read(
      [
        instance('aws_dynamodb_table', 'orders', { id: 'orders', name: 'orders' }),
        instance('aws_dynamodb_table', 'gone', { id: 'gone', name: 'gone' }),
      ],
      context(),
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'not-found']);
    if (results[0]?.status !== 'found') throw new Error();
    expect(results[0].attributes).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [
        { name: 'email', type: 'S' },
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      global_secondary_index: [
        { name: 'by-email', hash_key: 'email', projection_type: 'KEYS_ONLY', read_capacity: 0 },
      ],
      // dynalite has no UpdateTimeToLive; DescribeTimeToLive answers DISABLED.
      ttl: [{ attribute_name: '', enabled: false }],
      read_capacity: 0,
    });
  });

  describe('stream settings when DescribeTable returns no stream specification', () => {
    // The Terraform AWS provider keeps the state's `stream_view_type` then, so a table
    // configured with `stream_enabled = false` and a view type is in sync in Terraform.
    const scan = async (stream: Record<string, unknown>) => {
      const [read] = await provider().read(
        [instance('aws_dynamodb_table', 'orders', { id: 'orders', name: 'orders' })],
        context(),
      );
      if (read?.status !== 'found') throw new Error('orders not read');
      const table = instance('aws_dynamodb_table', 'orders', { ...read.attributes, ...stream });
      const report = await detectDrift({ state: state([table]), providers: [provider()] });
      return report.resources[0];
    };

    it('a view type kept in state with the stream disabled is not drift', async () => {
      const report = await scan({ stream_enabled: false, stream_view_type: 'NEW_AND_OLD_IMAGES' });
      expect(report).toMatchObject({ status: 'in-sync', patch: [] });
    });

    it('a stream enabled in state and absent live is drift', async () => {
      const report = await scan({ stream_enabled: true, stream_view_type: 'NEW_IMAGE' });
      expect(report?.status).toBe('drifted');
      expect(report?.patch).toEqual([{ op: 'replace', path: '/stream_enabled', value: false }]);
    });
  });

  it('lists tables', async () => {
    const live = await collect(provider().list(['aws_dynamodb_table'], context()));
    expect(live.map((l) => l.id)).toEqual(['orders']);
  });
});
