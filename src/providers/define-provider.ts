import type { Provider } from './types.js';

/**
 * Checks a provider object and returns it, typed.
 * @public
 */
export function defineProvider<P extends Provider>(provider: P): P {
  return provider;
}
