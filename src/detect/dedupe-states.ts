/**
 * The same state given twice (the same file twice, two copies of one state) would count every
 * resource twice. Each state is scanned once, and the report says what was left out. Two
 * states that share a lineage at different serials (one probably an older copy of the
 * other) are both scanned, with an alert, since tfdrift cannot know which one is meant.
 */
import type { Alert } from '../model/report.js';
import type { TerraformState } from '../model/state.js';

/** A loaded state and the name the report gives it. @internal */
export interface LoadedState {
  state: TerraformState;
  source: string;
}

/**
 * What makes two loaded states candidates for being the same: lineage, serial and the same
 * instance addresses; without a lineage, the same source (a file or URL), or the same object.
 */
function identity(loaded: LoadedState): unknown {
  const { state } = loaded;
  if (state.lineage !== undefined && state.lineage !== '') {
    const addresses = state.resources.map((r) => `${r.address}\u0001${r.deposed ?? ''}`);
    return `${state.lineage}\u0000${String(state.serial)}\u0000${addresses.join('\u0002')}`;
  }
  return state.source !== undefined && state.source !== '<input>' ? loaded.source : state;
}

/** Whether two candidate states hold the same instances (paid only when the keys collide). */
function sameContent(a: TerraformState, b: TerraformState): boolean {
  return a === b || JSON.stringify(a.resources) === JSON.stringify(b.resources);
}

/**
 * Keeps the first of states that are the same (a `duplicate-state` alert names the others),
 * in the order given; states that share a lineage at different serials are all kept, with a
 * `same-lineage` alert.
 * @internal
 */
export function dedupeStates(loaded: readonly LoadedState[]): {
  states: LoadedState[];
  alerts: Alert[];
} {
  const seen = new Map<unknown, LoadedState>();
  const serialsByLineage = new Map<string, Map<number | undefined, string>>();
  const states: LoadedState[] = [];
  const alerts: Alert[] = [];
  for (const entry of loaded) {
    const key = identity(entry);
    const first = seen.get(key);
    if (first !== undefined && sameContent(first.state, entry.state)) {
      alerts.push({
        code: 'duplicate-state',
        message: `State ${entry.source} is the same state as ${first.source}: scanned once`,
      });
      continue;
    }
    if (first === undefined) seen.set(key, entry);
    states.push(entry);
    const { lineage, serial } = entry.state;
    if (lineage === undefined || lineage === '') continue;
    const serials = serialsByLineage.get(lineage) ?? new Map<number | undefined, string>();
    serialsByLineage.set(lineage, serials);
    if (!serials.has(serial)) serials.set(serial, entry.source);
  }
  for (const [lineage, serials] of serialsByLineage) {
    if (serials.size < 2) continue;
    const list = [...serials].map(([serial, source]) => `${source} (serial ${String(serial)})`);
    alerts.push({
      code: 'same-lineage',
      message: `States ${list.join(', ')} share lineage ${lineage}: one may be an older copy of another, and their resources are counted once per state`,
    });
  }
  return { states, alerts };
}
