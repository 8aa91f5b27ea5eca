/**
 * Re-reads a few instances, not the estate: `detectDrift` over the states already loaded,
 * with every provider narrowed to the instances asked for. The other instances still take
 * part in what needs the whole estate (which separate resource owns part of a parent, the
 * secrets to scrub from messages) but are not read: they come out `unsupported` and are
 * dropped from the result. Everything continuous detection re-reads goes through here.
 */
import type { DetectDriftOptions } from '../detect/detect-drift.js';
import { detectDrift } from '../detect/detect-drift.js';
import { typeListMatcher } from '../detect/route.js';
import type { Provider } from '../providers/types.js';
import type { DriftReport } from '../model/report.js';
import type { ResourceInstance, TerraformState } from '../model/state.js';
import { instanceKey } from './instance-key.js';

function narrowed(provider: Provider, keys: ReadonlySet<string>): Provider {
  const { supports } = provider;
  const matches =
    typeof supports === 'function'
      ? (instance: ResourceInstance) => supports(instance) === true
      : (
          (m) => (instance: ResourceInstance) =>
            m(instance.type)
        )(typeListMatcher(supports));
  const wrapper: Provider = {
    name: provider.name,
    supports: (instance) => keys.has(instanceKey(instance)) && matches(instance),
    read: (batch, ctx) => provider.read(batch, ctx),
  };
  const optional = wrapper as { -readonly [K in keyof Provider]: Provider[K] };
  if (provider.sources) optional.sources = provider.sources;
  if (provider.rules) optional.rules = provider.rules;
  // The provider's packs shape the diff: a re-check judges exactly as the full scan.
  if (provider.packs) optional.packs = provider.packs;
  if (provider.maxBatchSize !== undefined) optional.maxBatchSize = provider.maxBatchSize;
  if (provider.concurrency !== undefined) optional.concurrency = provider.concurrency;
  if (provider.readTimeoutMs !== undefined) optional.readTimeoutMs = provider.readTimeoutMs;
  if (provider.preflight) optional.preflight = (i, ctx) => provider.preflight!(i, ctx);
  if (provider.attribute) optional.attribute = (t, ctx) => provider.attribute!(t, ctx);
  return wrapper;
}

/**
 * Reads the instances with the given keys (see instance-key.ts) and returns a report of
 * those alone. Unmanaged detection is off: a re-check is about known instances.
 * @internal
 */
export async function recheckInstances(
  base: DetectDriftOptions,
  states: TerraformState[],
  keys: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<DriftReport> {
  const options: DetectDriftOptions = {
    ...base,
    state: states,
    providers: base.providers.map((p) => narrowed(p, keys)),
    unmanaged: false,
  };
  if (signal) options.signal = signal;
  const report = await detectDrift(options);
  const resources = report.resources.filter((r) => keys.has(instanceKey(r)));
  return { ...report, resources };
}
