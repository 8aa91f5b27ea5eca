import type { Provider } from '../providers/types.js';

/** Fixtures for {@link checkProvider}. @public */
export interface ProviderFixtures {
  /** Placeholder. */
  instances?: unknown[];
}

/** Runs the provider conformance suite and returns the failures. @public */
export async function checkProvider(provider: Provider, fixtures: ProviderFixtures): Promise<string[]> {
  void provider;
  void fixtures;
  return ['not implemented'];
}
