/**
 * `cloudTrailLookupEvents` against a local CloudTrail-compatible server (JSON 1.1, the real
 * SDK client): write events only, pages followed, each event once across overlapping polls,
 * requests spaced within CloudTrail's 2 per second, throttling retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailLookupEvents } from '../../src/aws.js';
import { InvalidOptionError } from '../../src/index.js';
import type { ChangeEvent } from '../../src/watch/change-event.js';
import { cloudTrailRecord } from './cloudtrail-records.js';
import { cloudtrailError } from './servers/cloudtrail-server.js';
import { startFakeServer } from './servers/fake-http.js';
import type { FakeServer } from './servers/fake-http.js';

interface StoredEvent {
  id: string;
  time: Date;
  record: Record<string, unknown>;
}

const stored: StoredEvent[] = [];
const requestTimes: number[] = [];
let server: FakeServer;

function store(
  id: string,
  secondsAgo: number,
  source: string,
  name: string,
  extra: Record<string, unknown>,
) {
  const time = new Date(Date.now() - secondsAgo * 1000);
  stored.push({
    id,
    time,
    record: cloudTrailRecord(source, name, {
      eventTime: time.toISOString(),
      eventID: id,
      ...extra,
    }),
  });
}

beforeAll(async () => {
  server = await startFakeServer(
    (request) => {
      requestTimes.push(Date.now());
      const input = JSON.parse(request.body) as {
        LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
        StartTime?: number;
        EndTime?: number;
        MaxResults?: number;
        NextToken?: string;
      };
      const readOnly = input.LookupAttributes?.find(
        (a) => a.AttributeKey === 'ReadOnly',
      )?.AttributeValue;
      const matching = stored
        .filter((e) => readOnly === undefined || String(e.record.readOnly) === readOnly)
        .filter((e) => input.StartTime === undefined || e.time.getTime() / 1000 >= input.StartTime)
        .filter((e) => input.EndTime === undefined || e.time.getTime() / 1000 <= input.EndTime)
        .sort((a, b) => b.time.getTime() - a.time.getTime())
        .map((e) => ({
          EventId: e.id,
          EventName: e.record.eventName,
          ReadOnly: String(e.record.readOnly),
          AccessKeyId: 'ASIAEXAMPLEKEY',
          EventTime: e.time.getTime() / 1000,
          EventSource: e.record.eventSource,
          Username: 'alice',
          Resources: [],
          CloudTrailEvent: JSON.stringify(e.record),
        }));
      const startAt = Number(input.NextToken ?? '0');
      const max = input.MaxResults ?? 50;
      const page = matching.slice(startAt, startAt + max);
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(
          startAt + max < matching.length
            ? { Events: page, NextToken: String(startAt + max) }
            : { Events: page },
        ),
      };
    },
    {
      operationOf: (r) =>
        String(r.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? 'unknown',
    },
  );
});
afterAll(() => server?.close());

describe('cloudTrailLookupEvents', () => {
  it('yields write events once, oldest first, across pages and overlapping polls, within 2 requests/s', async () => {
    for (let i = 0; i < 60; i++) {
      store(`tag-${i}`, 120 - i, 'ec2.amazonaws.com', 'CreateTags', {
        requestParameters: {
          resourcesSet: { items: [{ resourceId: `i-${i.toString(16).padStart(17, '0')}` }] },
        },
      });
    }
    store('read-1', 30, 'ec2.amazonaws.com', 'DescribeInstances', { readOnly: true });
    server.fail('LookupEvents', cloudtrailError(400, 'ThrottlingException', 'Rate exceeded'), 1);
    const controller = new AbortController();
    const events: ChangeEvent[] = [];
    const source = cloudTrailLookupEvents({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
      pollIntervalMs: 1000,
      lookbackMs: 10 * 60_000,
      signal: controller.signal,
    });
    const before = requestTimes.length;
    for await (const event of source) {
      events.push(event);
      if (events.length === 60) {
        // Between polls a new change happens; the next poll re-reads the window.
        store('sg-1', 1, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
          requestParameters: { groupId: 'sg-0123456789abcdef0' },
        });
      }
      if (events.length === 61) break;
    }
    controller.abort();
    expect(events.slice(0, 60).map((e) => e.resources[0]?.id)).toEqual(
      Array.from({ length: 60 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`),
    );
    expect(events[60]).toMatchObject({
      name: 'AuthorizeSecurityGroupIngress',
      resources: [{ type: 'aws_security_group', id: 'sg-0123456789abcdef0' }],
      actor: { principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice' },
    });
    // Throttled once, two pages, then a second poll of two pages: every request at least
    // 500 ms after the one before (a little slack for timer granularity).
    const times = requestTimes.slice(before);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(480);
  }, 30_000);

  it('checks its options and fails for good on access denied', async () => {
    expect(() => cloudTrailLookupEvents({ region: 'us-east-1', requestsPerSecond: 5 })).toThrow(
      InvalidOptionError,
    );
    expect(() => cloudTrailLookupEvents({ region: '' })).toThrow(
      /region must be an AWS region name/,
    );
    server.fail('LookupEvents', cloudtrailError(400, 'AccessDeniedException', 'not authorized'), 1);
    const source = cloudTrailLookupEvents({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
    });
    await expect(source[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      name: 'ProviderError',
      kind: 'permission',
    });
  });
});
