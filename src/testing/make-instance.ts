/**
 * Builders for test inputs: resource instances and states shaped like `parseState` output.
 */
import type { ResourceInstance, TerraformState } from '../model/state.js';

/** What {@link makeInstance} needs; everything but `type` has a default. @public */
export interface MakeInstanceInput {
  /** The resource type, e.g. `aws_s3_bucket`. */
  type: string;
  /** The resource name (default `this`). */
  name?: string;
  /** The object's id; defaults to `attributes.id` when that is a string. */
  id?: string;
  /** The state attributes (default `{ id }`). */
  attributes?: Record<string, unknown>;
  /** The keyed module path, e.g. `module.net`. */
  module?: string;
  /** The `count` index or `for_each` key. */
  indexKey?: string | number;
  /** `managed` (default) or `data`. */
  mode?: 'managed' | 'data';
  /** The provider source address (default `registry.terraform.io/hashicorp/<prefix of type>`). */
  provider?: string;
  /** The provider alias. */
  providerAlias?: string;
  /** JSON Pointers of sensitive values. */
  sensitivePaths?: string[];
  /** The deposed key, for a deposed object. */
  deposed?: string;
}

function indexSuffix(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/**
 * Builds a {@link ResourceInstance} with Terraform's address spelling.
 * @example
 * ```ts
 * const bucket = makeInstance({ type: 'aws_s3_bucket', name: 'logs', attributes: { id: 'logs', bucket: 'logs' } });
 * // bucket.address === 'aws_s3_bucket.logs', bucket.id === 'logs'
 * ```
 * @public
 */
export function makeInstance(input: MakeInstanceInput): ResourceInstance {
  const name = input.name ?? 'this';
  const mode = input.mode ?? 'managed';
  const fromAttributes = input.attributes?.id;
  const id = input.id ?? (typeof fromAttributes === 'string' ? fromAttributes : undefined);
  const attributes = input.attributes ?? (id !== undefined ? { id } : {});
  const address =
    (input.module ? `${input.module}.` : '') +
    (mode === 'data' ? 'data.' : '') +
    `${input.type}.${name}${indexSuffix(input.indexKey)}`;
  const instance: ResourceInstance = {
    address,
    mode,
    type: input.type,
    name,
    provider:
      input.provider ?? `registry.terraform.io/hashicorp/${input.type.split('_')[0] ?? input.type}`,
    schemaVersion: 0,
    attributes,
    sensitivePaths: input.sensitivePaths ?? [],
    dependencies: [],
  };
  if (input.module !== undefined) instance.module = input.module;
  if (input.indexKey !== undefined) instance.indexKey = input.indexKey;
  if (input.deposed !== undefined) instance.deposed = input.deposed;
  if (input.providerAlias !== undefined) instance.providerAlias = input.providerAlias;
  if (id !== undefined) instance.id = id;
  return instance;
}

/**
 * Builds a v4 {@link TerraformState} holding `instances`.
 * @public
 */
export function makeState(
  instances: ResourceInstance[],
  extra: Partial<Omit<TerraformState, 'resources'>> = {},
): TerraformState {
  return {
    format: 'v4',
    version: 4,
    serial: 1,
    lineage: 'test-lineage',
    outputs: {},
    ...extra,
    resources: instances,
  };
}
