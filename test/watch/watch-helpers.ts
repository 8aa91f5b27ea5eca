/**
 * Helpers of the watch tests: real state files on disk, a live side the test changes (read
 * through a real Provider), a change feed the test pushes into, and a reader that collects
 * a watch's events until a condition holds.
 */
import { writeFileSync, renameSync } from 'node:fs';
import type { ChangeEvent, ChangeSource } from '../../src/watch/change-event.js';
import type { WatchEvent } from '../../src/watch/watch-event.js';

/** Writes a state of S3 buckets (name → attributes) atomically, as Terraform would. */
export function writeBucketState(
  file: string,
  serial: number,
  buckets: Record<string, Record<string, unknown>>,
  sensitive: string[] = [],
): void {
  const doc = {
    version: 4,
    terraform_version: '1.11.4',
    serial,
    lineage: 'watch-lineage',
    outputs: {},
    resources: Object.entries(buckets).map(([name, attributes]) => ({
      mode: 'managed',
      type: 'aws_s3_bucket',
      name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 0,
          attributes,
          sensitive_attributes: sensitive.map((name) => [{ type: 'get_attr', value: name }]),
        },
      ],
    })),
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(doc));
  renameSync(`${file}.tmp`, file);
}

/** A bucket's attributes. */
export function bucket(name: string, tags: Record<string, string> = {}): Record<string, unknown> {
  return { id: name, bucket: name, arn: `arn:aws:s3:::${name}`, tags };
}

/** A change feed the test pushes events into. */
export class Feed implements ChangeSource {
  private readonly pending: ChangeEvent[] = [];
  private wake: (() => void) | undefined;
  readonly acked: ChangeEvent[] = [];

  push(event: Omit<ChangeEvent, 'ack'>): ChangeEvent {
    const full: ChangeEvent = {
      ...event,
      ack: async () => {
        this.acked.push(full);
        await Promise.resolve();
      },
    };
    this.pending.push(full);
    this.wake?.();
    return full;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChangeEvent> {
    for (;;) {
      while (this.pending.length > 0) yield this.pending.shift() as ChangeEvent;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/**
 * Reads a watch's events in the background. `until` waits for a condition on everything
 * read so far (polling, with a generous limit for a loaded machine); `stop` aborts the
 * watch and waits for the iteration to end.
 */
export class Reader {
  readonly events: WatchEvent[] = [];
  private readonly done: Promise<unknown>;
  error: unknown;

  constructor(
    watch: AsyncIterable<WatchEvent>,
    private readonly controller: AbortController,
  ) {
    this.done = (async () => {
      try {
        for await (const event of watch) this.events.push(event);
      } catch (error) {
        this.error = error;
      }
    })();
  }

  of(type: WatchEvent['type']): WatchEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  async until(condition: (events: WatchEvent[]) => boolean, limitMs = 20_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!condition(this.events)) {
      if (this.error !== undefined) throw this.error as Error;
      if (Date.now() > deadline) {
        throw new Error(
          `condition not met; events: ${JSON.stringify(this.events.map((e) => e.type))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until `count` more scans completed than now. */
  async scans(count: number): Promise<void> {
    const target = this.of('scan-completed').length + count;
    await this.until(
      (events) => events.filter((e) => e.type === 'scan-completed').length >= target,
    );
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  async ended(): Promise<void> {
    await this.done;
  }
}
