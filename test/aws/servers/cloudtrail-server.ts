/**
 * A fake CloudTrail (JSON 1.1): LookupEvents by ResourceName, newest first, with
 * CloudTrail's `__type` error shape.
 */
import { startFakeServer } from './fake-http.js';
import type { FakeResponse, FakeServer } from './fake-http.js';

export interface FakeEvent {
  resourceName: string;
  eventName: string;
  username: string;
  time: Date;
  readOnly: boolean;
  principalArn: string;
}

export function cloudtrailError(status: number, type: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: type, Message: message }),
  };
}

/** CloudTrail pages: `MaxResults` events, then a `NextToken` when more remain. */
function pageOf<T>(
  events: T[],
  max: number,
  token: string | undefined,
): { Events: T[]; NextToken?: string } {
  const start = Number(token ?? '0');
  const page = events.slice(start, start + max);
  return start + max < events.length
    ? { Events: page, NextToken: String(start + max) }
    : { Events: page };
}

export async function startCloudTrailServer(
  events: FakeEvent[] = [],
): Promise<FakeServer & { events: FakeEvent[] }> {
  const server = await startFakeServer(
    (request) => {
      const input = JSON.parse(request.body || '{}') as {
        LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
        MaxResults?: number;
        NextToken?: string;
      };
      const attribute = input.LookupAttributes?.[0];
      if (attribute?.AttributeKey !== 'ResourceName')
        return cloudtrailError(
          400,
          'InvalidLookupAttributesException',
          'Only ResourceName is supported here',
        );
      const matching = events
        .filter((e) => e.resourceName === attribute.AttributeValue)
        .sort((a, b) => b.time.getTime() - a.time.getTime())
        .map((e, i) => ({
          EventId: `evt-${i}`,
          EventName: e.eventName,
          ReadOnly: String(e.readOnly),
          AccessKeyId: 'ASIAEXAMPLE',
          EventTime: e.time.getTime() / 1000,
          EventSource: 'ec2.amazonaws.com',
          Username: e.username,
          Resources: [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: e.resourceName }],
          CloudTrailEvent: JSON.stringify({
            eventVersion: '1.08',
            userIdentity: { type: 'AssumedRole', arn: e.principalArn },
            eventName: e.eventName,
          }),
        }));
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(pageOf(matching, input.MaxResults ?? 50, input.NextToken)),
      };
    },
    {
      operationOf: (request) =>
        String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? 'unknown',
    },
  );
  return Object.assign(server, { events });
}
