/**
 * Provider configuration addresses as state stores them (`internal/addrs/provider_config.go`):
 * `provider["registry.terraform.io/hashicorp/aws"].west`, with an optional unkeyed module
 * prefix, the 0.12 legacy `provider.aws.west`, and OpenTofu's keyed provider instances
 * `provider["registry.opentofu.org/hashicorp/aws"].by_region["eu-west-1"]`.
 */

/** A parsed provider configuration address. @internal */
export interface ProviderConfigParts {
  /** The provider source address (FQN), e.g. `registry.terraform.io/hashicorp/aws`. */
  provider: string;
  /** The alias, or an OpenTofu keyed instance such as `by_region["eu-west-1"]`. */
  alias?: string;
  /** The module path where the provider block lives, e.g. `module.vpc`. */
  module?: string;
}

const MODERN = /^((?:module\.[^.[\]"]+\.)*)provider\["([^"]+)"\](?:\.(.+))?$/;
const LEGACY = /^((?:module\.[^.[\]"]+\.)*)provider\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?$/;

/**
 * The FQN Terraform gives a provider named only by its type: legacy namespace `-`, as Terraform
 * reads pre-0.13 addresses (`addrs.NewLegacyProvider`).
 * @internal
 */
export function legacyProvider(type: string): string {
  return `registry.terraform.io/-/${type}`;
}

/**
 * Parses a provider configuration address; `undefined` when it is not one.
 * @internal
 */
export function parseProviderConfig(text: string): ProviderConfigParts | undefined {
  const modern = MODERN.exec(text);
  const match = modern ?? LEGACY.exec(text);
  if (match === null) return undefined;
  const modulePrefix = match[1] as string;
  const name = match[2] as string;
  const parts: ProviderConfigParts = { provider: modern === null ? legacyProvider(name) : name };
  if (match[3] !== undefined) parts.alias = match[3];
  if (modulePrefix !== '') parts.module = modulePrefix.slice(0, -1);
  return parts;
}

/**
 * Formats a provider configuration address in the 0.13+ syntax.
 * @internal
 */
export function formatProviderConfig(parts: ProviderConfigParts): string {
  const prefix = parts.module === undefined ? '' : `${parts.module}.`;
  const alias = parts.alias === undefined ? '' : `.${parts.alias}`;
  return `${prefix}provider["${parts.provider}"]${alias}`;
}

/**
 * Which tool wrote a state, told by the registry host of a provider FQN.
 * @internal
 */
export function writerOfProvider(provider: string): 'terraform' | 'opentofu' | undefined {
  if (provider.startsWith('registry.opentofu.org/')) return 'opentofu';
  if (provider.startsWith('registry.terraform.io/')) return 'terraform';
  return undefined;
}
