/**
 * Provider configurations taken from the `provider` blocks of a Terraform working directory,
 * for instances the caller gave no explicit configuration: the block that configured each
 * instance (aliases and module inheritance followed as Terraform does), with its literal
 * arguments. Arguments that are expressions (`region = var.region`) cannot be evaluated
 * without Terraform: they are left out, so the provider's own default applies, and a warning
 * names them.
 */
import { readdir } from 'node:fs/promises';
import { ProviderConfigError } from '../errors.js';
import { parseConfigModel } from '../config/parse-config.js';
import { providerLookup } from '../config/provider-for-instance.js';
import type { ProviderBlock } from '../config/types.js';
import type { ResourceInstance } from '../model/state.js';

/** The configuration found for an instance, and where it comes from. @internal */
export interface BlockConfig {
  /** The block's literal arguments, in Terraform's JSON configuration syntax. */
  config: Record<string, unknown>;
  /** `provider "aws"` (alias `west`) at `main.tf:3`, for messages. */
  origin: string;
  /** Arguments left out because they are expressions (JSON Pointers). */
  expressions: string[];
}

/** Finds the provider block of an instance; `undefined` when the configuration has none. @internal */
export type BlockConfigLookup = (instance: ResourceInstance) => BlockConfig | undefined;

/** Meta-arguments of a `provider` block that are not part of the provider's configuration. */
const META_ARGUMENTS = new Set(['alias', 'version']);

function describe(block: ProviderBlock): string {
  const where = `${block.file}${block.line === undefined ? '' : `:${block.line}`}`;
  const module = block.module === undefined ? '' : ` in ${block.module}`;
  const alias = block.alias === undefined ? '' : ` (alias ${block.alias})`;
  return `provider "${block.name}"${alias}${module} at ${where}`;
}

function blockConfig(block: ProviderBlock): BlockConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block.attributes)) {
    if (!META_ARGUMENTS.has(key)) config[key] = value;
  }
  return {
    config,
    origin: describe(block),
    expressions: block.expressions.filter((p) => !META_ARGUMENTS.has(p.split('/')[1] ?? '')),
  };
}

/**
 * Reads the configuration in `cwd` once and returns the lookup. A configuration that cannot
 * be read (a syntax error, `@cdktf/hcl2json` not installed) is a {@link ProviderConfigError}:
 * reading with a default configuration instead could point the provider at the wrong
 * account or region and report live objects as deleted.
 * @internal
 */
export async function loadProviderBlocks(
  cwd: string,
  signal?: AbortSignal,
): Promise<BlockConfigLookup> {
  // A directory used only for its `.terraform/providers` has no configuration to read.
  const entries = await readdir(cwd).catch(() => [] as string[]);
  if (!entries.some((name) => /\.tf(\.json)?$/.test(name) && !name.startsWith('.'))) {
    return () => undefined;
  }
  let lookup: ReturnType<typeof providerLookup>;
  try {
    lookup = providerLookup(await parseConfigModel(cwd, { signal }));
  } catch (error) {
    throw new ProviderConfigError(
      `Cannot read the provider blocks of ${cwd}: ${(error as Error).message}. Fix the configuration, or pass the provider configuration in the \`config\` option (\`--provider-config\` in the CLI).`,
      { provider: 'plugin', cause: error },
    );
  }
  const cache = new Map<ProviderBlock, BlockConfig>();
  return (instance) => {
    const block = lookup(instance, undefined);
    if (block === undefined) return undefined;
    let found = cache.get(block);
    if (found === undefined) cache.set(block, (found = blockConfig(block)));
    return found;
  };
}
