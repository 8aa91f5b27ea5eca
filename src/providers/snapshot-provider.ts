import type { Provider } from './types.js';

/** Options of {@link snapshotProvider}. @public */
export interface SnapshotProviderOptions {
  /** Path of a snapshot JSON file. */
  file?: string;
  /** The snapshot itself. */
  data?: unknown;
}

/** A provider that reads the live side from a JSON snapshot. @public */
export function snapshotProvider(options: SnapshotProviderOptions): Provider {
  void options;
  throw new Error('not implemented');
}
