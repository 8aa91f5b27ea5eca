/**
 * `--events` of `tfdrift watch`: which change feeds to follow. `sqs://HOST/ACCOUNT/QUEUE`
 * consumes EventBridge "AWS API Call via CloudTrail" events from that SQS queue over HTTPS
 * (`sqs+http://` for a local emulator). The SQS endpoint is `AWS_ENDPOINT_URL_SQS` when set
 * (the AWS SDKs' own variable), else the queue URL's origin for `sqs+http://`; `cloudtrail`
 * polls CloudTrail's LookupEvents in the region of `--region` (or `AWS_REGION`). Both come
 * from `tfdrift/aws`, loaded only when asked for.
 */
import type { ChangeSource } from '../index.js';
import { UsageError } from './args.js';

/** What an `--events` value asks for. */
export type EventsSpec =
  { kind: 'sqs'; queueUrl: string; endpoint?: string } | { kind: 'cloudtrail' };

/** Parses one `--events` value. */
export function parseEventsSpec(value: string): EventsSpec {
  if (value === 'cloudtrail') return { kind: 'cloudtrail' };
  const match = /^sqs(\+https?)?:\/\/([^/]+)(\/.+)$/.exec(value);
  if (match) {
    const host = match[2] as string;
    const path = match[3] as string;
    if (match[1] === undefined) return { kind: 'sqs', queueUrl: `https://${host}${path}` };
    const origin = `${match[1].slice(1)}://${host}`;
    return { kind: 'sqs', queueUrl: `${origin}${path}`, endpoint: origin };
  }
  throw new UsageError(
    `--events takes sqs://HOST/ACCOUNT/QUEUE (sqs+http:// for an emulator) or cloudtrail, got '${value}'`,
    'watch',
  );
}

/**
 * Builds the change sources; they stop when `signal` aborts. `region` is `--region`: a
 * queue's region otherwise comes from its URL; CloudTrail's from `envRegion`.
 */
export async function changeSources(
  specs: readonly EventsSpec[],
  region: string | undefined,
  envRegion: string | undefined,
  signal: AbortSignal,
  sqsEndpoint?: string,
): Promise<ChangeSource[]> {
  if (specs.length === 0) return [];
  const { cloudTrailEvents, cloudTrailLookupEvents } = await import('../aws.js');
  return specs.map((spec) => {
    if (spec.kind === 'sqs') {
      return cloudTrailEvents({
        queueUrl: spec.queueUrl,
        signal,
        ...((sqsEndpoint ?? spec.endpoint) === undefined
          ? {}
          : { endpoint: sqsEndpoint ?? spec.endpoint }),
        ...(region === undefined ? {} : { region }),
      });
    }
    const trailRegion = region ?? envRegion;
    if (trailRegion === undefined) {
      throw new UsageError('--events cloudtrail needs --region (or AWS_REGION)', 'watch');
    }
    return cloudTrailLookupEvents({ region: trailRegion, signal });
  });
}
