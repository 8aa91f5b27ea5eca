/**
 * `webhookSink`: drift events as JSON to any HTTP endpoint, signed with HMAC-SHA256 so the
 * receiver can tell them from forgeries. Failed deliveries are retried by the outbox.
 */
import { createHmac } from 'node:crypto';
import { InvalidOptionError } from '../../errors.js';
import type { WatchSink } from '../watch-sink.js';
import { postJson, sinkUrl } from './post-json.js';
import { endpointName, sinkPayload } from './sink-payload.js';

/** Options of {@link webhookSink}. @public */
export interface WebhookSinkOptions {
  /** The endpoint (http or https). */
  url: string | URL;
  /** The shared secret of the `X-Tfdrift-Signature` header; without it, requests are not signed. */
  secret?: string;
  /** Extra request headers (for example an authorization header). */
  headers?: Record<string, string>;
  /** Send secret values as they are (default false: redacted). */
  revealSensitive?: boolean;
}

/** The `X-Tfdrift-Signature` value of a body: `sha256=` followed by the hex HMAC-SHA256 of the body under the secret. @public */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * A sink that POSTs each drift event as JSON: `{ "deliveryId": "…", "event": { … } }`, with
 * headers `X-Tfdrift-Event` (the event type), `X-Tfdrift-Delivery` (the same on every retry:
 * drop duplicates by it) and, with a `secret`, `X-Tfdrift-Signature` (see
 * {@link webhookSignature}; compare it in constant time). Any answer but 2xx counts as a failure.
 *
 * @example
 * ```ts
 * import { watchDrift, webhookSink, snapshotProvider } from 'tfdrift';
 *
 * watchDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live.json' })],
 *   sinks: [webhookSink({ url: 'https://hooks.example.com/drift', secret: process.env.HOOK_SECRET })],
 * });
 * ```
 * @public
 */
export function webhookSink(options: WebhookSinkOptions): WatchSink {
  const url = sinkUrl(options?.url, 'webhookSink');
  const secret = options.secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new InvalidOptionError('webhookSink secret must be a non-empty string', {
      option: '/secret',
    });
  }
  const extra = { ...options.headers };
  const reveal = options.revealSensitive === true;
  const sink = async (
    event: Parameters<WatchSink>[0],
    context: Parameters<WatchSink>[1],
  ): Promise<void> => {
    const body = JSON.stringify({
      deliveryId: context.deliveryId,
      event: sinkPayload(event, reveal),
    });
    const headers: Record<string, string> = {
      ...extra,
      'x-tfdrift-event': event.type,
      'x-tfdrift-delivery': context.deliveryId,
    };
    if (secret !== undefined) headers['x-tfdrift-signature'] = webhookSignature(body, secret);
    await postJson(url, body, headers, context.signal);
  };
  return Object.assign(sink, { sinkId: `webhook:${endpointName(url)}` });
}
