/**
 * Attribution of drift: who changed a drifted resource, when, and with which API call, from
 * CloudTrail `LookupEvents` (management events of the last 90 days). CloudTrail allows 2
 * requests per second per account and region; the provider's rate limiter enforces it, and
 * only drifted resources are looked up.
 */
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { ResourceInstance } from '../../model/state.js';
import type { AttributionTarget } from '../types.js';
import { toReadError } from './errors.js';
import type { AwsEnv } from './resource-handler.js';

/** Who changed a resource, as put into `ResourceReport.details.attribution`. @public */
export interface AwsAttribution {
  /** The CloudTrail user name (IAM user, role session name...). */
  user?: string;
  /** The caller's ARN, from the event's `userIdentity`. */
  principalArn?: string;
  /** When the change happened (ISO 8601). */
  time?: string;
  /** The API call, e.g. `AuthorizeSecurityGroupIngress`. */
  eventName?: string;
  /** The service endpoint, e.g. `ec2.amazonaws.com`. */
  eventSource?: string;
  /** The CloudTrail event id. */
  eventId?: string;
}

/** The fields of a CloudTrail event record (the `CloudTrailEvent` JSON string) used here. */
interface EventRecord {
  userIdentity?: { arn?: string };
}

function principalArn(event: TrailEvent): string | undefined {
  if (event.CloudTrailEvent === undefined) return undefined;
  try {
    return (JSON.parse(event.CloudTrailEvent) as EventRecord).userIdentity?.arn;
  } catch {
    return undefined;
  }
}

/**
 * The most recent write event of a page (CloudTrail lists newest first).
 * @internal
 */
function latestWrite(events: readonly TrailEvent[] | undefined): AwsAttribution | undefined {
  const event = (events ?? []).find((e) => e.ReadOnly !== 'true');
  if (event === undefined) return undefined;
  const arn = principalArn(event);
  const time = event.EventTime instanceof Date ? event.EventTime.toISOString() : undefined;
  return {
    ...(event.Username === undefined ? {} : { user: event.Username }),
    ...(arn === undefined ? {} : { principalArn: arn }),
    ...(time === undefined ? {} : { time }),
    ...(event.EventName === undefined ? {} : { eventName: event.EventName }),
    ...(event.EventSource === undefined ? {} : { eventSource: event.EventSource }),
    ...(event.EventId === undefined ? {} : { eventId: event.EventId }),
  };
}

/** Pages of 50 events read per resource before giving up on finding a write. */
const MAX_PAGES = 3;

/** The latest write event on a resource, reading a few pages at most (CloudTrail allows 2 calls/s). */
async function lastWriteOf(env: AwsEnv, name: string): Promise<AwsAttribution | undefined> {
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await env.call<{ Events?: TrailEvent[]; NextToken?: string }>(
      'cloudtrail',
      'LookupEvents',
      {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
        MaxResults: 50,
        ...(token === undefined ? {} : { NextToken: token }),
      },
    );
    const found = latestWrite(output.Events);
    if (found !== undefined) return found;
    token = output.NextToken;
    if (token === undefined || token === '') return undefined;
  }
  return undefined;
}

/** One resource's attribution, as `Provider.attribute` returns it. */
type Attributed = { address: string; details: Record<string, unknown> };

/** The name CloudTrail records for a resource: its id (bucket name, role name, `i-...`). */
function lookupName(target: AttributionTarget): string | undefined {
  const attribute = LOOKUP_ATTRIBUTE[target.instance.type];
  const named = attribute === undefined ? undefined : target.instance.attributes[attribute];
  if (typeof named === 'string' && named !== '') return named;
  const id = target.report.id ?? target.instance.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Types whose Terraform id is not what CloudTrail records: a standalone rule's id is
 * synthetic (changes are recorded on its group), an attachment's on its role, and a v5 DB
 * instance id is the resource id rather than the identifier.
 */
const LOOKUP_ATTRIBUTE: Record<string, string> = {
  aws_security_group_rule: 'security_group_id',
  aws_iam_role_policy_attachment: 'role',
  aws_db_instance: 'identifier',
  aws_s3_bucket_versioning: 'bucket',
  aws_s3_bucket_server_side_encryption_configuration: 'bucket',
  aws_s3_bucket_public_access_block: 'bucket',
  aws_s3_bucket_policy: 'bucket',
};

/**
 * Looks up the last change of each drifted resource. A failed lookup becomes
 * `details.attribution.error` for that resource; it never fails the scan.
 * @internal
 */
export async function attributeChanges(
  targets: AttributionTarget[],
  envFor: (instance: ResourceInstance) => AwsEnv,
): Promise<{ address: string; details: Record<string, unknown> }[]> {
  const results = await Promise.all(
    targets.map(async (target): Promise<Attributed | undefined> => {
      const name = lookupName(target);
      if (name === undefined) return undefined;
      try {
        const attribution = await lastWriteOf(envFor(target.instance), name);
        return attribution === undefined
          ? undefined
          : { address: target.report.address, details: { attribution } };
      } catch (error) {
        const { code, message } = toReadError(error);
        return {
          address: target.report.address,
          details: { attribution: { error: { code, message } } },
        };
      }
    }),
  );
  return results.filter((r): r is Attributed => r !== undefined);
}
