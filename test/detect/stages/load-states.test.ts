import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadStates } from '../../../src/detect/stages/load-states.js';
import { StateSourceError } from '../../../src/errors.js';
import type { ProgressEvent } from '../../../src/providers/types.js';
import { parseState } from '../../../src/state/parse-state.js';
import { makeInstance, makeState } from '../../../src/testing/make-instance.js';
import { exampleState } from './stage-inputs.js';

const signal = new AbortController().signal;
const noEvents = (): void => undefined;

describe('stage: load states', () => {
  it('loads a state file, keeps the managed instances and names the state', async () => {
    const events: ProgressEvent[] = [];
    const estate = await loadStates({ state: exampleState }, signal, (e) => events.push(e));
    const doc = JSON.parse(readFileSync(exampleState, 'utf8')) as {
      serial: number;
      lineage: string;
    };
    expect(estate.states).toEqual([
      { source: exampleState, serial: doc.serial, lineage: doc.lineage },
    ]);
    expect(estate.managed.map((i) => i.address)).toContain('aws_instance.web');
    expect(estate.managed.every((i) => i.mode === 'managed')).toBe(true);
    expect(estate.managed.some((i) => i.source !== undefined)).toBe(false);
    expect(estate.several).toBe(false);
    expect(events).toEqual([
      { phase: 'load', done: 0, total: 1 },
      { phase: 'load', done: 1, total: 1 },
    ]);
  });

  it('scans a state given twice once, with a duplicate-state alert', async () => {
    const estate = await loadStates({ state: [exampleState, exampleState] }, signal, noEvents);
    expect(estate.states).toHaveLength(1);
    expect(estate.alerts.map((a) => a.code)).toEqual(['duplicate-state']);
    const once = await loadStates({ state: exampleState }, signal, noEvents);
    expect(estate.managed).toHaveLength(once.managed.length);
  });

  it('names the state of each instance when several states are scanned', async () => {
    const other = makeState([makeInstance({ type: 'aws_vpc', name: 'other', id: 'vpc-1' })], {
      lineage: 'other-lineage',
    });
    const parsed = parseState(readFileSync(exampleState, 'utf8'));
    const estate = await loadStates({ state: [parsed, other] }, signal, noEvents);
    expect(estate.several).toBe(true);
    expect(estate.states.map((s) => s.source)).toEqual(['<state 1>', '<state 2>']);
    const sources = new Set(estate.managed.map((i) => i.source));
    expect(sources).toEqual(new Set(['<state 1>', '<state 2>']));
    // The caller's parsed state is not changed: the source goes on copies.
    expect(parsed.resources.some((r) => r.source !== undefined)).toBe(false);
  });

  it('throws a StateSourceError when there is no state to scan', async () => {
    await expect(loadStates({}, signal, noEvents)).rejects.toBeInstanceOf(StateSourceError);
  });

  it('rejects with the reason when aborted while states load', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    controller.abort(reason);
    const parsed = parseState(readFileSync(exampleState, 'utf8'));
    await expect(loadStates({ state: parsed }, controller.signal, noEvents)).rejects.toBe(reason);
    // A source being fetched fails as a source error that says why.
    await expect(
      loadStates({ state: exampleState }, controller.signal, noEvents),
    ).rejects.toBeInstanceOf(StateSourceError);
  });
});
