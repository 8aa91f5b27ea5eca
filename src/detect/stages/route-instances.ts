/**
 * Stage "route to readers": each instance goes to the first provider that supports it
 * (route.ts); an instance no provider supports is reported `unsupported`, never read.
 */
import type { Provider } from '../../providers/types.js';
import type { ResourceInstance } from '../../model/state.js';

/** Instances by the provider that reads them, and those nobody reads. @internal */
export interface Routing {
  /** The instances each provider reads, in the order given; providers in order of first use. */
  byProvider: Map<Provider, ResourceInstance[]>;
  /** Instances no provider supports. */
  unsupported: ResourceInstance[];
}

/** Routes `instances` with `route` (see `createRouter`). @internal */
export function routeInstances(
  instances: readonly ResourceInstance[],
  route: (instance: ResourceInstance) => Provider | undefined,
): Routing {
  const byProvider = new Map<Provider, ResourceInstance[]>();
  const unsupported: ResourceInstance[] = [];
  for (const instance of instances) {
    const provider = route(instance);
    if (!provider) {
      unsupported.push(instance);
      continue;
    }
    const list = byProvider.get(provider);
    if (list) list.push(instance);
    else byProvider.set(provider, [instance]);
  }
  return { byProvider, unsupported };
}
