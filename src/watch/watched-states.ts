/**
 * The states a watch follows: loaded once, then polled cheaply. A source with a fingerprint
 * (state-fingerprint.ts: a local file, an S3 object) is re-read only when it moves; other
 * sources are re-read and compared by lineage, serial and content. A change yields the instances
 * whose expected values changed (to re-check) and those that left the state (whose drift is
 * resolved).
 */
import type { StateInput } from '../detect/detect-drift.js';
import type { LoadStateOptions } from '../state/load-state.js';
import { loadState } from '../state/load-state.js';
import type { ResourceInstance, TerraformState } from '../model/state.js';
import { instanceKey } from './instance-key.js';
import { stateFingerprint } from './state-fingerprint.js';

/** One watched state and what is known of its version. @internal */
export interface WatchedState {
  input: StateInput;
  state: TerraformState;
  /** A cheap fingerprint of the source (mtime and size of a file), when there is one. */
  fingerprint?: string;
}

/** What changed in the watched states. @internal */
export interface StateChange {
  source: string;
  serial?: number;
  /** Keys of instances that are new or whose state attributes changed. */
  changed: string[];
  /** Keys of instances no longer in any state. */
  removed: string[];
}

async function loadOne(input: StateInput, options: LoadStateOptions): Promise<WatchedState> {
  const fingerprint = await stateFingerprint(input, options);
  const state =
    typeof input === 'string' || input instanceof URL ? await loadState(input, options) : input;
  return { input, state, fingerprint };
}

/** Loads every watched state. @internal */
export function loadWatchedStates(
  inputs: readonly StateInput[],
  options: LoadStateOptions,
): Promise<WatchedState[]> {
  return Promise.all(inputs.map((input) => loadOne(input, options)));
}

/** The managed instances of the watched states by key, as `detectDrift` names them. @internal */
export function managedInstances(states: readonly WatchedState[]): Map<string, ResourceInstance> {
  const byKey = new Map<string, ResourceInstance>();
  states.forEach(({ state }, index) => {
    for (const [key, instance] of instancesOf(state, index, states.length > 1))
      byKey.set(key, instance);
  });
  return byKey;
}

function instancesOf(
  state: TerraformState,
  index: number,
  several: boolean,
): Map<string, ResourceInstance> {
  const source = several ? stateName(state, index) : undefined;
  const byKey = new Map<string, ResourceInstance>();
  for (const instance of state.resources) {
    if (instance.mode !== 'managed') continue;
    const named = source === undefined ? instance : { ...instance, source };
    byKey.set(instanceKey(named), named);
  }
  return byKey;
}

/** The name `detectDrift` gives a parsed state in its report. @internal */
function stateName(state: TerraformState, index: number): string {
  return state.source !== undefined && state.source !== '<input>'
    ? state.source
    : `<state ${index + 1}>`;
}

/**
 * Looks at every watched state and reloads those that moved. Returns the new list (the
 * same objects where nothing moved) and what changed; a parsed state given as an object
 * never changes.
 * @internal
 */
export async function pollWatchedStates(
  current: readonly WatchedState[],
  options: LoadStateOptions,
): Promise<{ states: WatchedState[]; changes: StateChange[] }> {
  const next = await Promise.all(
    current.map(async (watched) => {
      if (typeof watched.input !== 'string' && !(watched.input instanceof URL)) return watched;
      const fingerprint = await stateFingerprint(watched.input, options);
      if (fingerprint !== undefined && fingerprint === watched.fingerprint) return watched;
      const reloaded = await loadOne(watched.input, options);
      const same =
        reloaded.state.lineage === watched.state.lineage &&
        reloaded.state.serial === watched.state.serial &&
        sameInstances(reloaded.state, watched.state);
      return same ? { ...watched, fingerprint: reloaded.fingerprint } : reloaded;
    }),
  );
  const changes: StateChange[] = [];
  if (next.every((s, i) => s.state === current[i]?.state)) return { states: next, changes };
  const several = next.length > 1;
  next.forEach((watched, index) => {
    const old = current[index] as WatchedState;
    if (watched.state === old.state) return;
    const before = instancesOf(old.state, index, several);
    const after = instancesOf(watched.state, index, several);
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [key, instance] of after) {
      const previous = before.get(key);
      if (!previous || fingerprintAttributes(previous) !== fingerprintAttributes(instance))
        changed.push(key);
    }
    for (const key of before.keys()) if (!after.has(key)) removed.push(key);
    const change: StateChange = { source: stateName(watched.state, index), changed, removed };
    if (watched.state.serial !== undefined) change.serial = watched.state.serial;
    changes.push(change);
  });
  return { states: next, changes };
}

function fingerprintAttributes(instance: ResourceInstance): string {
  return JSON.stringify(instance.attributes);
}

function sameInstances(a: TerraformState, b: TerraformState): boolean {
  if (a.resources.length !== b.resources.length) return false;
  return a.resources.every((r, i) => {
    const other = b.resources[i] as ResourceInstance;
    return (
      r.address === other.address &&
      r.deposed === other.deposed &&
      fingerprintAttributes(r) === fingerprintAttributes(other)
    );
  });
}
