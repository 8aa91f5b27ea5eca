/**
 * Stage "load states": the configuration's drift context (when given), then every state
 * (parsed, or loaded from its source with the caller's and the backend's load options), each
 * scanned once (dedupe-states.ts), flattened into the managed instances of the scan. When
 * several states are scanned, each instance carries the name of its state.
 */
import { configDriftContext } from '../../config/drift-context.js';
import type { ConfigDriftContext } from '../../config/drift-context.js';
import { isTfdriftError, StateSourceError } from '../../errors.js';
import type { ProgressEvent } from '../../providers/types.js';
import type { Alert, StateReference } from '../../model/report.js';
import { loadState } from '../../state/load-state.js';
import type { LoadStateOptions } from '../../state/load-state.js';
import type { ResourceInstance, TerraformState } from '../../model/state.js';
import { abortReason } from '../abort.js';
import { dedupeStates } from '../dedupe-states.js';
import type { LoadedState } from '../dedupe-states.js';
import type { DetectDriftOptions, StateInput } from '../detect-options.js';

/** The states of a scan, as loaded. @internal */
export interface Estate {
  /** The states scanned, for the report. */
  states: StateReference[];
  /** Every managed instance of every state, in state order. */
  managed: ResourceInstance[];
  /** Whether several states are scanned (then each instance names its `source`). */
  several: boolean;
  /** The configuration's drift context, when a readable configuration was given. */
  config?: ConfigDriftContext | undefined;
  /** `config-unreadable`, the configuration's, duplicate-state and declared-not-in-state alerts. */
  alerts: Alert[];
}

function sourceName(input: StateInput, state: TerraformState, index: number): string {
  if (state.source !== undefined && state.source !== '<input>') return state.source;
  if (typeof input === 'string') return input;
  if (input instanceof URL)
    return input.protocol === 'file:' ? input.pathname : input.origin + input.pathname;
  // Unnamed parsed states get distinct names, so several of them stay apart in the report.
  return `<state ${index + 1}>`;
}

async function loadAll(
  inputs: StateInput[],
  loadOptions: LoadStateOptions,
  emit: (event: ProgressEvent) => void,
): Promise<LoadedState[]> {
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

// A configuration that cannot be parsed is an alert when states are given, else fatal.
async function readConfig(
  options: Pick<DetectDriftOptions, 'config' | 'state'>,
  signal: AbortSignal,
  alerts: Alert[],
): Promise<ConfigDriftContext | undefined> {
  if (options.config === undefined) return undefined;
  try {
    const config = await configDriftContext(options.config, { signal });
    alerts.push(...config.alerts);
    return config;
  } catch (error) {
    if (isTfdriftError(error) && error.code === 'CONFIG_PARSE' && options.state !== undefined) {
      alerts.push({ code: 'config-unreadable', message: error.message });
      return undefined;
    }
    throw error;
  }
}

function stateReference({ state, source }: LoadedState): StateReference {
  const ref: StateReference = { source };
  if (state.serial !== undefined) ref.serial = state.serial;
  if (state.lineage !== undefined) ref.lineage = state.lineage;
  return ref;
}

/**
 * Loads the configuration and the states of a scan.
 * @throws {@link StateSourceError} when there is no state to scan, the errors of `loadState`
 * for a state that cannot be loaded, those of the configuration when no state was given, and
 * the signal's reason when aborted.
 * @internal
 */
export async function loadStates(
  options: Pick<DetectDriftOptions, 'config' | 'state' | 'loadOptions'>,
  signal: AbortSignal,
  emit: (event: ProgressEvent) => void,
): Promise<Estate> {
  const alerts: Alert[] = [];
  const config = await readConfig(options, signal, alerts);
  const given = options.state ?? config?.stateSource;
  if (given === undefined) {
    throw new StateSourceError(
      'No state to scan: pass `state`, or a `config` whose backend block names the state',
      { source: '<none>' },
    );
  }
  const inputs = Array.isArray(given) ? given : [given];
  const loadOptions = { ...config?.loadOptions, ...options.loadOptions, signal };
  const deduped = dedupeStates(await loadAll(inputs, loadOptions, emit));
  if (signal.aborted) throw abortReason(signal);
  const loaded = deduped.states;
  alerts.push(...deduped.alerts);
  const several = loaded.length > 1;

  // Every managed instance of every state: unmanaged detection needs them all, even in a shard.
  const managed: ResourceInstance[] = [];
  for (const { state, source } of loaded) {
    for (const instance of state.resources) {
      if (instance.mode !== 'managed') continue;
      managed.push(several ? { ...instance, source } : instance);
    }
  }
  const declared = config?.declaredNotInState(managed) ?? [];
  if (declared.length > 0) {
    alerts.push({
      code: 'declared-not-in-state',
      message: 'Resources declared in the configuration have no instance in state',
      addresses: [...declared].sort(),
    });
  }
  return { states: loaded.map(stateReference), managed, several, config, alerts };
}
