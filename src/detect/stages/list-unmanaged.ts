/**
 * Stage "list unmanaged": providers that can `list` are asked for live objects of the types
 * the states manage, and those no given state holds are reported, each with an `import`
 * block. Only the first shard lists, so merged shard reports name each object once.
 */
import type { LiveResource } from '../../model/live-resource.js';
import type { Provider, ProviderContext } from '../../providers/types.js';
import type { Alert } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import { isAbortError, raceAbort } from '../abort.js';
import type { SecretScrubber } from '../../shared/scrub-secrets.js';
import { classifyError, scrubMessage } from '../classify-error.js';
import { importBlock, suggestName } from '../import-block.js';
import { ReadTimeout, startWatchdog } from '../read-watchdog.js';
import { compareLive } from '../summarize.js';
import type { ShardOptions } from '../shard.js';

/** Inputs of {@link listUnmanaged}. @internal */
export interface ListUnmanagedInput {
  /** Every managed instance of every given state (not only this shard's). */
  instances: readonly ResourceInstance[];
  route: (instance: ResourceInstance) => Provider | undefined;
  contextFor: (provider: Provider) => ProviderContext;
  signal: AbortSignal;
  /** The per-call timeout of a provider's `list` (time without a sign of life). */
  timeoutFor: (provider: Provider) => number;
  /** Called when a `list` is given up after its timeout. */
  onGiveUp: () => void;
  /** Scrubs provider errors of the scan's secrets. */
  scrubber: () => SecretScrubber;
  onListed: (done: number, total: number) => void;
}

/**
 * Whether the scan lists unmanaged resources: when asked to, and in the first shard only.
 * @internal
 */
export function listsUnmanaged(options: { unmanaged?: boolean; shard?: ShardOptions }): boolean {
  return options.unmanaged === true && (!options.shard || options.shard.index === 0);
}

/**
 * The providers that will `list` for `instances`, each with no instance of its own: their
 * preflight must run before the scan reads anything, like that of the readers.
 * @internal
 */
export function listers(
  instances: readonly ResourceInstance[],
  route: (instance: ResourceInstance) => Provider | undefined,
): Provider[] {
  const found = new Set<Provider>();
  for (const instance of instances) {
    const provider = route(instance);
    if (provider?.list) found.add(provider);
  }
  return [...found];
}

function idOf(instance: ResourceInstance): string | undefined {
  if (instance.id !== undefined) return instance.id;
  const id = instance.attributes.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Lists unmanaged resources, sorted by type and id, each with an `importBlock`. A provider
 * whose `list` fails adds a `list-failed` alert instead of failing the scan.
 * @internal
 */
export async function listUnmanaged(
  input: ListUnmanagedInput,
): Promise<{ unmanaged: LiveResource[]; alerts: Alert[] }> {
  const typesByProvider = new Map<Provider, Set<string>>();
  const known = new Set<string>();
  const usedNames = new Set<string>();
  const typeProvider = new Map<string, Provider | undefined>();
  for (const instance of input.instances) {
    const id = idOf(instance);
    if (id !== undefined) known.add(`${instance.type}\u0000${id}`);
    if (instance.module === undefined) usedNames.add(`${instance.type}.${instance.name}`);
    const key = `${instance.type}\u0000${instance.provider}\u0000${instance.providerAlias ?? ''}`;
    if (typeProvider.has(key)) continue;
    const provider = input.route(instance);
    typeProvider.set(key, provider);
    if (provider?.list) {
      let types = typesByProvider.get(provider);
      if (!types) typesByProvider.set(provider, (types = new Set()));
      types.add(instance.type);
    }
  }

  const alerts: Alert[] = [];
  const found = new Map<string, LiveResource>();
  let done = 0;
  const total = typesByProvider.size;
  await Promise.all(
    [...typesByProvider].map(async ([provider, typeSet]) => {
      const types = [...typeSet].sort();
      const watchdog = startWatchdog(
        input.contextFor(provider),
        input.timeoutFor(provider),
        `Provider ${provider.name} list`,
      );
      try {
        const iterator = (provider.list as NonNullable<Provider['list']>)(types, watchdog.ctx)[
          Symbol.asyncIterator
        ]();
        try {
          for (;;) {
            const step = await raceAbort(watchdog.race(iterator.next()), input.signal);
            if (step.done) break;
            watchdog.alive();
            const live = step.value;
            if (typeof live?.id !== 'string' || live.id === '' || !typeSet.has(live.type)) continue;
            const key = `${live.type}\u0000${live.id}`;
            if (known.has(key) || found.has(key)) continue;
            found.set(key, { ...live, provider: live.provider ?? provider.name });
          }
        } catch (error) {
          Promise.resolve(iterator.return?.()).catch(() => undefined);
          throw error;
        }
      } catch (error) {
        if (error instanceof ReadTimeout) input.onGiveUp();
        if (!(input.signal.aborted && isAbortError(error, input.signal))) {
          alerts.push({
            code: 'list-failed',
            message: `Provider ${provider.name} could not list ${types.join(', ')}: ${scrubMessage(classifyError(error).message, input.scrubber())}`,
          });
        }
      } finally {
        watchdog.stop();
      }
      input.onListed(++done, total);
    }),
  );

  const unmanaged = [...found.values()].sort(compareLive).map((live): LiveResource => {
    const base = suggestName(live.name, live.id);
    let name = base;
    for (let n = 2; usedNames.has(`${live.type}.${name}`); n++) name = `${base}_${n}`;
    usedNames.add(`${live.type}.${name}`);
    const out: LiveResource = { type: live.type, id: live.id };
    if (live.provider !== undefined) out.provider = live.provider;
    if (live.name !== undefined) out.name = live.name;
    if (live.location !== undefined) out.location = live.location;
    if (live.attributes !== undefined) out.attributes = live.attributes;
    out.importBlock = importBlock(live.type, name, live.id);
    return out;
  });
  return { unmanaged, alerts };
}
