/**
 * Which `provider` block configured a resource instance. State records it (`providerConfig`,
 * e.g. `module.x.provider["registry.terraform.io/hashicorp/aws"].west`); without that, the
 * configuration is followed as Terraform does: a module's own block, else what its caller
 * passed in `providers = { ... }`, else (for a default provider) the caller's default.
 */
import type { ResourceInstance } from '../model/state.js';
import { unkeyedModulePath } from './config-address.js';
import type { DeclaredResource, ModuleCall, ProviderBlock, ParsedConfig } from './types.js';

/** Looks up the provider block of instances; built once per configuration. @internal */
type ProviderLookup = (
  instance: ResourceInstance,
  declared: DeclaredResource | undefined,
) => ProviderBlock | undefined;

/** Builds a {@link ProviderLookup} for `config`. @internal */
export function providerLookup(config: ParsedConfig): ProviderLookup {
  const blocks = new Map<string, ProviderBlock>();
  for (const provider of config.providers) {
    blocks.set(blockKey(provider.module, provider.name, provider.alias), provider);
  }
  const calls = new Map(config.modules.map((call) => [call.address, call]));
  const find = (module: string | undefined, name: string, alias: string | undefined) =>
    resolve(blocks, calls, module, name, alias, 0);

  return (instance, declared) => {
    const recorded = parseProviderConfig(instance.providerConfig);
    if (recorded !== undefined) {
      const name = localName(config, recorded.module, instance.provider);
      return blocks.get(blockKey(recorded.module, name, recorded.alias));
    }
    if (declared !== undefined) {
      return find(declared.module, declared.provider, declared.providerAlias);
    }
    const module = instance.module ? unkeyedModulePath(instance.module) : undefined;
    return find(module, localName(config, module, instance.provider), instance.providerAlias);
  };
}

function resolve(
  blocks: Map<string, ProviderBlock>,
  calls: Map<string, ModuleCall>,
  module: string | undefined,
  name: string,
  alias: string | undefined,
  depth: number,
): ProviderBlock | undefined {
  const own = blocks.get(blockKey(module, name, alias));
  if (own !== undefined || module === undefined || depth > 64) return own;
  const call = calls.get(module);
  if (call === undefined) return undefined;
  const passed = call.providers[alias === undefined ? name : `${name}.${alias}`];
  if (passed !== undefined) {
    const [parentName = name, parentAlias] = passed.split('.', 2);
    return resolve(blocks, calls, call.parent, parentName, parentAlias, depth + 1);
  }
  // Only default (unaliased) providers are inherited implicitly.
  return alias === undefined
    ? resolve(blocks, calls, call.parent, name, undefined, depth + 1)
    : undefined;
}

function blockKey(module: string | undefined, name: string, alias: string | undefined): string {
  return `${module ?? ''}|${name}|${alias ?? ''}`;
}

/** Splits `module.x.provider["registry.terraform.io/hashicorp/aws"].west`. */
function parseProviderConfig(
  text: string | undefined,
): { module: string | undefined; alias: string | undefined } | undefined {
  if (text === undefined) return undefined;
  const match = /^(?:(.*)\.)?provider\["[^"]*"\](?:\.(.+))?$/.exec(text);
  if (match === null) return undefined;
  return { module: match[1] ? unkeyedModulePath(match[1]) : undefined, alias: match[2] };
}

/**
 * The local name a module uses for a provider source: from its `required_providers`, else the
 * source's last segment (`registry.terraform.io/hashicorp/aws` → `aws`).
 */
function localName(config: ParsedConfig, module: string | undefined, source: string): string {
  const wanted = sourceTail(source);
  for (const required of config.requiredProviders) {
    if (required.module !== module || required.source === undefined) continue;
    if (sourceTail(required.source) === wanted) return required.name;
  }
  return source.split('/').pop() ?? source;
}

/** `namespace/type` of a source address (`aws` alone means `hashicorp/aws`). */
function sourceTail(source: string): string {
  const parts = source.toLowerCase().split('/');
  const type = parts.pop() ?? '';
  return `${parts.pop() ?? 'hashicorp'}/${type}`;
}
