/**
 * What the stages of a scan share once the instances are known: the signal, the guarded
 * callbacks, one context and one timeout per provider, the retry policy, the scrubber of the
 * scan's secrets, and how to diff (rules, owned parts, ignore paths). Built once per scan by
 * {@link createScanContext}; a later re-check of a few instances reuses it as it is.
 */
import type { ConfigDriftContext } from '../../config/drift-context.js';
import type { RuleSet } from '../../diff/types.js';
import type { Logger, ProgressEvent, Provider, ProviderContext } from '../../providers/types.js';
import type { SecretScrubber } from '../../shared/scrub-secrets.js';
import type { ResourceInstance } from '../../model/state.js';
import { lazyScrubber } from '../classify-error.js';
import type { DetectDriftOptions } from '../detect-options.js';
import { DEFAULT_CONCURRENCY } from '../detect-options.js';
import type { GuardedCallbacks } from '../guard-callbacks.js';
import { mergeRules } from '../../diff/merge-rules.js';
import type { ResolvedPacks } from '../../packs/resolve-packs.js';
import { scanPacks } from '../../packs/scan-packs.js';
import { createRateLimiter } from '../rate-limiter.js';
import { DEFAULT_READ_TIMEOUT_MS } from '../read-watchdog.js';
import type { ResolvedRetry } from '../retry.js';
import { resolveRetry } from '../retry.js';
import { createRouter } from '../route.js';
import { scrubbingLogger } from '../scrubbing-logger.js';
import type { OwnedPartsReconciler } from './reconcile-owned-parts.js';
import { ownedPartsReconciler } from './reconcile-owned-parts.js';

/** Everything the stages after selection need. @internal */
export interface ScanContext {
  /** Aborted when the scan is cancelled (or over). */
  signal: AbortSignal;
  /** Progress, guarded: never throws. */
  emit: (event: ProgressEvent) => void;
  /** The caller's logger, guarded: never throws. */
  logger: Logger;
  /** The first provider that supports an instance, or `undefined`. */
  route: (instance: ResourceInstance) => Provider | undefined;
  /** One context per provider for the whole scan (so its progress events carry its name). */
  contextFor: (provider: Provider) => ProviderContext;
  /** How long a call of `provider` may go without a sign of life. */
  timeoutFor: (provider: Provider) => number;
  /** Records that a provider call was given up after its timeout (it may still run). */
  giveUp: () => void;
  retry: ResolvedRetry;
  /** How many `read` calls run at once across all providers. */
  concurrency: number;
  /** Scrubs the secrets of every instance of the scan from provider messages. */
  scrubber: () => SecretScrubber;
  /** Whether several states are scanned: report entries then name their state. */
  several: boolean;
  /** The provider's rules with the caller's on top. */
  rulesFor: (provider: Provider) => RuleSet | undefined;
  /** The live side with parts owned by other resources of the scan made equal to state. */
  reconcile: OwnedPartsReconciler;
  /** The expected side: stored attributes, with what the configuration adds (default tags). */
  expectedFor: (
    instance: ResourceInstance,
    stored: Record<string, unknown>,
  ) => Record<string, unknown>;
  /** Attribute globs not compared for this instance (`.driftignore`, `ignore_changes`). */
  ignorePathsFor: (instance: ResourceInstance) => string[] | undefined;
  revealSensitive: boolean;
  /** The scan's resolved packs: comparators, derived maps and schema secrets for the diff. */
  packs: ResolvedPacks;
}

/** What {@link createScanContext} takes besides the caller's options. @internal */
export interface ScanContextInput {
  signal: AbortSignal;
  callbacks: Pick<GuardedCallbacks, 'logger' | 'logs' | 'onProgress'>;
  /** Every managed instance of every state: secrets to scrub and owners of parts. */
  managed: readonly ResourceInstance[];
  several: boolean;
  config?: ConfigDriftContext | undefined;
  /** Ignore paths by instance, from selection. */
  ignorePaths?: ReadonlyMap<ResourceInstance, string[]> | undefined;
  /** Called when a provider call is given up after its timeout. */
  onGiveUp: () => void;
  /** The scan's resolved packs (default: resolved from the options). */
  packs?: ResolvedPacks | undefined;
}

/** Builds the context the stages of one scan share. @internal */
export function createScanContext(
  options: Pick<
    DetectDriftOptions,
    'providers' | 'concurrency' | 'retry' | 'readTimeoutMs' | 'rules' | 'revealSensitive' | 'packs'
  >,
  input: ScanContextInput,
): ScanContext {
  const { signal, config } = input;
  const { logger, onProgress: emit } = input.callbacks;
  const packs = input.packs ?? scanPacks(options.providers, options.packs, options.rules);
  const scrubber = lazyScrubber(input.managed, packs.secrets);
  // Providers relay other programs' output: their log lines are scrubbed like their errors.
  const providerLogger =
    options.revealSensitive === true
      ? logger
      : scrubbingLogger(logger, input.callbacks.logs, scrubber);
  const limit = createRateLimiter(signal);
  const contexts = new Map<Provider, ProviderContext>();
  const rulesCache = new Map<Provider, RuleSet | undefined>();
  const ignorePaths = input.ignorePaths;
  const expectedAttributes = config?.expectedAttributes?.bind(config);
  return {
    signal,
    emit,
    logger,
    route: createRouter(options.providers),
    contextFor(provider) {
      let ctx = contexts.get(provider);
      if (!ctx) {
        ctx = {
          signal,
          logger: providerLogger,
          limit,
          onProgress: (event) => emit({ ...event, provider: event.provider ?? provider.name }),
        };
        contexts.set(provider, ctx);
      }
      return ctx;
    },
    timeoutFor: (provider) =>
      options.readTimeoutMs ?? provider.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    giveUp: input.onGiveUp,
    retry: resolveRetry(options.retry),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    scrubber,
    several: input.several,
    rulesFor(provider) {
      if (!rulesCache.has(provider))
        rulesCache.set(provider, mergeRules(provider.rules, options.rules));
      return rulesCache.get(provider);
    },
    reconcile: ownedPartsReconciler(input.managed, packs),
    expectedFor: expectedAttributes
      ? (instance, stored) => ({ ...stored, ...expectedAttributes(instance) })
      : (_instance, stored) => stored,
    ignorePathsFor: (instance) =>
      ignorePaths && ignorePaths.size > 0 ? ignorePaths.get(instance) : undefined,
    revealSensitive: options.revealSensitive === true,
    packs,
  };
}
