import type { ParseStateOptions } from './parse-state.js';
import type { TerraformState } from './types.js';

/** Options of {@link loadState}. @public */
export interface LoadStateOptions extends ParseStateOptions {
  /** Aborts the fetch. */
  signal?: AbortSignal;
}

/** Loads and parses a state from a path or URL. @public */
export async function loadState(source: string | URL, options: LoadStateOptions = {}): Promise<TerraformState> {
  void source;
  void options;
  throw new Error('not implemented');
}
