/**
 * `detectDrift`: state in, providers read the live side, a `DriftReport` out.
 *
 * Failure policy: only configuration and state-level problems throw (a state that cannot be
 * loaded, invalid options, an unreadable configuration when no state was given, a provider
 * whose preflight check fails). Every
 * failed live read becomes an `unknown` resource, a read that hangs included (see
 * read-watchdog.ts), and the caller's callbacks cannot fail the scan (guard-callbacks.ts).
 * An abort while states load rejects with the signal's reason; an abort once reading has
 * started resolves promptly with a partial report in which every resource not yet read is
 * `unknown` with code `ABORTED`.
 */
import { configDriftContext } from '../config/drift-context.js';
import type { ConfigDriftContext } from '../config/drift-context.js';
import type { TerraformConfig } from '../config/parse-config.js';
import { diffResource } from '../diff/diff-resource.js';
import type { IgnoreRule } from '../diff/ignore.js';
import { compileIgnore } from '../diff/ignore.js';
import type { RuleSet } from '../diff/types.js';
import {
  InvalidOptionError,
  isTfdriftError,
  ProviderConfigError,
  StateSourceError,
} from '../errors.js';
import { assertProvider } from '../providers/define-provider.js';
import type {
  AttributionTarget,
  Logger,
  ProgressEvent,
  Provider,
  ProviderContext,
} from '../providers/types.js';
import type { Alert, DriftReport, ResourceReport, StateReference } from '../report/types.js';
import { loadState } from '../state/load-state.js';
import { checkHttpRetry } from '../state/sources/fetch-with-retry.js';
import type { LoadStateOptions } from '../state/load-state.js';
import type { SecretScrubber } from '../shared/scrub-secrets.js';
import type { ResourceInstance, TerraformState } from '../state/types.js';
import { abortReason, linkedController, raceAbort } from './abort.js';
import { DEFAULT_MAX_BATCH_SIZE, interleave, makeBatches } from './batch.js';
import type { ClassifiedError } from './classify-error.js';
import { classifyError, lazyScrubber, scrubDetails, scrubMessage } from './classify-error.js';
import { runPool, Semaphore } from './concurrency.js';
import { dedupeStates } from './dedupe-states.js';
import { findUnmanaged } from './find-unmanaged.js';
import { mergeRules } from './merge-rules.js';
import { indexOwnership, reconcileOwned } from './owned-parts.js';
import { runPreflights } from './preflight.js';
import { createRateLimiter } from './rate-limiter.js';
import type { ReadOutcome } from './read-batch.js';
import { readBatch } from './read-batch.js';
import type { RetryOptions } from './retry.js';
import { checkRetry, resolveRetry } from './retry.js';
import { DEFAULT_READ_TIMEOUT_MS, ReadTimeout, startWatchdog } from './read-watchdog.js';
import { checkNumber, checkObject, MAX_TIMER_MS } from '../shared/check-number.js';
import { guardCallbacks } from './guard-callbacks.js';
import { createRouter } from './route.js';
import type { ShardOptions } from './shard.js';
import { inShard, validateShard } from './shard.js';
import { compareResources, mergeAlerts, summarize } from './summarize.js';
import { attachRemediation, checkRemediationPolicy } from '../report/remediation.js';
import type { RemediationPolicy } from '../report/remediation.js';

/** A state given to {@link detectDrift}: parsed, or a source for `loadState`. @public */
export type StateInput = TerraformState | string | URL;

/** Options of {@link detectDrift}. @public */
export interface DetectDriftOptions {
  /**
   * The state(s): parsed states, or sources for `loadState`. Optional when `config` names a
   * backend. A state given twice (same lineage, serial and instances, or the same source) is
   * scanned once, with a `duplicate-state` alert; states sharing a lineage at different
   * serials are all scanned, with a `same-lineage` alert.
   */
  state?: StateInput | StateInput[];
  /** The providers that read the live side. The first provider that supports an instance reads it. */
  providers: Provider[];
  /** A Terraform configuration directory (or its parsed form): `ignore_changes`, backend, declared resources. */
  config?: string | TerraformConfig;
  /** Ignore rules: `.driftignore` text or rule objects. A rule without a path skips the resource entirely. */
  ignore?: string | IgnoreRule[];
  /** Extra normalization rules by type, applied on top of the providers' rules. */
  rules?: RuleSet;
  /** Look for unmanaged resources through the providers that can `list`. */
  unmanaged?: boolean;
  /** How many `read` calls run at once across all providers (default 8). */
  concurrency?: number;
  /** How retryable read errors are retried (default 4 attempts, 250 ms base, 20 s cap). */
  retry?: RetryOptions;
  /**
   * Give up a provider call (`read`, `list`, `attribute`) after this many milliseconds without
   * a sign of life: no result, rate-limiter call, progress event or log line (time spent
   * waiting in the scan's rate limiter does not count). The instances of a read given up
   * become `unknown` with code `READ_TIMEOUT`, and the scan goes on. Default: the provider's
   * own `readTimeoutMs`, else 5 minutes. At most 2^31 - 1.
   */
  readTimeoutMs?: number;
  /** Read only one deterministic part of the instances; combine the shard reports with `mergeReports`. */
  shard?: ShardOptions;
  /** Cancels the scan. */
  signal?: AbortSignal;
  /** Progress events, with done/total per phase (`load`, `read`, `list`). If it throws, it is no longer called and the report carries a `callback-failed` alert. */
  onProgress?: (event: ProgressEvent) => void;
  /** Where providers log (default: nowhere). A method that throws (or rejects) is no longer called, and the report carries a `callback-failed` alert. */
  logger?: Logger;
  /** Show secret values in the report (default false). */
  revealSensitive?: boolean;
  /** Options for `loadState` of sources given as strings or URLs. */
  loadOptions?: LoadStateOptions;
  /**
   * How drifted, missing and unmanaged resources are remediated: `'replace'` (default:
   * `terraform apply -replace=ADDR`), `'revert'`, or a function per resource. See
   * {@link RemediationPolicy}.
   */
  remediation?: RemediationPolicy;
}

/** The global read concurrency when none is given. @internal */
export const DEFAULT_CONCURRENCY = 8;

function checkOptions(options: DetectDriftOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError('detectDrift needs an options object', { option: '' });
  }
  if (!Array.isArray(options.providers)) {
    throw new ProviderConfigError('detectDrift needs a `providers` array', {
      issues: [{ path: '/providers', message: 'expected an array of providers' }],
    });
  }
  const names = new Set<string>();
  options.providers.forEach((provider, i) => {
    assertProvider(provider, `/providers/${i}`);
    if (names.has(provider.name)) {
      throw new ProviderConfigError(
        `Two providers are named ${provider.name}: names must be unique`,
        {
          provider: provider.name,
          issues: [{ path: `/providers/${i}/name`, message: 'duplicate provider name' }],
        },
      );
    }
    names.add(provider.name);
  });
  checkNumber(options.concurrency, '/concurrency', {
    integer: true,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  });
  checkRetry(options.retry);
  checkNumber(options.readTimeoutMs, '/readTimeoutMs', { min: 1, max: MAX_TIMER_MS });
  if (options.shard !== undefined) validateShard(options.shard);
  checkObject(options.loadOptions, '/loadOptions');
  if (options.loadOptions) checkHttpRetry(options.loadOptions, '/loadOptions');
  checkObject(options.logger, '/logger');
  checkRemediationPolicy(options.remediation);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('onProgress must be a function', { option: '/onProgress' });
  }
}

function sourceName(input: StateInput, state: TerraformState, index: number): string {
  if (state.source !== undefined && state.source !== '<input>') return state.source;
  if (typeof input === 'string') return input;
  if (input instanceof URL)
    return input.protocol === 'file:' ? input.pathname : input.origin + input.pathname;
  // Unnamed parsed states get distinct names, so several of them stay apart in the report.
  return `<state ${index + 1}>`;
}

async function loadStates(
  inputs: StateInput[],
  loadOptions: LoadStateOptions,
  emit: (event: ProgressEvent) => void,
): Promise<{ state: TerraformState; source: string }[]> {
  let done = 0;
  emit({ phase: 'load', done, total: inputs.length });
  return Promise.all(
    inputs.map(async (input, index) => {
      const state =
        typeof input === 'string' || input instanceof URL
          ? await loadState(input, loadOptions)
          : input;
      emit({ phase: 'load', done: ++done, total: inputs.length });
      return { state, source: sourceName(input, state, index) };
    }),
  );
}

function errorReport(
  instance: ResourceInstance,
  provider: string,
  error: ClassifiedError,
  source: boolean,
): ResourceReport {
  return makeReport(instance, provider, 'unknown', source, {
    error: { code: error.code, message: error.message, retryable: error.retryable },
  });
}

// One constructor for every report, so keys always come out in the same order.
function makeReport(
  instance: ResourceInstance,
  provider: string,
  status: ResourceReport['status'],
  withSource: boolean,
  extra: Partial<
    Pick<ResourceReport, 'patch' | 'changes' | 'notChecked' | 'error' | 'details'>
  > = {},
): ResourceReport {
  const report: ResourceReport = { address: instance.address } as ResourceReport;
  if (instance.deposed !== undefined) report.deposed = instance.deposed;
  report.type = instance.type;
  report.provider = provider;
  if (instance.id !== undefined) report.id = instance.id;
  report.status = status;
  report.patch = extra.patch ?? [];
  report.changes = extra.changes ?? [];
  if (extra.notChecked && extra.notChecked.length > 0) report.notChecked = extra.notChecked;
  if (extra.error) report.error = extra.error;
  if (withSource && instance.source !== undefined) report.source = instance.source;
  if (extra.details !== undefined) report.details = extra.details;
  return report;
}

// Asks providers that can explain drift (who changed what, when) about their drifted
// resources, once per provider. Attribution is a bonus: a failure only adds an alert.
async function attributeDrift(
  byProvider: Map<Provider, ResourceInstance[]>,
  scanned: ResourceInstance[],
  reports: ResourceReport[],
  contextFor: (provider: Provider) => ProviderContext,
  signal: AbortSignal,
  alerts: Alert[],
  timeoutFor: (provider: Provider) => number,
  onGiveUp: () => void,
  scrubber: () => SecretScrubber,
): Promise<void> {
  const withAttribution = [...byProvider.keys()].filter((p) => typeof p.attribute === 'function');
  if (withAttribution.length === 0 || signal.aborted) return;
  const targetsOf = new Map<Provider, AttributionTarget[]>();
  for (let i = 0; i < scanned.length; i++) {
    const report = reports[i] as ResourceReport;
    if (report.status !== 'drifted') continue;
    const provider = withAttribution.find((p) => p.name === report.provider);
    if (!provider) continue;
    let list = targetsOf.get(provider);
    if (!list) targetsOf.set(provider, (list = []));
    list.push({ instance: scanned[i] as ResourceInstance, report });
  }
  await Promise.all(
    [...targetsOf].map(async ([provider, targets]) => {
      const watchdog = startWatchdog(
        contextFor(provider),
        timeoutFor(provider),
        `Provider ${provider.name} attribute`,
      );
      try {
        const attribute = provider.attribute?.bind(provider);
        if (!attribute) return;
        const answers = await raceAbort(watchdog.race(attribute(targets, watchdog.ctx)), signal);
        const byAddress = new Map<string, Record<string, unknown>>();
        for (const a of Array.isArray(answers) ? answers : []) {
          if (
            typeof a?.address === 'string' &&
            typeof a.details === 'object' &&
            a.details !== null
          ) {
            byAddress.set(a.address, a.details);
          }
        }
        for (const { report } of targets) {
          const details = byAddress.get(report.address);
          if (details) report.details = { ...report.details, ...scrubDetails(details, scrubber()) };
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ReadTimeout) onGiveUp();
        alerts.push({
          code: 'attribution-failed',
          message: `Provider ${provider.name} could not attribute drift: ${scrubMessage(classifyError(error).message, scrubber())}`,
        });
      } finally {
        watchdog.stop();
      }
    }),
  );
}

/**
 * Detects drift: loads the state(s), routes every managed instance to the first provider that
 * supports it, reads the live side in bounded, retried batches, diffs both sides through the
 * same normalization, and returns a {@link DriftReport} sorted by address. Parts of a parent
 * that a separate resource of any given state owns (an `aws_security_group_rule` inside
 * `aws_security_group.ingress`, a policy attachment inside `aws_iam_role.managed_policy_arns`)
 * are left to that resource: they are never drift on the parent.
 *
 * @throws {@link StateSourceError}, {@link StateParseError} or {@link UnsupportedStateError}
 * when a state cannot be loaded; {@link ProviderConfigError} for invalid providers, or when a
 * provider's `preflight` finds it cannot work at all (a missing SDK package, no or rejected
 * credentials, a missing working directory), before any resource is read;
 * {@link InvalidOptionError} for an option of the wrong type or out of range;
 * {@link ConfigParseError} when `config` cannot be read and no `state` was given, or for
 * invalid `ignore` rules; the signal's reason when aborted before reading started. Never for
 * a failed or hung read, nor for a `logger` or `onProgress` that throws.
 *
 * @example
 * ```ts
 * import { detectDrift, snapshotProvider } from 'tfdrift';
 *
 * const report = await detectDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live-snapshot.json' })],
 *   signal: AbortSignal.timeout(60_000),
 * });
 * for (const r of report.resources) if (r.status === 'drifted') console.log(r.address, r.patch);
 * ```
 * @public
 */
export async function detectDrift(options: DetectDriftOptions): Promise<DriftReport> {
  const started = performance.now();
  checkOptions(options);
  const { controller, dispose } = linkedController(options.signal);
  const signal = controller.signal;
  // The caller's callbacks never fail the scan: see guard-callbacks.ts.
  const callbacks = guardCallbacks(options.logger, options.onProgress);
  const emit = callbacks.onProgress;
  let timedOut = false;
  try {
    const alerts: Alert[] = [];

    let config: ConfigDriftContext | undefined;
    if (options.config !== undefined) {
      try {
        config = await configDriftContext(options.config, { signal });
        alerts.push(...config.alerts);
      } catch (error) {
        if (isTfdriftError(error) && error.code === 'CONFIG_PARSE' && options.state !== undefined) {
          alerts.push({ code: 'config-unreadable', message: error.message });
        } else {
          throw error;
        }
      }
    }

    const given = options.state ?? config?.stateSource;
    if (given === undefined) {
      throw new StateSourceError(
        'No state to scan: pass `state`, or a `config` whose backend block names the state',
        { source: '<none>' },
      );
    }
    const inputs = Array.isArray(given) ? given : [given];
    const deduped = dedupeStates(
      await loadStates(inputs, { ...config?.loadOptions, ...options.loadOptions, signal }, emit),
    );
    if (signal.aborted) throw abortReason(signal);
    const loaded = deduped.states;
    alerts.push(...deduped.alerts);
    const several = loaded.length > 1;
    const states: StateReference[] = loaded.map(({ state, source }) => {
      const ref: StateReference = { source };
      if (state.serial !== undefined) ref.serial = state.serial;
      if (state.lineage !== undefined) ref.lineage = state.lineage;
      return ref;
    });

    // Every managed instance of every state: unmanaged detection needs them all, even in a shard.
    const managed: ResourceInstance[] = [];
    for (const { state, source } of loaded) {
      for (const instance of state.resources) {
        if (instance.mode !== 'managed') continue;
        managed.push(several ? { ...instance, source } : instance);
      }
    }
    if (config) {
      const declared = config.declaredNotInState(managed);
      if (declared.length > 0) {
        alerts.push({
          code: 'declared-not-in-state',
          message: 'Resources declared in the configuration have no instance in state',
          addresses: [...declared].sort(),
        });
      }
    }

    // Provider errors may quote a secret of any instance of the scan, not only of the batch.
    const scrubber = lazyScrubber(managed);

    // Parts of a parent owned by a separate resource (attachment-ownership.ts) are judged there.
    const ownership = indexOwnership(managed);

    const shard = options.shard;
    const ignore = options.ignore !== undefined ? compileIgnore(options.ignore) : undefined;
    const ignored: string[] = [];
    const scanned: ResourceInstance[] = [];
    const ignorePaths = new Map<ResourceInstance, string[]>();
    for (const instance of managed) {
      if (shard && !inShard(instance.address, shard)) continue;
      let paths: string[] | undefined;
      if (ignore) {
        const verdict = ignore.forAddress(instance.address);
        if (verdict.whole) {
          ignored.push(instance.address);
          continue;
        }
        if (verdict.paths.length > 0) paths = verdict.paths;
      }
      if (config) {
        const fromConfig = config.ignorePathsFor(instance);
        if (fromConfig.length > 0) paths = paths ? [...paths, ...fromConfig] : fromConfig;
      }
      if (paths) ignorePaths.set(instance, paths);
      scanned.push(instance);
    }
    if (ignored.length > 0) {
      alerts.push({
        code: 'ignored',
        message: 'Resources skipped entirely by ignore rules',
        addresses: [...new Set(ignored)].sort(),
      });
    }

    const route = createRouter(options.providers);
    const reports: (ResourceReport | undefined)[] = new Array<ResourceReport | undefined>(
      scanned.length,
    );
    const slot = new Map<ResourceInstance, number>();
    const byProvider = new Map<Provider, ResourceInstance[]>();
    for (let i = 0; i < scanned.length; i++) {
      const instance = scanned[i] as ResourceInstance;
      const provider = route(instance);
      if (!provider) {
        reports[i] = makeReport(instance, instance.provider, 'unsupported', several);
        continue;
      }
      slot.set(instance, i);
      const list = byProvider.get(provider);
      if (list) list.push(instance);
      else byProvider.set(provider, [instance]);
    }

    const limit = createRateLimiter(signal);
    const logger = callbacks.logger;
    const contexts = new Map<Provider, ProviderContext>();
    const contextFor = (provider: Provider): ProviderContext => {
      let ctx = contexts.get(provider);
      if (!ctx) {
        ctx = {
          signal,
          logger,
          limit,
          onProgress: (event) => emit({ ...event, provider: event.provider ?? provider.name }),
        };
        contexts.set(provider, ctx);
      }
      return ctx;
    };

    const retry = resolveRetry(options.retry);
    const timeoutFor = (provider: Provider): number =>
      options.readTimeoutMs ?? provider.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const revealSensitive = options.revealSensitive === true;
    const rulesCache = new Map<Provider, RuleSet | undefined>();
    const rulesFor = (provider: Provider): RuleSet | undefined => {
      if (!rulesCache.has(provider))
        rulesCache.set(provider, mergeRules(provider.rules, options.rules));
      return rulesCache.get(provider);
    };
    const extraByProvider = new Map<string, Set<string>>();

    const settle = (
      instance: ResourceInstance,
      provider: Provider,
      outcome: ReadOutcome,
    ): ResourceReport => {
      if (outcome.kind === 'not-found')
        return makeReport(instance, provider.name, 'missing', several);
      if (outcome.kind === 'error') {
        return errorReport(
          instance,
          provider.name,
          { ...outcome.error, message: scrubMessage(outcome.error.message, scrubber()) },
          several,
        );
      }
      try {
        const stored = outcome.expected ?? instance.attributes;
        const expected = config?.expectedAttributes
          ? { ...stored, ...config.expectedAttributes(instance) }
          : stored;
        const owned = ownership.ownedIn(instance);
        const live = owned
          ? reconcileOwned(instance.type, expected, outcome.attributes, owned)
          : outcome.attributes;
        const d = diffResource(expected, live, {
          type: instance.type,
          address: instance.address,
          rules: rulesFor(provider),
          read: outcome.read,
          sensitivePaths: instance.sensitivePaths,
          ignorePaths: ignorePaths.size > 0 ? ignorePaths.get(instance) : undefined,
          revealSensitive,
        });
        return makeReport(
          instance,
          provider.name,
          d.patch.length > 0 ? 'drifted' : 'in-sync',
          several,
          {
            patch: d.patch,
            changes: d.changes,
            notChecked: d.notChecked,
            details:
              outcome.details === undefined ? undefined : scrubDetails(outcome.details, scrubber()),
          },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return errorReport(
          instance,
          provider.name,
          { code: 'DIFF_FAILED', message: scrubMessage(message, scrubber()), retryable: false },
          several,
        );
      }
    };

    const queues: {
      provider: Provider;
      batch: ResourceInstance[];
      gate: Semaphore | undefined;
    }[][] = [];
    const globalConcurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    let total = 0;
    for (const [provider, instances] of byProvider) {
      total += instances.length;
      const own = provider.concurrency;
      const gate = own !== undefined && own < globalConcurrency ? new Semaphore(own) : undefined;
      queues.push(
        makeBatches(instances, provider.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE).map((batch) => ({
          provider,
          batch,
          gate,
        })),
      );
    }
    // Providers that only list (unmanaged detection) are checked too, with no instances.
    const work = new Map<Provider, readonly ResourceInstance[]>(byProvider);
    if (options.unmanaged === true && (!shard || shard.index === 0)) {
      for (const instance of managed) {
        const provider = route(instance);
        if (provider?.list && !work.has(provider)) work.set(provider, []);
      }
    }
    await runPreflights(work, contextFor, signal);

    let done = 0;
    emit({ phase: 'read', done, total });
    await runPool(
      interleave(queues),
      globalConcurrency,
      signal,
      async ({ provider, batch, gate }) => {
        try {
          await gate?.acquire(signal);
        } catch {
          return; // aborted while queued: reported ABORTED below
        }
        try {
          const outcome = await readBatch(
            provider,
            batch,
            contextFor(provider),
            retry,
            timeoutFor(provider),
          );
          const { outcomes, extraAddresses } = outcome;
          if (outcome.timedOut) timedOut = true;
          for (let i = 0; i < batch.length; i++) {
            const instance = batch[i] as ResourceInstance;
            reports[slot.get(instance) as number] = settle(
              instance,
              provider,
              outcomes[i] as ReadOutcome,
            );
          }
          if (extraAddresses.length > 0) {
            let set = extraByProvider.get(provider.name);
            if (!set) extraByProvider.set(provider.name, (set = new Set()));
            for (const a of extraAddresses) set.add(a);
            logger.warn(
              `Provider ${provider.name} returned results for addresses not in its batch`,
              { addresses: extraAddresses },
            );
          }
        } finally {
          gate?.release();
        }
        done += batch.length;
        emit({ phase: 'read', done, total });
      },
    );

    let notRead = 0;
    for (let i = 0; i < reports.length; i++) {
      if (reports[i] !== undefined) continue;
      const instance = scanned[i] as ResourceInstance;
      const provider = route(instance);
      reports[i] = errorReport(
        instance,
        provider?.name ?? instance.provider,
        {
          code: 'ABORTED',
          message: 'The scan was aborted before this resource was read',
          retryable: true,
        },
        several,
      );
      notRead++;
    }
    for (const [name, addresses] of extraByProvider) {
      alerts.push({
        code: 'provider-extra-results',
        message: `Provider ${name} returned results for addresses not in its batch (ignored)`,
        addresses: [...addresses],
      });
    }

    await attributeDrift(
      byProvider,
      scanned,
      reports as ResourceReport[],
      contextFor,
      signal,
      alerts,
      timeoutFor,
      () => (timedOut = true),
      scrubber,
    );

    let unmanaged: DriftReport['unmanaged'] = [];
    if (options.unmanaged === true && (!shard || shard.index === 0) && !signal.aborted) {
      const listed = await findUnmanaged({
        instances: managed,
        route,
        contextFor,
        signal,
        timeoutFor,
        onGiveUp: () => (timedOut = true),
        scrubber,
        onListed: (d, t) => emit({ phase: 'list', done: d, total: t }),
      });
      unmanaged = listed.unmanaged;
      alerts.push(...listed.alerts);
    }

    if (notRead > 0 || signal.aborted) {
      alerts.push({
        code: 'aborted',
        message:
          'The scan was aborted: resources not read are reported unknown with code ABORTED, and unmanaged resources may be incomplete',
      });
    }

    alerts.push(...callbacks.alerts());
    const resources = (reports as ResourceReport[]).sort(compareResources);
    attachRemediation(resources, unmanaged, options.remediation, alerts);
    return {
      schemaVersion: 1,
      generatedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      states,
      summary: summarize(resources, unmanaged.length),
      resources,
      unmanaged,
      alerts: mergeAlerts(alerts),
    };
  } finally {
    dispose();
    // Calls given up after the read timeout may still be running: tell them the scan is over.
    if (timedOut) controller.abort(new Error('The scan is over'));
  }
}
