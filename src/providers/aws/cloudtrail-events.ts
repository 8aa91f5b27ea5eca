/**
 * `cloudTrailEvents`: a {@link ChangeSource} fed by an SQS queue that an EventBridge rule
 * fills with "AWS API Call via CloudTrail" events.
 *
 * Delivery is at least once, end to end: a message is deleted only when the event's `ack` is
 * called (after the resources it touched were re-checked), so a crash before that leaves it
 * in the queue and SQS delivers it again once its visibility timeout runs out. While an event
 * waits for its `ack`, the source keeps extending the message's visibility timeout (every
 * half timeout), so a long re-check does not make SQS hand the same message to another
 * consumer. Messages that carry no change (read-only or failed calls, other event types,
 * bodies that are not CloudTrail events) are deleted at once: nothing will ever need them.
 */
import { InvalidOptionError } from '../../errors.js';
import type { ChangeEvent, ChangeSource } from '../../watch/change-event.js';
import type { Logger } from '../types.js';
import type { AwsCredentials } from './aws-provider.js';
import { defaultImporter, importOptional } from './clients.js';
import type { AwsClientLike, ModuleImporter } from './clients.js';
import { changeOfRecord, recordOfMessage } from './cloudtrail-change.js';
import { AwsCallError, classifyAwsError } from './errors.js';

/** Options of {@link cloudTrailEvents}. @public */
export interface CloudTrailEventsOptions {
  /** The queue's URL, e.g. `https://sqs.eu-west-1.amazonaws.com/123456789012/tfdrift-events`. */
  queueUrl: string;
  /** The queue's region (default: from a standard queue URL, else `AWS_REGION`, else `us-east-1`). */
  region?: string;
  /** A custom SQS endpoint (an emulator, a VPC endpoint). */
  endpoint?: string;
  /** Credentials; otherwise the SDK's default chain. */
  credentials?: AwsCredentials;
  /** An SQS client to use instead of creating one (`@aws-sdk/client-sqs` `SQSClient`). */
  client?: AwsClientLike;
  /** Long-polling wait per receive, seconds, 1 to 20 (default 20). */
  waitTimeSeconds?: number;
  /** Messages per receive, 1 to 10 (default 10). */
  maxMessages?: number;
  /**
   * How long a received message stays hidden from other consumers, seconds (default 60).
   * The source extends it every half of this while the event waits for its `ack`, for at
   * most 12 hours (SQS's limit).
   */
  visibilityTimeoutSeconds?: number;
  /** Stops the source: the iteration ends; events not acknowledged return to the queue. */
  signal?: AbortSignal;
  /** Where to log ignored messages and receive failures that are retried. */
  logger?: Logger;
}

/** SQS's longest visibility timeout: 12 hours from receipt. */
const MAX_VISIBILITY_MS = 12 * 60 * 60 * 1000;

/** Longest wait between receive attempts after failures. */
const MAX_BACKOFF_MS = 30_000;

/** The SQS SDK module's command classes used here. */
interface SqsModule {
  SQSClient: new (config: object) => AwsClientLike;
  ReceiveMessageCommand: new (input: object) => unknown;
  DeleteMessageCommand: new (input: object) => unknown;
  ChangeMessageVisibilityCommand: new (input: object) => unknown;
}

/** The fields of a received message used here. */
interface SqsMessage {
  Body?: string;
  ReceiptHandle?: string;
  MessageId?: string;
}

function checkInteger(value: number | undefined, option: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(`${option.slice(1)} must be an integer from ${min} to ${max}`, {
      option,
    });
  }
}

/** The region in a standard queue URL (`https://sqs.<region>.amazonaws.com/...`). */
function regionOfQueueUrl(queueUrl: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(queueUrl)?.[1];
}

function checkOptions(options: CloudTrailEventsOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('cloudTrailEvents needs an options object', { option: '' });
  }
  // A plain pattern, not `new URL`: emulators use hosts like `sqs.us-east-1.127.0.0.1`,
  // which WHATWG URL parsing rejects as a malformed IPv4 address.
  if (typeof options.queueUrl !== 'string' || !/^https?:\/\/[^\s/]+\/\S+$/.test(options.queueUrl)) {
    throw new InvalidOptionError('queueUrl must be the http(s) URL of an SQS queue', {
      option: '/queueUrl',
    });
  }
  checkInteger(options.waitTimeSeconds, '/waitTimeSeconds', 1, 20);
  checkInteger(options.maxMessages, '/maxMessages', 1, 10);
  checkInteger(options.visibilityTimeoutSeconds, '/visibilityTimeoutSeconds', 2, 43_200);
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
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
 * Change events from CloudTrail, through EventBridge and SQS: the real-time feed for
 * `watchDrift`. Set up an EventBridge rule matching `{"detail-type": ["AWS API Call via
 * CloudTrail"]}` (optionally narrowed by `source`) with the queue as its target; the source
 * long-polls the queue, maps each event to the Terraform resources it touched (see
 * `docs/watch-aws-events.md`), and yields it with an `ack` that deletes the message.
 *
 * Needs `@aws-sdk/client-sqs` (an optional peer dependency) unless `client` is given.
 * IAM: `sqs:ReceiveMessage`, `sqs:DeleteMessage`, `sqs:ChangeMessageVisibility` on the queue.
 *
 * @throws {@link InvalidOptionError} for a bad option, when called. The iteration throws a
 * `ProviderError` when SQS refuses for good (no such queue, access denied, bad
 * credentials); network failures and throttling are retried with backoff.
 *
 * @example
 * ```ts
 * import { cloudTrailEvents } from 'tfdrift/aws';
 *
 * for await (const event of cloudTrailEvents({ queueUrl, signal })) {
 *   console.log(event.name, event.actor?.principal, event.resources);
 *   await event.ack?.();
 * }
 * ```
 * @public
 */
export function cloudTrailEvents(options: CloudTrailEventsOptions): ChangeSource {
  checkOptions(options);
  return {
    [Symbol.asyncIterator]: () => receiveLoop(options, defaultImporter),
  };
}

/** Builds the SQS client, or takes the caller's. */
function sqsClient(
  options: CloudTrailEventsOptions,
  sdk: SqsModule,
): { client: AwsClientLike; owned: boolean } {
  if (options.client !== undefined) return { client: options.client, owned: false };
  const region =
    options.region ?? regionOfQueueUrl(options.queueUrl) ?? process.env.AWS_REGION ?? 'us-east-1';
  const client = new sdk.SQSClient({
    region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return { client, owned: true };
}

/**
 * The receive loop. A generator so that a consumer that stops iterating (or an abort) ends
 * it; `finally` stops every visibility extension, so unacknowledged messages come back.
 * @internal
 */
export async function* receiveLoop(
  options: CloudTrailEventsOptions,
  importer: ModuleImporter,
): AsyncGenerator<ChangeEvent> {
  const sdk = (await importOptional(importer, '@aws-sdk/client-sqs')) as unknown as SqsModule;
  const { client, owned } = sqsClient(options, sdk);
  const signal = options.signal;
  const visibility = options.visibilityTimeoutSeconds ?? 60;
  const heartbeats = new Set<ReturnType<typeof setInterval>>();
  const send = (command: unknown): Promise<unknown> =>
    client.send(command, signal === undefined ? {} : { abortSignal: signal });
  const remove = async (message: SqsMessage): Promise<void> => {
    await send(
      new sdk.DeleteMessageCommand({
        QueueUrl: options.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
      }),
    );
  };

  /** Keeps a message hidden until `stop` is called or SQS's 12-hour limit is near. */
  const keepHidden = (message: SqsMessage): (() => void) => {
    const started = Date.now();
    const timer = setInterval(
      () => {
        if (Date.now() - started + visibility * 1000 > MAX_VISIBILITY_MS) return stop();
        send(
          new sdk.ChangeMessageVisibilityCommand({
            QueueUrl: options.queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: visibility,
          }),
        ).catch((error: unknown) =>
          options.logger?.warn('cloudTrailEvents: could not extend a message visibility timeout', {
            messageId: message.MessageId,
            code: classifyAwsError(error, 'sqs:ChangeMessageVisibility').code,
          }),
        );
      },
      (visibility * 1000) / 2,
    );
    timer.unref();
    heartbeats.add(timer);
    function stop(): void {
      clearInterval(timer);
      heartbeats.delete(timer);
    }
    return stop;
  };

  const aborted = (): boolean => signal?.aborted === true;
  let failures = 0;
  try {
    while (!aborted()) {
      let messages: SqsMessage[];
      try {
        const out = (await send(
          new sdk.ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.maxMessages ?? 10,
            WaitTimeSeconds: options.waitTimeSeconds ?? 20,
            VisibilityTimeout: visibility,
          }),
        )) as { Messages?: SqsMessage[] };
        messages = out.Messages ?? [];
        failures = 0;
      } catch (error) {
        if (aborted()) return;
        const classified = classifyAwsError(error, 'sqs:ReceiveMessage');
        if (!classified.retryable) {
          throw new AwsCallError(classified, error);
        }
        failures += 1;
        const wait = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failures, 10));
        options.logger?.warn('cloudTrailEvents: receive failed, retrying', {
          code: classified.code,
          waitMs: wait,
        });
        await sleep(classified.retryAfterMs ?? wait, signal);
        continue;
      }
      for (const message of messages) {
        const found = recordOfMessage(message.Body ?? '');
        const change =
          found === undefined ? undefined : changeOfRecord(found.record, found.envelopeArns);
        if (change === undefined) {
          // Nothing to re-check: a read-only or failed call, another event type, or noise.
          if (found === undefined) {
            options.logger?.warn(
              'cloudTrailEvents: deleted a message that is no CloudTrail event',
              {
                messageId: message.MessageId,
              },
            );
          }
          await remove(message);
          continue;
        }
        const stop = keepHidden(message);
        let acked: Promise<void> | undefined;
        change.ack = () => {
          acked ??= (async () => {
            stop();
            await remove(message);
          })();
          return acked;
        };
        yield change;
      }
    }
  } finally {
    for (const timer of heartbeats) clearInterval(timer);
    heartbeats.clear();
    if (owned) client.destroy?.();
  }
}
