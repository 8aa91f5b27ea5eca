/**
 * `watchDrift`: continuous detection. Full scans at an interval, re-checks of exactly the
 * instances a change event touched or a state change moved, confirmation before a drift is
 * opened, and only news out: each drift opened once, updated when it changes, resolved
 * when gone, remembered in a store across restarts.
 */
import type { DetectDriftOptions, StateInput } from '../detect/detect-drift.js';
import { detectDrift } from '../detect/detect-drift.js';
import { configDriftContext } from '../config/drift-context.js';
import { parseConfig } from '../config/parse-config.js';
import { InvalidOptionError, isTfdriftError, StateSourceError } from '../errors.js';
import type { DriftReport } from '../model/report.js';
import type { LoadStateOptions } from '../state/load-state.js';
import { checkNumber, MAX_TIMER_MS } from '../shared/check-number.js';
import type { ChangeEvent, ChangeSource } from './change-event.js';
import type { Observation } from './drift-ledger.js';
import { DriftLedger, isDrift } from './drift-ledger.js';
import { EventQueue } from './event-queue.js';
import { indexTargets } from './event-targets.js';
import type { TargetIndex } from './event-targets.js';
import { fileStore } from './file-store.js';
import { instanceKey } from './instance-key.js';
import type { SinkRetryOptions } from './outbox.js';
import { Outbox } from './outbox.js';
import { recheckInstances } from './recheck.js';
import type { WatchedState } from './watched-states.js';
import { loadWatchedStates, managedInstances, pollWatchedStates } from './watched-states.js';
import type { DriftEvent, WatchEvent, WatchTrigger } from './watch-event.js';
import type { WatchSink } from './watch-sink.js';
import type { WatchStore } from './watch-store.js';
import { emptyStoreData } from './watch-store.js';

/** Options of {@link watchDrift}: every {@link DetectDriftOptions} option, and when and how to look again. @public */
export interface WatchDriftOptions extends DetectDriftOptions {
  /** Milliseconds between full scans (default 1 hour). The first scan starts at once. */
  interval?: number;
  /** Change feeds: each event re-checks the instances it names, and only those. */
  events?: ChangeSource[];
  /**
   * Milliseconds to wait before re-reading a new drift; it is opened only if it is still
   * there (default 30 s). `0` opens a drift on the first read that finds it.
   */
  confirmAfter?: number;
  /**
   * Principals whose changes are expected (the role that runs `terraform apply`): exact
   * strings or patterns matched against the event's `actor.principal`. Their changes are
   * not alerted at once; they are re-checked when the state changes, or after
   * `trustedGraceMs`.
   */
  trustedPrincipals?: (string | RegExp)[];
  /** How long a trusted principal's change may wait for the state to follow, in ms (default 15 minutes). */
  trustedGraceMs?: number;
  /** Milliseconds between looks at the watched states (default 30 s). A local file costs a `stat`. */
  statePollInterval?: number;
  /** Where open drift and undelivered alerts are kept (default `fileStore('.tfdrift/watch.json')`). */
  store?: WatchStore;
  /** Where drift events are delivered besides the iterator, through the store's outbox. */
  sinks?: WatchSink[];
  /** How failed sink deliveries are retried. */
  sinkRetry?: SinkRetryOptions;
}

const DEFAULT_INTERVAL_MS = 3_600_000;
const DEFAULT_CONFIRM_MS = 30_000;
const DEFAULT_TRUSTED_GRACE_MS = 15 * 60_000;
const DEFAULT_STATE_POLL_MS = 30_000;
/** The first pause before a failed change feed is started again, and the longest. */
const RESTART_FEED_MS = 5_000;
const MAX_RESTART_FEED_MS = 300_000;

function checkWatchOptions(options: WatchDriftOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError('watchDrift needs an options object', { option: '' });
  }
  const timer = { min: 0, max: MAX_TIMER_MS };
  checkNumber(options.interval, '/interval', { min: 1, max: MAX_TIMER_MS });
  checkNumber(options.confirmAfter, '/confirmAfter', timer);
  checkNumber(options.trustedGraceMs, '/trustedGraceMs', timer);
  checkNumber(options.statePollInterval, '/statePollInterval', { min: 1, max: MAX_TIMER_MS });
  const lists: [unknown, string][] = [
    [options.events, '/events'],
    [options.sinks, '/sinks'],
    [options.trustedPrincipals, '/trustedPrincipals'],
  ];
  for (const [value, option] of lists) {
    if (value !== undefined && !Array.isArray(value)) {
      throw new InvalidOptionError(`${option.slice(1)} must be an array`, { option });
    }
  }
  options.events?.forEach((source, i) => {
    if (typeof (source as Partial<ChangeSource>)?.[Symbol.asyncIterator] !== 'function') {
      throw new InvalidOptionError('Each change source must be an async iterable', {
        option: `/events/${i}`,
      });
    }
  });
  options.sinks?.forEach((sink, i) => {
    if (typeof sink !== 'function') {
      throw new InvalidOptionError('Each sink must be a function', { option: `/sinks/${i}` });
    }
  });
  options.trustedPrincipals?.forEach((p, i) => {
    if (typeof p !== 'string' && !(p instanceof RegExp)) {
      throw new InvalidOptionError('A trusted principal is a string or a RegExp', {
        option: `/trustedPrincipals/${i}`,
      });
    }
  });
  const store = options.store;
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      typeof store.load !== 'function' ||
      typeof store.save !== 'function')
  ) {
    throw new InvalidOptionError('store must have load() and save()', { option: '/store' });
  }
}

/**
 * Watches for drift continuously and yields only news: a drift is opened once (after a
 * confirming re-read, see `confirmAfter`), updated when its patch changes, and resolved when
 * the resource is back in sync or left the state; scans and failures are reported too.
 * Full scans run every `interval`; between them, each change event re-reads only the
 * instances it names, and a state that changes re-reads the instances whose expected values
 * changed. Open drift and undelivered sink alerts live in `store`, so a restart announces
 * nothing already announced and loses nothing not yet delivered.
 *
 * Work starts when iteration starts and stops when `signal` aborts (in-flight re-checks
 * finish, the store is flushed, then the iteration ends) or when the loop is left.
 *
 * @throws {@link InvalidOptionError} at once for invalid watch options; the iteration
 * rejects with a {@link WatchStoreError} when the store cannot be read or written. A scan
 * that fails (a state that cannot be loaded) is a `scan-failed` event, not an error.
 *
 * @example
 * ```ts
 * import { watchDrift, fileStore, snapshotProvider, webhookSink } from 'tfdrift';
 *
 * const controller = new AbortController();
 * process.once('SIGTERM', () => controller.abort());
 * for await (const event of watchDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live.json' })],
 *   interval: 15 * 60_000,
 *   confirmAfter: 30_000,
 *   store: fileStore('.tfdrift/watch.json'),
 *   sinks: [webhookSink({ url: 'https://alerts.example.com/tfdrift', secret: process.env.HOOK_SECRET! })],
 *   signal: controller.signal,
 * })) {
 *   if (event.type === 'drift-opened') console.log(event.address, event.remediation?.command);
 * }
 * ```
 * @public
 */
export function watchDrift(options: WatchDriftOptions): AsyncIterable<WatchEvent> {
  checkWatchOptions(options);
  return {
    [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
      const queue = new EventQueue<WatchEvent>();
      const engine = new WatchEngine(options, queue);
      const finished = engine.run().then(
        () => queue.close(),
        (error: unknown) => queue.fail(error),
      );
      return {
        next: () => queue.next(),
        async return(): Promise<IteratorResult<WatchEvent>> {
          engine.stop();
          await finished;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** A change by a trusted principal, waiting for the state to follow. */
interface Deferred {
  keys: Set<string>;
  seen: Observation;
  acks: ChangeEvent[];
  timer: ReturnType<typeof setTimeout>;
}

function errorOf(error: unknown): { code: string; message: string } {
  if (isTfdriftError(error)) return { code: error.code, message: error.message };
  return { code: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

function isoOf(at: Date | string): string | undefined {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The running watch: one per iteration. */
class WatchEngine {
  private readonly options: WatchDriftOptions;
  private readonly queue: EventQueue<WatchEvent>;
  private readonly store: WatchStore;
  private readonly base: DetectDriftOptions;
  private readonly confirmAfter: number;
  /** Stops the loops; in-flight re-checks run to their end. */
  private readonly stopping = new AbortController();
  /** Aborts full scans, which may be long, when stopping. */
  private readonly scans = new AbortController();
  private readonly inflight = new Set<Promise<unknown>>();
  private ledger = new DriftLedger({});
  private outbox: Outbox | undefined;
  private states: WatchedState[] = [];
  private targets: TargetIndex | undefined;
  private loadOptions: LoadStateOptions = {};
  private inputs: StateInput[] = [];
  /** When each key was last judged (the start of that read), so a slower, older read never overrides it. */
  private readonly judgedAt = new Map<string, number>();
  private readonly confirming = new Set<string>();
  private readonly deferred = new Set<Deferred>();
  private saving: Promise<void> = Promise.resolve();
  private polling: Promise<void> | undefined;
  private saveFailure: Error | undefined;
  private wakeOutbox: () => void = () => undefined;

  constructor(options: WatchDriftOptions, queue: EventQueue<WatchEvent>) {
    this.options = options;
    this.queue = queue;
    this.store = options.store ?? fileStore();
    this.confirmAfter = options.confirmAfter ?? DEFAULT_CONFIRM_MS;
    const {
      interval: _interval,
      events: _events,
      confirmAfter: _confirm,
      trustedPrincipals: _trusted,
      trustedGraceMs: _grace,
      statePollInterval: _poll,
      store: _store,
      sinks: _sinks,
      sinkRetry: _retry,
      signal: _signal,
      ...base
    } = options;
    this.base = base;
  }

  stop(): void {
    this.stopping.abort();
    this.scans.abort();
  }

  async run(): Promise<void> {
    const signal = this.options.signal;
    if (signal?.aborted) return;
    const onAbort = (): void => this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const data = (await this.store.load()) ?? emptyStoreData();
      this.ledger = new DriftLedger(data.drift);
      this.outbox = new Outbox(data.outbox, this.options.sinks ?? [], this.options.sinkRetry);
      await this.prepare();
      const loops = [
        this.scanLoop(),
        this.statePollLoop(),
        this.outboxLoop(),
        ...(this.options.events ?? []).map((source) => this.consume(source)),
      ];
      await Promise.all(loops);
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      for (const d of this.deferred) clearTimeout(d.timer);
      await this.persist();
      if (this.saveFailure !== undefined) throw this.saveFailure;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Parses the configuration once and finds the state sources. */
  private async prepare(): Promise<void> {
    let config = this.options.config;
    if (typeof config === 'string') {
      config = await parseConfig(config);
      this.base.config = config;
    }
    let given = this.options.state;
    this.loadOptions = { ...this.options.loadOptions };
    if (config !== undefined) {
      const context = await configDriftContext(config);
      given ??= context.stateSource;
      this.loadOptions = { ...context.loadOptions, ...this.options.loadOptions };
    }
    if (given === undefined) {
      throw new StateSourceError(
        'No state to watch: pass `state`, or a `config` whose backend block names the state',
        { source: '<none>' },
      );
    }
    this.inputs = Array.isArray(given) ? given : [given];
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private now(): string {
    return new Date().toISOString();
  }

  /**
   * Sleeps, or returns early (false) when the watch stops. `onWake` receives a function that
   * ends the sleep early (new work arrived).
   */
  private async pause(ms: number, onWake?: (wake: () => void) => void): Promise<boolean> {
    if (this.stopped) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stopping.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
      onWake?.(done);
    });
    return !this.stopped;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
    return tracked;
  }

  private async ensureStates(): Promise<WatchedState[]> {
    if (this.states.length === 0) {
      this.states = await loadWatchedStates(this.inputs, {
        ...this.loadOptions,
        signal: this.scans.signal,
      });
      this.targets = indexTargets(managedInstances(this.states));
    }
    return this.states;
  }

  // ---- full scans ----

  private async scanLoop(): Promise<void> {
    const interval = this.options.interval ?? DEFAULT_INTERVAL_MS;
    do {
      await this.fullScan();
    } while (await this.pause(interval));
  }

  private async fullScan(): Promise<void> {
    const started = Date.now();
    const seen: Observation = { trigger: 'scan', at: new Date(started).toISOString() };
    let report: DriftReport;
    try {
      await this.ensureStates();
      await this.pollStates();
      report = await detectDrift({
        ...this.base,
        state: this.states.map((s) => s.state),
        signal: this.scans.signal,
      });
    } catch (error) {
      if (this.stopped) return;
      this.queue.push({
        type: 'scan-failed',
        at: this.now(),
        trigger: 'scan',
        error: errorOf(error),
      });
      return;
    }
    if (this.stopped && report.alerts.some((a) => a.code === 'aborted')) return;
    const events = this.judge(report, seen, started, false);
    const present = new Set(report.resources.map((r) => instanceKey(r)));
    const all = this.states.length > 0 ? managedInstances(this.states) : new Map();
    for (const [key, drift] of this.ledger.open) {
      if (drift.status === 'unmanaged' || present.has(key) || all.has(key)) continue;
      const resolved = this.ledger.resolve(key, 'removed', seen);
      if (resolved) events.push(resolved);
    }
    const listFailed = report.alerts.some((a) => a.code === 'list-failed' || a.code === 'aborted');
    if (this.base.unmanaged === true && !listFailed) {
      events.push(...this.ledger.judgeUnmanaged(report.unmanaged, seen));
    }
    await this.announce(events);
    this.queue.push({
      type: 'scan-completed',
      at: this.now(),
      durationMs: report.durationMs,
      summary: report.summary,
      openDrift: this.ledger.open.size,
    });
  }

  // ---- judging and announcing ----

  /**
   * Judges the reports of a read that started at `started`; new drift that needs
   * confirmation is scheduled for a re-read. Returns the events to announce.
   */
  private judge(
    report: DriftReport,
    seen: Observation,
    started: number,
    confirmed: boolean,
  ): DriftEvent[] {
    const events: DriftEvent[] = [];
    const candidates = new Set<string>();
    const mayOpen = confirmed || this.confirmAfter === 0;
    for (const r of report.resources) {
      const key = instanceKey(r);
      if ((this.judgedAt.get(key) ?? -Infinity) > started) continue;
      if (r.status !== 'unknown') this.judgedAt.set(key, started);
      if (isDrift(r) && !this.ledger.open.has(key) && this.isDeferred(key)) continue;
      const verdict = this.ledger.judge(r, seen, mayOpen);
      if (verdict.kind === 'event') events.push(verdict.event);
      else if (verdict.kind === 'candidate') candidates.add(key);
    }
    if (candidates.size > 0) void this.track(this.confirm(candidates, seen));
    return events;
  }

  /** Re-reads new drift after `confirmAfter`, and opens what is still there. */
  private async confirm(keys: Set<string>, seen: Observation): Promise<void> {
    const fresh = new Set([...keys].filter((k) => !this.confirming.has(k)));
    if (fresh.size === 0) return;
    for (const k of fresh) this.confirming.add(k);
    try {
      if (!(await this.pause(this.confirmAfter))) return;
      await this.recheck(fresh, { ...seen, trigger: 'confirm' }, true);
    } finally {
      for (const k of fresh) this.confirming.delete(k);
    }
  }

  /** Re-reads some instances and announces what changed; false when the re-check failed. */
  private async recheck(
    keys: Set<string>,
    seen: Observation,
    confirmed: boolean,
  ): Promise<boolean> {
    if (keys.size === 0) return true;
    const started = Date.now();
    const at = new Date(started).toISOString();
    let report: DriftReport;
    try {
      const states = await this.ensureStates();
      report = await recheckInstances(
        this.base,
        states.map((s) => s.state),
        keys,
      );
    } catch (error) {
      this.queue.push({
        type: 'scan-failed',
        at: this.now(),
        trigger: seen.trigger,
        error: errorOf(error),
      });
      return false;
    }
    await this.announce(this.judge(report, { ...seen, at }, started, confirmed));
    return true;
  }

  /** Records events in the store (with their outbox deliveries), then yields them. */
  private async announce(events: DriftEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = new Date();
    for (const event of events) this.outbox?.enqueue(event, now);
    await this.persist();
    for (const event of events) this.queue.push(event);
    this.wakeOutbox();
  }

  /** Saves the ledger and the outbox; saves never overlap, and the last one wins. */
  private persist(): Promise<void> {
    const next = this.saving.then(async () => {
      try {
        await this.store.save({
          version: 1,
          drift: this.ledger.toRecord(),
          outbox: this.outbox?.entries ?? [],
        });
      } catch (error) {
        this.saveFailure ??= error instanceof Error ? error : new Error(String(error));
        this.stop();
      }
    });
    this.saving = next;
    return next;
  }

  // ---- change events ----

  /**
   * Follows one feed. A feed that fails is reported and started again after a pause (5 s,
   * doubling to 5 minutes); one that ends is done.
   */
  private async consume(source: ChangeSource): Promise<void> {
    const stopped = new Promise<'stop'>((resolve) => {
      if (this.stopped) resolve('stop');
      this.stopping.signal.addEventListener('abort', () => resolve('stop'), { once: true });
    });
    let backoff = RESTART_FEED_MS;
    while (!this.stopped) {
      const iterator = source[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await Promise.race([iterator.next(), stopped]);
          if (next === 'stop' || next.done === true) return;
          backoff = RESTART_FEED_MS;
          void this.track(this.handle(next.value));
        }
      } catch (error) {
        this.queue.push({
          type: 'scan-failed',
          at: this.now(),
          trigger: 'event',
          error: errorOf(error),
        });
      } finally {
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
      await this.pause(backoff);
      backoff = Math.min(backoff * 2, MAX_RESTART_FEED_MS);
    }
  }

  private isTrusted(event: ChangeEvent): boolean {
    const principal = event.actor?.principal;
    if (typeof principal !== 'string') return false;
    return (this.options.trustedPrincipals ?? []).some((p) =>
      typeof p === 'string' ? p === principal : p.test(principal),
    );
  }

  private isDeferred(key: string): boolean {
    for (const d of this.deferred) if (d.keys.has(key)) return true;
    return false;
  }

  private async handle(event: ChangeEvent): Promise<void> {
    if (typeof event !== 'object' || event === null) return;
    // Without the states, the event cannot be mapped: left unacknowledged, it comes again.
    const loaded = await this.ensureStates().then(
      () => true,
      () => false,
    );
    if (!loaded || !this.targets) return;
    const keys = this.targets.targetsOf(event.resources);
    const seen: Observation = { trigger: 'event', at: this.now() };
    if (event.actor && typeof event.actor.principal === 'string') seen.actor = event.actor;
    if (typeof event.name === 'string') seen.eventName = event.name;
    const eventAt = event.at === undefined ? undefined : isoOf(event.at);
    if (eventAt !== undefined) seen.eventAt = eventAt;
    if (keys.size > 0 && this.isTrusted(event)) {
      this.defer(keys, seen, event);
      return;
    }
    if (!(await this.recheck(keys, seen, false))) return;
    // Waits for the confirmation of what this event revealed, so the event is acknowledged
    // only once its resources were judged (an unacknowledged event is delivered again).
    while ([...keys].some((k) => this.confirming.has(k)) && !this.stopped) {
      await this.pause(Math.max(10, Math.min(this.confirmAfter, 1000)));
    }
    if ([...keys].some((k) => this.confirming.has(k))) return;
    await this.ack(event);
  }

  private async ack(event: ChangeEvent): Promise<void> {
    try {
      await event.ack?.();
    } catch {
      // The feed delivers the event again: re-checking twice is harmless.
    }
  }

  /** Holds back a trusted change until the state follows it, or the grace period ends. */
  private defer(keys: Set<string>, seen: Observation, event: ChangeEvent): void {
    const grace = this.options.trustedGraceMs ?? DEFAULT_TRUSTED_GRACE_MS;
    const entry: Deferred = {
      keys,
      seen,
      acks: [event],
      timer: setTimeout(() => void this.track(this.release(entry, 'event')), grace),
    };
    this.deferred.add(entry);
  }

  private async release(entry: Deferred, trigger: WatchTrigger): Promise<void> {
    if (!this.deferred.delete(entry)) return;
    clearTimeout(entry.timer);
    if (!(await this.recheck(entry.keys, { ...entry.seen, trigger }, true))) return;
    for (const event of entry.acks) await this.ack(event);
  }

  // ---- state changes ----

  private async statePollLoop(): Promise<void> {
    const every = this.options.statePollInterval ?? DEFAULT_STATE_POLL_MS;
    while (await this.pause(every)) {
      if (this.states.length === 0) continue;
      try {
        await this.pollStates();
      } catch (error) {
        this.queue.push({
          type: 'scan-failed',
          at: this.now(),
          trigger: 'state',
          error: errorOf(error),
        });
      }
    }
  }

  /** Looks at the states once; a look already running is joined, not repeated. */
  private pollStates(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.states.length === 0) return;
    const { states, changes } = await pollWatchedStates(this.states, {
      ...this.loadOptions,
      signal: this.scans.signal,
    });
    this.states = states;
    if (changes.length === 0) return;
    this.targets = indexTargets(managedInstances(states));
    const seen: Observation = { trigger: 'state', at: this.now() };
    const removed: DriftEvent[] = [];
    const changed = new Set<string>();
    for (const change of changes) {
      for (const key of change.removed) {
        const resolved = this.ledger.resolve(key, 'removed', seen);
        if (resolved) removed.push(resolved);
      }
      for (const key of change.changed) changed.add(key);
    }
    await this.announce(removed);
    // The state moved: trusted changes waiting for it are judged now.
    for (const entry of [...this.deferred]) {
      for (const key of entry.keys) changed.delete(key);
      void this.track(this.release(entry, 'state'));
    }
    await this.recheck(changed, seen, false);
    for (const change of changes) {
      const event: WatchEvent = {
        type: 'state-changed',
        at: this.now(),
        source: change.source,
        rechecked: change.changed.length,
      };
      if (change.serial !== undefined) event.serial = change.serial;
      this.queue.push(event);
    }
  }

  // ---- sinks ----

  private async outboxLoop(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox || (this.options.sinks ?? []).length === 0) return;
    while (!this.stopped) {
      const { changed, failures } = await outbox.deliverDue(() => new Date(), this.stopping.signal);
      for (const { entry, message } of failures) {
        this.queue.push({
          type: 'sink-failed',
          at: this.now(),
          sink: entry.sink,
          key: entry.event.key,
          attempts: entry.attempts,
          message,
        });
      }
      if (changed) await this.persist();
      const due = outbox.nextDue();
      const wait = due === undefined ? MAX_TIMER_MS : Math.max(0, due - Date.now());
      await this.pause(Math.min(wait, MAX_TIMER_MS), (wake) => (this.wakeOutbox = wake));
      this.wakeOutbox = () => undefined;
    }
  }
}
