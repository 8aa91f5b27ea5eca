/**
 * The options of `detectDrift`, and their validation: a wrong type or a value out of range
 * fails the scan with a typed error before anything is loaded or read.
 */
import type { TerraformConfig } from '../config/parse-config.js';
import type { IgnoreRule } from '../diff/ignore.js';
import type { RuleSet } from '../diff/types.js';
import type { Pack } from '../packs/types.js';
import { checkRemediationPolicy } from '../report/remediation.js';
import type { RemediationPolicy } from '../report/remediation.js';
import { InvalidOptionError, ProviderConfigError } from '../errors.js';
import { assertProvider } from '../providers/define-provider.js';
import type { Logger, ProgressEvent, Provider } from '../providers/types.js';
import { checkNumber, checkObject, MAX_TIMER_MS } from '../shared/check-number.js';
import type { LoadStateOptions } from '../state/load-state.js';
import { checkHttpRetry } from '../state/sources/fetch-with-retry.js';
import type { TerraformState } from '../model/state.js';
import type { RetryOptions } from './retry.js';
import { checkRetry } from './retry.js';
import type { ShardOptions } from './shard.js';
import { validateShard } from './shard.js';

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
  /**
   * Packs to resolve after the built-in ones and the providers' (see docs/packs.md): rules,
   * comparators, ownership relations and schema secrets of Terraform providers, and
   * `remove` entries that switch built-in knowledge off.
   */
  packs?: readonly Pack[];
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

/**
 * Throws a typed error for options `detectDrift` cannot run with: not an object, providers
 * that are not providers or share a name, numbers out of range, callbacks that are not
 * functions.
 * @internal
 */
export function checkOptions(options: DetectDriftOptions): void {
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
