/**
 * What `detectDrift({ config })` needs from a Terraform configuration: where the state lives,
 * which attribute paths never count as drift, what the provider adds to the expected side,
 * and which declared resources the state does not hold.
 */
import { resolve } from 'node:path';
import type { Alert } from '../model/report.js';
import type { LoadStateOptions } from '../state/load-state.js';
import type { ResourceInstance } from '../model/state.js';
import { stateLocation } from './backend.js';
import type { BackendConfigInput } from './backend-config.js';
import { configAddressOf, unkeyedModulePath } from './config-address.js';
import { declaredNotInState } from './declared-not-in-state.js';
import { expectedTagsAll } from './default-tags.js';
import { ignoreGlobs } from './ignore-changes.js';
import { parseConfigModel } from './parse-config.js';
import { providerLookup } from './provider-for-instance.js';
import { InvalidOptionError } from '../errors.js';
import type { ParsedConfig, TerraformConfig } from './types.js';

/** Options of {@link configDriftContext}. @internal */
interface ConfigDriftContextOptions {
  /** Environment used for `TF_WORKSPACE` and backend credentials (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Aborts reading the configuration. */
  signal?: AbortSignal;
  /** Directory that relative paths resolve against (defaults to `process.cwd()`). */
  cwd?: string;
  /** `-backend-config` values, when `config` is a directory (see `parseConfig`). */
  backendConfig?: BackendConfigInput;
}

/**
 * The configuration's contribution to a drift scan.
 * @internal
 */
export interface ConfigDriftContext {
  /** A `loadState` source found from the `backend` / `cloud` block, when there is one. */
  stateSource?: string;
  /** Options for `loadState` derived from the backend block (region, endpoint, workspace...). */
  loadOptions?: Partial<LoadStateOptions>;
  /** JSON Pointer globs of the attributes that never count as drift (`lifecycle.ignore_changes`). */
  ignorePathsFor(instance: ResourceInstance): string[];
  /** Attributes the expected side should hold beyond the state (e.g. `tags_all` from provider `default_tags`). */
  expectedAttributes?(instance: ResourceInstance): Record<string, unknown>;
  /** Addresses (patterns) declared in configuration that no instance in `instances` matches. */
  declaredNotInState(instances: ResourceInstance[]): string[];
  /** Problems found while reading the configuration that do not stop the scan. */
  alerts: Alert[];
}

/**
 * Reads a configuration (a directory or an already parsed one) into a {@link ConfigDriftContext}:
 * the state location from the backend, `ignore_changes` and `ignore_tags` as ignore globs,
 * `tags_all` from provider `default_tags`, and the declared resources state lacks.
 * @throws {@link ConfigParseError} when the configuration cannot be read.
 * @internal
 */
export async function configDriftContext(
  config: string | TerraformConfig,
  options: ConfigDriftContextOptions = {},
): Promise<ConfigDriftContext> {
  const parsed =
    typeof config === 'string'
      ? await parseConfigModel(options.cwd === undefined ? config : resolve(options.cwd, config), {
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.backendConfig === undefined ? {} : { backendConfig: options.backendConfig }),
          ...(options.env === undefined ? {} : { env: options.env }),
        })
      : parsedForm(config);
  const location = await stateLocation(parsed, {
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const byAddress = new Map(parsed.resources.map((resource) => [resource.address, resource]));
  const declaredFor = (instance: ResourceInstance) =>
    byAddress.get(configAddressOf(instance)) ??
    byAddress.get(movedAddress(instance.address, parsed));
  const providerOf = providerLookup(parsed);
  const context: ConfigDriftContext = {
    ignorePathsFor(instance) {
      const resource = declaredFor(instance);
      return ignoreGlobs(resource, providerOf(instance, resource));
    },
    expectedAttributes(instance) {
      const resource = declaredFor(instance);
      const tagsAll = expectedTagsAll(instance, providerOf(instance, resource));
      return tagsAll === undefined ? {} : { tags_all: tagsAll };
    },
    declaredNotInState: (instances) => declaredNotInState(parsed, instances),
    alerts: [...location.alerts, ...unreadModulesAlert(parsed)],
  };
  if (location.stateSource !== undefined) context.stateSource = location.stateSource;
  if (location.loadOptions !== undefined) context.loadOptions = location.loadOptions;
  return context;
}

/**
 * The configuration address an instance will have once the `moved` blocks are applied (an
 * object still at its old address is governed by the block it moves to), or `''`.
 */
function movedAddress(address: string, config: ParsedConfig): string {
  let current = address;
  // Bounded: each move applies at most once along a chain.
  for (let step = 0; step <= config.moved.length; step++) {
    const move = config.moved.find(({ from }) => {
      const rest = current.slice(from.length);
      return (
        current.startsWith(from) && (rest === '' || rest.startsWith('.') || rest.startsWith('['))
      );
    });
    if (move === undefined) break;
    current = `${move.to}${current.slice(move.from.length)}`;
  }
  return current === address ? '' : unkeyedModulePath(current);
}

/** Modules from a registry or git that `terraform init` has not installed: their resources are unknown. */
function unreadModulesAlert(config: ParsedConfig): Alert[] {
  const unread = config.modules.filter((call) => !call.followed).map((call) => call.address);
  if (unread.length === 0) return [];
  return [
    {
      code: 'config-modules-not-read',
      message:
        'Modules not on disk were not read (run `terraform init` to install them); resources they declare are not checked against state',
      addresses: unread,
    },
  ];
}

/**
 * `config` as `parseConfig` returned it, with the blocks the public type leaves out. An
 * object built by hand lacks them and is refused rather than read as a configuration with
 * no modules, providers or `moved` blocks.
 */
function parsedForm(config: TerraformConfig): ParsedConfig {
  const full = config as Partial<ParsedConfig>;
  const complete =
    typeof config === 'object' &&
    config !== null &&
    Array.isArray(config.resources) &&
    Array.isArray(full.modules) &&
    Array.isArray(full.providers) &&
    Array.isArray(full.requiredProviders) &&
    Array.isArray(full.moved);
  if (!complete) {
    throw new InvalidOptionError(
      '`config` must be a configuration directory or the result of parseConfig',
      { option: '/config' },
    );
  }
  return config as ParsedConfig;
}
