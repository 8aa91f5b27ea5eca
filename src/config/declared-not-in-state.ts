/**
 * Declared resources the state does not hold. Only instances whose existence the
 * configuration settles on its own are expected: `count` and `for_each` must be literals all
 * the way up the module chain. Anything that depends on a variable is left alone rather than
 * reported on a guess.
 */
import type { ResourceInstance } from '../model/state.js';
import { formatKey } from './config-address.js';
import type { DeclaredResource, Expansion, ParsedConfig } from './types.js';

/**
 * The instance addresses `config` certainly declares (managed resources only) that no
 * instance in `instances` has, in configuration order.
 * @internal
 */
export function declaredNotInState(config: ParsedConfig, instances: ResourceInstance[]): string[] {
  const present = new Set(instances.map((instance) => instance.address));
  const calls = new Map(config.modules.map((call) => [call.address, call]));
  const missing: string[] = [];
  for (const resource of config.resources) {
    if (resource.mode !== 'managed') continue;
    const expected = expectedInstances(resource, (address) => calls.get(address)?.expansion);
    for (const address of expected ?? []) {
      if (!present.has(address) && !movedHere(address, config.moved, present))
        missing.push(address);
    }
  }
  return missing;
}

/**
 * Whether state holds the object under an address a `moved` block moves to `address`: the
 * next plan moves it, so it is not missing. A move of a resource or module covers what is
 * inside it (`to = module.b` covers `module.b.aws_x.y[0]`).
 */
function movedHere(
  address: string,
  moves: ParsedConfig['moved'],
  present: Set<string>,
  depth = 0,
): boolean {
  if (depth > moves.length) return false;
  for (const { from, to } of moves) {
    const rest = address.slice(to.length);
    if (!address.startsWith(to) || !(rest === '' || rest.startsWith('.') || rest.startsWith('['))) {
      continue;
    }
    const old = `${from}${rest}`;
    // Chains of moves (a → b, b → c) are followed back to the address state still has.
    if (present.has(old) || movedHere(old, moves, present, depth + 1)) return true;
  }
  return false;
}

/**
 * Every instance address of `resource`, or `undefined` when a `count`/`for_each` on the way is
 * an expression.
 */
function expectedInstances(
  resource: DeclaredResource,
  expansionOf: (moduleAddress: string) => Expansion | undefined,
): string[] | undefined {
  let prefixes = [''];
  const steps = resource.module === undefined ? [] : resource.module.split('.');
  for (let i = 0; i + 1 < steps.length; i += 2) {
    const callAddress = steps.slice(0, i + 2).join('.');
    const keys = instanceKeys(expansionOf(callAddress));
    if (keys === undefined) return undefined;
    const step = `module.${steps[i + 1] ?? ''}`;
    prefixes = prefixes.flatMap((prefix) => keys.map((key) => `${prefix}${step}${key}.`));
  }
  const keys = instanceKeys(resource.expansion);
  if (keys === undefined) return undefined;
  const base = `${resource.type}.${resource.name}`;
  return prefixes.flatMap((prefix) => keys.map((key) => `${prefix}${base}${key}`));
}

/** The key suffixes of an expansion: `['']` without one, `undefined` when not literal. */
function instanceKeys(expansion: Expansion | undefined): string[] | undefined {
  if (expansion === undefined) return [''];
  return expansion.keys?.map(formatKey);
}
