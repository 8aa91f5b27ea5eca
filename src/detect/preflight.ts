/**
 * The providers' preflight checks, run once per scan before any read: a provider that cannot
 * work at all (a missing SDK package, no or rejected credentials, no working directory) fails
 * the scan with one error instead of reporting every resource `unknown`.
 */
import { isTfdriftError, ProviderConfigError } from '../errors.js';
import type { Provider, ProviderContext } from '../providers/types.js';
import type { ResourceInstance } from '../model/state.js';
import { abortReason, raceAbort } from './abort.js';

/**
 * Runs `preflight` of every provider that takes part in the scan, side by side. Rejects with
 * the first failure: a tfdrift error as the provider threw it, anything else wrapped in a
 * {@link ProviderConfigError} that names the provider.
 * @internal
 */
export async function runPreflights(
  work: ReadonlyMap<Provider, readonly ResourceInstance[]>,
  contextFor: (provider: Provider) => ProviderContext,
  signal: AbortSignal,
): Promise<void> {
  await Promise.all(
    [...work].map(async ([provider, instances]) => {
      if (typeof provider.preflight !== 'function') return;
      try {
        await raceAbort(provider.preflight(instances, contextFor(provider)), signal);
      } catch (error) {
        if (signal.aborted) throw abortReason(signal);
        if (isTfdriftError(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new ProviderConfigError(
          `Provider ${provider.name} cannot run: ${message.replace(/\s+/g, ' ').slice(0, 500)}`,
          { provider: provider.name, cause: error },
        );
      }
    }),
  );
}

/**
 * The providers whose preflight a scan runs: those that read, with their instances, then
 * those that only list (for unmanaged detection), with none.
 * @internal
 */
export function preflightWork(
  byProvider: ReadonlyMap<Provider, readonly ResourceInstance[]>,
  listers: readonly Provider[],
): Map<Provider, readonly ResourceInstance[]> {
  const work = new Map<Provider, readonly ResourceInstance[]>(byProvider);
  for (const lister of listers) if (!work.has(lister)) work.set(lister, []);
  return work;
}
