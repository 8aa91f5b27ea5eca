/**
 * `cloudTrailEvents` against a real SQS emulator (fauxqs, in-process on 127.0.0.1): the real
 * `@aws-sdk/client-sqs` long-polls it, the source maps EventBridge "AWS API Call via
 * CloudTrail" events to resources, deletes a message only on `ack`, and keeps a message
 * hidden while its event is being handled.
 */
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type { FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailEvents } from '../../src/aws.js';
import { InvalidOptionError } from '../../src/index.js';
import type { ChangeEvent } from '../../src/watch/change-event.js';
import { cloudTrailRecord, eventBridge } from './cloudtrail-records.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };
let server: FauxqsServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  sqs = new SQSClient({ region: 'us-east-1', endpoint: server.address, credentials });
});
afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

let queues = 0;
function newQueue(visibility = 30): string {
  return server.createQueue(`events-${++queues}`, {
    attributes: { VisibilityTimeout: String(visibility) },
  }).queueUrl;
}

async function send(queueUrl: string, body: unknown): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

async function counts(queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

function source(queueUrl: string, signal: AbortSignal, extra: object = {}) {
  return cloudTrailEvents({
    queueUrl,
    endpoint: server.address,
    region: 'us-east-1',
    credentials,
    waitTimeSeconds: 1,
    signal,
    ...extra,
  });
}

/** Takes `n` events from a source, acknowledging each when `ack` is true. */
async function take(
  events: AsyncIterable<ChangeEvent>,
  n: number,
  ack: boolean,
): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  if (n === 0) return out;
  for await (const event of events) {
    out.push(event);
    if (ack) await event.ack?.();
    if (out.length === n) break;
  }
  return out;
}

describe('cloudTrailEvents (SQS)', () => {
  it('maps each write call to the resources and actor it names, skips the rest, and empties the queue on ack', async () => {
    const queueUrl = newQueue();
    await send(
      queueUrl,
      eventBridge(
        cloudTrailRecord('s3.amazonaws.com', 'PutBucketVersioning', {
          requestParameters: {
            bucketName: 'acme-logs',
            VersioningConfiguration: { Status: 'Suspended' },
          },
        }),
      ),
    );
    await send(
      queueUrl,
      eventBridge(cloudTrailRecord('ec2.amazonaws.com', 'DescribeInstances', { readOnly: true })),
    );
    await send(
      queueUrl,
      eventBridge(
        cloudTrailRecord('iam.amazonaws.com', 'DeleteRole', {
          requestParameters: { roleName: 'ci' },
          errorCode: 'AccessDenied',
        }),
      ),
    );
    await send(queueUrl, 'not json at all');
    await send(queueUrl, { 'detail-type': 'AWS Console Sign In via CloudTrail', detail: {} });
    await send(
      queueUrl,
      eventBridge(
        cloudTrailRecord('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
          requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: [] } },
          responseElements: {
            securityGroupRuleSet: { items: [{ securityGroupRuleId: 'sgr-0a1b2c3d4e5f60718' }] },
          },
        }),
      ),
    );
    const controller = new AbortController();
    const events = await take(source(queueUrl, controller.signal), 2, true);
    controller.abort();
    expect(events.map(({ ack: _ack, ...e }) => e)).toEqual([
      {
        at: '2026-12-05T12:00:00Z',
        name: 'PutBucketVersioning',
        resources: [
          { type: 'aws_s3_bucket', id: 'acme-logs', arn: 'arn:aws:s3:::acme-logs' },
          { type: 'aws_s3_bucket_versioning', id: 'acme-logs' },
        ],
        actor: {
          principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
          sourceIp: '203.0.113.7',
          userAgent: 'aws-cli/2.15.0',
        },
      },
      {
        at: '2026-12-05T12:00:00Z',
        name: 'AuthorizeSecurityGroupIngress',
        resources: [
          { type: 'aws_security_group', id: 'sg-0123456789abcdef0' },
          { id: 'sgr-0a1b2c3d4e5f60718' },
        ],
        actor: {
          principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
          sourceIp: '203.0.113.7',
          userAgent: 'aws-cli/2.15.0',
        },
      },
    ]);
    expect(await counts(queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('deletes nothing before ack: an event dropped unacknowledged is delivered again', async () => {
    const queueUrl = newQueue(2);
    await send(
      queueUrl,
      eventBridge(
        cloudTrailRecord('dynamodb.amazonaws.com', 'UpdateTable', {
          requestParameters: { tableName: 'orders' },
        }),
      ),
    );
    const first = new AbortController();
    const [dropped] = await take(
      source(queueUrl, first.signal, { visibilityTimeoutSeconds: 2 }),
      1,
      false,
    );
    first.abort(); // the process "dies" before the re-check finished
    expect(dropped?.resources).toEqual([{ type: 'aws_dynamodb_table', id: 'orders' }]);
    expect(await counts(queueUrl)).toEqual({ visible: 0, inFlight: 1 });

    const second = new AbortController();
    const [again] = await take(
      source(queueUrl, second.signal, { visibilityTimeoutSeconds: 2 }),
      1,
      true,
    );
    second.abort();
    expect(again?.resources).toEqual(dropped?.resources);
    expect(await counts(queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('keeps a message hidden while its event is handled for longer than the visibility timeout', async () => {
    const queueUrl = newQueue(2);
    await send(
      queueUrl,
      eventBridge(
        cloudTrailRecord('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', {
          requestParameters: {
            functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:resize',
          },
        }),
      ),
    );
    const controller = new AbortController();
    // Iterating on (not breaking out) while the event is handled, as watchDrift does.
    const iterator = source(queueUrl, controller.signal, { visibilityTimeoutSeconds: 2 })[
      Symbol.asyncIterator
    ]();
    const event = (await iterator.next()).value as ChangeEvent | undefined;
    expect(event?.resources).toEqual([
      {
        type: 'aws_lambda_function',
        id: 'resize',
        arn: 'arn:aws:lambda:eu-west-1:123456789012:function:resize',
      },
    ]);
    // A second consumer long-polls for 4 s, twice the visibility timeout: it gets nothing.
    const other = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 4 }),
    );
    expect(other.Messages ?? []).toEqual([]);
    await event?.ack?.();
    await event?.ack?.(); // twice is once
    controller.abort();
    await iterator.return?.();
    expect(await counts(queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  }, 15_000);

  it('fails with a ProviderError when the queue does not exist, and checks its options', async () => {
    const controller = new AbortController();
    const missing = source(`${newQueue()}-gone`, controller.signal);
    await expect(take(missing, 1, true)).rejects.toMatchObject({
      name: 'ProviderError',
      retryable: false,
      message: expect.stringContaining(
        'sqs:ReceiveMessage failed: The specified queue does not exist',
      ),
    });
    expect(() => cloudTrailEvents({ queueUrl: 'sqs://nope' })).toThrow(InvalidOptionError);
    expect(() => cloudTrailEvents({ queueUrl: 'https://x/q', waitTimeSeconds: 21 })).toThrow(
      /waitTimeSeconds must be an integer from 1 to 20/,
    );
  });

  it('ends quietly when aborted while long-polling', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const events = await take(
      source(newQueue(), controller.signal, { waitTimeSeconds: 20 }),
      1,
      true,
    );
    expect(events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
