import type { Provider } from '../types.js';

/** Options of {@link awsProvider}. @public */
export interface AwsProviderOptions {
  /** Regions to read and list. */
  regions?: string[];
}

/** A native AWS provider. @public */
export function awsProvider(options: AwsProviderOptions = {}): Provider {
  void options;
  throw new Error('not implemented');
}
