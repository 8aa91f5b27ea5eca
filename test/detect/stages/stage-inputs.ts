/**
 * Inputs shared by the stage tests: the bundled example's state and live snapshot (real
 * files, read as users read them) and a scan context built by the real `createScanContext`.
 */
import { join } from 'node:path';
import { guardCallbacks } from '../../../src/detect/guard-callbacks.js';
import type { DetectDriftOptions } from '../../../src/detect/detect-options.js';
import { createScanContext } from '../../../src/detect/stages/scan-context.js';
import type { ScanContext, ScanContextInput } from '../../../src/detect/stages/scan-context.js';
import type { ProgressEvent, Provider } from '../../../src/providers/types.js';
import { loadState } from '../../../src/state/load-state.js';
import type { ResourceInstance } from '../../../src/model/state.js';

export const exampleDir = join(import.meta.dirname, '..', '..', '..', 'examples', 'basic');
export const exampleState = join(exampleDir, 'terraform.tfstate');
export const exampleSnapshot = join(exampleDir, 'live-snapshot.json');

/** The managed instances of the bundled example's state. */
export async function exampleInstances(): Promise<ResourceInstance[]> {
  const state = await loadState(exampleState);
  return state.resources.filter((r) => r.mode === 'managed');
}

/** A scan context over `managed`, with the progress events it emits and its give-ups. */
export function scanContext(
  providers: Provider[],
  managed: readonly ResourceInstance[],
  options: Partial<DetectDriftOptions> & Partial<Omit<ScanContextInput, 'callbacks'>> = {},
): ScanContext & { events: ProgressEvent[]; gaveUp: () => number } {
  const events: ProgressEvent[] = [];
  let gaveUp = 0;
  const callbacks = guardCallbacks(undefined, (event) => events.push(event));
  const scan = createScanContext(
    { ...options, providers },
    {
      signal: options.signal ?? new AbortController().signal,
      callbacks,
      managed,
      several: options.several ?? false,
      config: options.config,
      ignorePaths: options.ignorePaths,
      onGiveUp: () => gaveUp++,
    },
  );
  return Object.assign(scan, { events, gaveUp: () => gaveUp });
}
