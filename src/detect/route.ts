/**
 * Routing: which provider reads an instance. The first provider in the `providers` array
 * that supports the instance wins, so put specific providers before catch-all ones (such as
 * `terraformProvider`).
 */
import type { Provider } from '../providers/types.js';
import type { ResourceInstance } from '../model/state.js';

type Matcher = (instance: ResourceInstance) => boolean;

/**
 * A matcher for a `supports` list: exact types, `prefix*` globs (`aws_*`), or `*`.
 * @internal
 */
export function typeListMatcher(types: readonly string[]): (type: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const t of types) {
    if (t.endsWith('*')) prefixes.push(t.slice(0, -1));
    else exact.add(t);
  }
  return (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p));
}

/** Whether an instance's provider source address matches one of `sources` (full, or by suffix such as `hashicorp/aws`). @internal */
function sourceMatcher(sources: readonly string[]): Matcher {
  return (instance) =>
    sources.some((s) => instance.provider === s || instance.provider.endsWith(`/${s}`));
}

function matcherFor(provider: Provider): Matcher {
  const { supports } = provider;
  const byType: Matcher =
    typeof supports === 'function'
      ? (instance) => supports(instance) === true
      : (
          (m) => (instance: ResourceInstance) =>
            m(instance.type)
        )(typeListMatcher(supports));
  if (!provider.sources || provider.sources.length === 0) return byType;
  const bySource = sourceMatcher(provider.sources);
  return (instance) => bySource(instance) && byType(instance);
}

/**
 * Builds the router: instance → the first provider that supports it, or `undefined`.
 * A `supports` predicate that throws counts as "not supported" (it is the provider's bug,
 * and the instance then goes to the next provider or becomes `unsupported`).
 * @internal
 */
export function createRouter(
  providers: readonly Provider[],
): (instance: ResourceInstance) => Provider | undefined {
  const matchers = providers.map((p) => [p, matcherFor(p)] as const);
  return (instance) => {
    for (const [provider, matches] of matchers) {
      try {
        if (matches(instance)) return provider;
      } catch {
        // fall through to the next provider
      }
    }
    return undefined;
  };
}
