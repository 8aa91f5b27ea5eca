import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { collect, context, DUMMY_CREDENTIALS, instance } from './helpers.js';
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

  it('lists tables', async () => {
    const live = await collect(provider().list(['aws_dynamodb_table'], context()));
    expect(live.map((l) => l.id)).toEqual(['orders']);
  });
});
