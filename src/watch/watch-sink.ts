/**
 * Sinks: where drift events go besides the iterator. A sink is a plain async function; a
 * rejection means "not delivered", and the delivery stays in the store's outbox to be
 * retried with backoff, across restarts too. Receivers may get an event twice (after a
 * crash between delivery and bookkeeping), never zero times: the delivery id lets them
 * drop duplicates.
 */
import type { DriftEvent } from './watch-event.js';

/** What a sink is told besides the event. @public */
export interface SinkContext {
  /** Aborted when the attempt takes too long or the watch stops. */
  signal: AbortSignal;
  /** The delivery's unique id: the same on every retry, so receivers can drop duplicates. */
  deliveryId: string;
  /** The attempt, from 1. */
  attempt: number;
}

/**
 * A sink: delivers one drift event, and rejects when it could not. `sinkId` names its
 * deliveries in the outbox, so those still pending after a restart go to the same sink;
 * without it, the sink's position in `sinks` is used.
 * @public
 */
export type WatchSink = ((event: DriftEvent, context: SinkContext) => Promise<void>) & {
  readonly sinkId?: string;
};

/** The id of the sink at `index`. @internal */
export function sinkIdOf(sink: WatchSink, index: number): string {
  return typeof sink.sinkId === 'string' && sink.sinkId !== '' ? sink.sinkId : `sink-${index}`;
}
