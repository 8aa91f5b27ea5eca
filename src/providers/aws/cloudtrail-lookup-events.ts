/**
 * `cloudTrailLookupEvents`: a {@link ChangeSource} that polls CloudTrail `LookupEvents` for
 * write events, for accounts without an EventBridge rule and queue. Slower than the queue:
 * CloudTrail makes events visible to `LookupEvents` minutes after the call, so every poll
 * re-reads a trailing window (`lookbackMs`) and events seen before are dropped by their
 * `EventId`. `LookupEvents` allows 2 requests per second per account and region; the source
 * spaces its own requests (pages included) to stay within that.
 */
import { InvalidOptionError } from '../../errors.js';
import type { ChangeEvent, ChangeSource } from '../../watch/change-event.js';
import type { Logger } from '../types.js';
import type { AwsCredentials } from './aws-provider.js';
import { defaultImporter, importOptional } from './clients.js';
import type { AwsClientLike } from './clients.js';
import { changeOfRecord } from './cloudtrail-change.js';
import { AwsCallError, classifyAwsError } from './errors.js';

/** Options of {@link cloudTrailLookupEvents}. @public */
export interface CloudTrailLookupEventsOptions {
  /** The region whose CloudTrail to poll (CloudTrail events are regional). */
  region: string;
  /** A custom CloudTrail endpoint. */
  endpoint?: string;
  /** Credentials; otherwise the SDK's default chain. */
  credentials?: AwsCredentials;
  /** A CloudTrail client to use instead of creating one (`@aws-sdk/client-cloudtrail`). */
  client?: AwsClientLike;
  /** Time between polls, ms (default 60,000; at least 1,000). */
  pollIntervalMs?: number;
  /**
   * How far back each poll reads, ms (default 15 minutes): events reach `LookupEvents`
   * minutes late, so a window only as long as the interval would miss them.
   */
  lookbackMs?: number;
  /** Where the first poll starts (default: `lookbackMs` before the first poll). */
  startTime?: Date;
  /** Requests per second, at most CloudTrail's limit of 2 (default 2). */
  requestsPerSecond?: number;
  /** Stops the source: the iteration ends. */
  signal?: AbortSignal;
  /** Where to log retried failures. */
  logger?: Logger;
}

/** The fields of a `LookupEvents` event used here. */
interface LookupEvent {
  EventId?: string;
  EventTime?: Date;
  CloudTrailEvent?: string;
}

interface CloudTrailModule {
  CloudTrailClient: new (config: object) => AwsClientLike;
  LookupEventsCommand: new (input: object) => unknown;
}

/** CloudTrail's documented `LookupEvents` rate per account and region. */
const LOOKUP_EVENTS_PER_SECOND = 2;

function checkOptions(options: CloudTrailLookupEventsOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('cloudTrailLookupEvents needs an options object', { option: '' });
  }
  if (typeof options.region !== 'string' || !/^[a-z0-9-]+$/.test(options.region)) {
    throw new InvalidOptionError('region must be an AWS region name', { option: '/region' });
  }
  const range = (value: number | undefined, option: string, min: number, max: number): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= min && value <= max)) {
      throw new InvalidOptionError(`${option.slice(1)} must be from ${min} to ${max}`, { option });
    }
  };
  range(options.pollIntervalMs, '/pollIntervalMs', 1000, 2_147_483_647);
  range(options.lookbackMs, '/lookbackMs', 0, 90 * 24 * 3600 * 1000);
  range(options.requestsPerSecond, '/requestsPerSecond', 0.01, LOOKUP_EVENTS_PER_SECOND);
  if (options.startTime !== undefined && !(options.startTime instanceof Date)) {
    throw new InvalidOptionError('startTime must be a Date', { option: '/startTime' });
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Change events from CloudTrail `LookupEvents` (write events only, `ReadOnly=false`), polled:
 * the fallback to {@link cloudTrailEvents} where no EventBridge rule and SQS queue exist.
 * Each event is yielded once (deduplicated by `EventId` across polls), oldest first, mapped
 * to the Terraform resources it touched like {@link cloudTrailEvents} does. Expect minutes
 * of delay: that is how long CloudTrail takes to make events visible here.
 *
 * Needs `@aws-sdk/client-cloudtrail` (an optional peer dependency) unless `client` is given.
 * IAM: `cloudtrail:LookupEvents`.
 *
 * @throws {@link InvalidOptionError} for a bad option, when called. The iteration throws a
 * `ProviderError` when CloudTrail refuses for good (access denied, bad credentials);
 * throttling and network failures are retried.
 *
 * @example
 * ```ts
 * import { cloudTrailLookupEvents } from 'tfdrift/aws';
 *
 * for await (const event of cloudTrailLookupEvents({ region: 'eu-west-1', signal })) {
 *   console.log(event.at, event.name, event.resources);
 * }
 * ```
 * @public
 */
export function cloudTrailLookupEvents(options: CloudTrailLookupEventsOptions): ChangeSource {
  checkOptions(options);
  return { [Symbol.asyncIterator]: () => pollLoop(options) };
}

async function* pollLoop(options: CloudTrailLookupEventsOptions): AsyncGenerator<ChangeEvent> {
  const signal = options.signal;
  const aborted = (): boolean => signal?.aborted === true;
  let client = options.client;
  const sdk = (await importOptional(
    defaultImporter,
    '@aws-sdk/client-cloudtrail',
  )) as unknown as CloudTrailModule;
  const owned = client === undefined;
  client ??= new sdk.CloudTrailClient({
    region: options.region,
    // The SDK's own retries would not wait for the rate limit: this loop retries instead.
    maxAttempts: 1,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const spacing = 1000 / (options.requestsPerSecond ?? LOOKUP_EVENTS_PER_SECOND);
  const lookback = options.lookbackMs ?? 15 * 60_000;
  const interval = options.pollIntervalMs ?? 60_000;
  let nextRequest = 0;
  /** EventId → event time (ms), for events already yielded; pruned past the window. */
  const seen = new Map<string, number>();
  let from = options.startTime?.getTime();

  const lookup = async (input: object): Promise<{ Events?: LookupEvent[]; NextToken?: string }> => {
    for (let failures = 0; ; failures++) {
      const wait = nextRequest - Date.now();
      if (wait > 0) await sleep(wait, signal);
      nextRequest = Date.now() + spacing;
      if (aborted()) return {};
      try {
        return (await client.send(
          new sdk.LookupEventsCommand(input),
          signal === undefined ? {} : { abortSignal: signal },
        )) as { Events?: LookupEvent[]; NextToken?: string };
      } catch (error) {
        if (aborted()) return {};
        const classified = classifyAwsError(error, 'cloudtrail:LookupEvents');
        if (!classified.retryable) throw new AwsCallError(classified, error);
        const backoff =
          classified.retryAfterMs ?? Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        options.logger?.warn('cloudTrailLookupEvents: LookupEvents failed, retrying', {
          code: classified.code,
          waitMs: backoff,
        });
        await sleep(backoff, signal);
      }
    }
  };

  try {
    while (!aborted()) {
      const polled = Date.now();
      const start = from ?? polled - lookback;
      from = undefined;
      const events: LookupEvent[] = [];
      let token: string | undefined;
      do {
        const page = await lookup({
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          StartTime: new Date(start),
          EndTime: new Date(polled),
          MaxResults: 50,
          ...(token === undefined ? {} : { NextToken: token }),
        });
        events.push(...(page.Events ?? []));
        token = page.NextToken;
      } while (token !== undefined && !aborted());
      if (aborted()) return;

      for (const [id, time] of seen) if (time < start - 60_000) seen.delete(id);
      // CloudTrail lists newest first; changes are handed on in the order they happened.
      events.sort((a, b) => (a.EventTime?.getTime() ?? 0) - (b.EventTime?.getTime() ?? 0));
      for (const event of events) {
        if (event.EventId === undefined || seen.has(event.EventId)) continue;
        seen.set(event.EventId, event.EventTime?.getTime() ?? polled);
        const change = changeOfEvent(event);
        if (change !== undefined) yield change;
      }
      await sleep(Math.max(0, polled + interval - Date.now()), signal);
    }
  } finally {
    if (owned) client.destroy?.();
  }
}

/** The change one `LookupEvents` event describes, from its CloudTrail record. */
function changeOfEvent(event: LookupEvent): ChangeEvent | undefined {
  if (event.CloudTrailEvent === undefined) return undefined;
  try {
    return changeOfRecord(JSON.parse(event.CloudTrailEvent) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}
