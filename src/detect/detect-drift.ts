import type { IgnoreRule } from '../diff/ignore.js';
import type { RuleSet } from '../diff/types.js';
import type { Provider, ProgressEvent, Logger } from '../providers/types.js';
import type { DriftReport } from '../report/types.js';
import type { LoadStateOptions } from '../state/load-state.js';
import type { TerraformState } from '../state/types.js';

/** Options of {@link detectDrift}. @public */
export interface DetectDriftOptions {
  /** The state(s): parsed states, or sources for `loadState`. */
  state?: TerraformState | string | URL | (TerraformState | string | URL)[];
  /** The providers that read the live side. */
  providers: Provider[];
  /** A Terraform configuration directory (or its parsed form). */
  config?: string;
  /** Ignore rules: `.driftignore` text or rule objects. */
  ignore?: string | IgnoreRule[];
  /** Extra normalization rules by type. */
  rules?: RuleSet;
  /** Look for unmanaged resources. */
  unmanaged?: boolean;
  /** How many reads run at once. */
  concurrency?: number;
  /** Cancels the scan. */
  signal?: AbortSignal;
  /** Progress events. */
  onProgress?: (event: ProgressEvent) => void;
  /** Where to log. */
  logger?: Logger;
  /** Show secret values in the report. */
  revealSensitive?: boolean;
  /** Options for `loadState` of sources given as strings. */
  loadOptions?: LoadStateOptions;
}

/** Detects drift. @public */
export async function detectDrift(options: DetectDriftOptions): Promise<DriftReport> {
  void options;
  throw new Error('not implemented');
}
