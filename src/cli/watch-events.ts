/**
 * `--events` of `tfdrift watch`: which change feeds to follow. `sqs://HOST/ACCOUNT/QUEUE`
 * consumes EventBridge "AWS API Call via CloudTrail" events from that SQS queue over HTTPS
 * (`sqs+http://` for a local emulator); `cloudtrail` polls CloudTrail's LookupEvents. Both
 * come from `tfdrift/aws`, loaded only when asked for.
 */
import type { ChangeSource } from '../index.js';
import { UsageError } from './args.js';

/** What an `--events` value asks for. */
export type EventsSpec = { kind: 'sqs'; queueUrl: string } | { kind: 'cloudtrail' };

/** Parses one `--events` value. */
export function parseEventsSpec(value: string): EventsSpec {
  if (value === 'cloudtrail') return { kind: 'cloudtrail' };
  const match = /^sqs(\+https?)?:\/\/([^/]+)(\/.+)$/.exec(value);
  if (match) {
    const scheme = match[1] === undefined ? 'https' : (match[1].slice(1) as 'http' | 'https');
    return { kind: 'sqs', queueUrl: `${scheme}://${match[2] as string}${match[3] as string}` };
  }
  throw new UsageError(
    `--events takes sqs://HOST/ACCOUNT/QUEUE (sqs+http:// for an emulator) or cloudtrail, got '${value}'`,
    'watch',
  );
}

type Factory = (options: Record<string, unknown>) => ChangeSource;

/** Builds the change sources; a build of `tfdrift/aws` without them is a usage error. */
export async function changeSources(
  specs: readonly EventsSpec[],
  regions: string[] | undefined,
): Promise<ChangeSource[]> {
  if (specs.length === 0) return [];
  const aws = (await import('../aws.js')) as unknown as Record<string, unknown>;
  const region = regions?.[0];
  return specs.map((spec) => {
    const name = spec.kind === 'sqs' ? 'cloudTrailEvents' : 'cloudTrailLookupEvents';
    const factory = aws[name];
    if (typeof factory !== 'function') {
      throw new UsageError(
        `--events ${spec.kind}: this build of tfdrift/aws has no ${name}`,
        'watch',
      );
    }
    const options: Record<string, unknown> = spec.kind === 'sqs' ? { queueUrl: spec.queueUrl } : {};
    if (region !== undefined) options.region = region;
    return (factory as Factory)(options);
  });
}
