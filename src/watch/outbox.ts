/**
 * The outbox: drift events each sink still has to take. Entries are written to the store
 * before the event is announced and removed only after the sink accepted them, so a crash
 * or a receiver outage delays a delivery but never loses it. Each sink gets its events in
 * order: a failed entry holds back the later ones of the same sink until it goes through.
 */
import { randomUUID } from 'node:crypto';
import type { DriftEvent } from './watch-event.js';
import type { WatchSink } from './watch-sink.js';
import { sinkIdOf } from './watch-sink.js';
import type { OutboxEntry } from './watch-store.js';

/** How deliveries are retried. @public */
export interface SinkRetryOptions {
  /** The first retry delay in ms (default 1000); it doubles on each failure. */
  baseMs?: number;
  /** The longest delay between attempts in ms (default 5 minutes). */
  maxMs?: number;
  /** How long one attempt may take in ms before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

/** One failed attempt. @internal */
export interface DeliveryFailure {
  entry: OutboxEntry;
  message: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** @internal */
export class Outbox {
  readonly entries: OutboxEntry[];
  private readonly sinks: Map<string, WatchSink>;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly timeoutMs: number;

  constructor(entries: OutboxEntry[], sinks: readonly WatchSink[], retry: SinkRetryOptions = {}) {
    this.entries = entries;
    this.sinks = new Map(sinks.map((s, i) => [sinkIdOf(s, i), s]));
    this.baseMs = retry.baseMs ?? 1000;
    this.maxMs = retry.maxMs ?? 300_000;
    this.timeoutMs = retry.timeoutMs ?? 10_000;
  }

  /** Queues one delivery of `event` per sink. */
  enqueue(event: DriftEvent, now: Date): void {
    for (const sink of this.sinks.keys()) {
      this.entries.push({
        id: randomUUID(),
        sink,
        event,
        attempts: 0,
        nextAttemptAt: now.toISOString(),
      });
    }
  }

  /** When the next entry is due (ms since the epoch), or `undefined` when none is. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const entry of this.entries) {
      if (!this.sinks.has(entry.sink)) continue;
      const due = Date.parse(entry.nextAttemptAt);
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  /**
   * Attempts every due entry (in order, per sink), removing the delivered ones. Returns the
   * failures and whether anything changed. Entries for a sink no longer configured stay.
   */
  async deliverDue(
    now: () => Date,
    signal: AbortSignal,
  ): Promise<{ changed: boolean; failures: DeliveryFailure[] }> {
    const blocked = new Set<string>();
    const failures: DeliveryFailure[] = [];
    let changed = false;
    for (const entry of [...this.entries]) {
      if (signal.aborted) break;
      const sink = this.sinks.get(entry.sink);
      if (!sink || blocked.has(entry.sink)) continue;
      if (Date.parse(entry.nextAttemptAt) > now().getTime()) {
        blocked.add(entry.sink);
        continue;
      }
      entry.attempts++;
      changed = true;
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]);
      try {
        await sink(entry.event, { signal: attempt, deliveryId: entry.id, attempt: entry.attempts });
        this.entries.splice(this.entries.indexOf(entry), 1);
      } catch (error) {
        const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(entry.attempts - 1, 30));
        entry.nextAttemptAt = new Date(now().getTime() + delay).toISOString();
        blocked.add(entry.sink);
        const message = attempt.aborted && !signal.aborted ? 'timed out' : messageOf(error);
        failures.push({ entry, message });
      }
    }
    return { changed, failures };
  }
}
