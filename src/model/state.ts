/**
 * The normalized model of a Terraform state that every other part of tfdrift reads. Whatever
 * the input (v4, legacy v3, `terraform show -json`, plan JSON), it becomes this. Part of the
 * domain model: it imports nothing of the layers that use it.
 */

/** Which document a {@link TerraformState} was read from. @public */
export type StateFormat = 'v4' | 'v3' | 'v1' | 'show-json' | 'plan-json';

/** A root-module output value. @public */
export interface OutputValue {
  /** The value, as stored (sensitive values are kept; reports redact them). */
  value: unknown;
  /** The cty type JSON, when the state recorded one. */
  type?: unknown;
  /** Whether the output is marked sensitive. */
  sensitive: boolean;
}

/** One `check_results` entry (Terraform 1.3+). @public */
export interface CheckResult {
  /** `resource`, `output`, `check`, `var`, or a kind newer than this library. */
  objectKind: string;
  /** The unkeyed configuration address. */
  configAddress: string;
  /** `pass`, `fail`, `error`, `unknown`, or a newer status. */
  status: string;
  /** Per-object results. */
  objects: { address: string; status: string; failureMessages?: string[] }[];
}

/**
 * One resource instance in state: a single object Terraform manages (or a data source
 * result). `count` and `for_each` produce one instance per key; a deposed object is its own
 * instance with `deposed` set.
 * @public
 */
export interface ResourceInstance {
  /** Terraform's own spelling, e.g. `module.net.aws_subnet.private["a"]`. Deposed objects share the address of the current object. */
  address: string;
  /** `managed` for resources, `data` for data sources. */
  mode: 'managed' | 'data';
  /** The resource type, e.g. `aws_instance`. */
  type: string;
  /** The resource name in configuration. */
  name: string;
  /** The keyed module path, e.g. `module.a["k"].module.b[0]`; absent for the root module. */
  module?: string;
  /** The `count` index (number) or `for_each` key (string). */
  indexKey?: string | number;
  /** The deposed key (8 hex digits) for a deposed object. */
  deposed?: string;
  /** The provider source address, e.g. `registry.terraform.io/hashicorp/aws`. */
  provider: string;
  /** The provider alias, e.g. `west`, or an OpenTofu keyed provider instance such as `by_region["eu-west-1"]`. */
  providerAlias?: string;
  /** The full provider configuration address as written in state, e.g. `module.x.provider["registry.terraform.io/hashicorp/aws"].west`. */
  providerConfig?: string;
  /** The `id` attribute, when the object has one. */
  id?: string;
  /** The provider schema version of `attributes`. */
  schemaVersion: number;
  /**
   * The object's attributes as Terraform stored them (JSON values). Integers outside the
   * IEEE-754 safe range (|n| ≥ 2^53, e.g. uint64 hashes) are kept exactly as `bigint`; every
   * other number is a `number`. Compare with `===`/`typeof` (bigint is a primitive), and
   * serialize with a replacer, since `JSON.stringify` throws on bigint.
   */
  attributes: Record<string, unknown>;
  /** RFC 6901 JSON Pointers (into `attributes`) of the values marked sensitive. */
  sensitivePaths: string[];
  /** `tainted` when Terraform will replace the object. */
  status?: 'tainted';
  /** Configuration addresses this object depends on. */
  dependencies: string[];
  /** Resource identity (Terraform 1.12+), when stored. */
  identity?: Record<string, unknown>;
  /** Provider-private data (base64), opaque and never diffed. */
  private?: string;
  /** Whether `create_before_destroy` was set. */
  createBeforeDestroy?: boolean;
  /** True when `attributes` were expanded from a legacy flatmap and values may be strings where the schema says otherwise. */
  lossy?: boolean;
  /** The name of the state source this instance came from (set by `detectDrift` when several states are scanned). */
  source?: string;
}

/** The normalized Terraform state. @public */
export interface TerraformState {
  /** The document the state was read from. */
  format: StateFormat;
  /** The state format version of the input (4 for v4; 3 or 1 for legacy; for JSON output formats the `format_version` major). */
  version: number;
  /** The version of Terraform (or OpenTofu) that wrote the state. */
  terraformVersion?: string;
  /** The state serial. */
  serial?: number;
  /** The state lineage. */
  lineage?: string;
  /** Root-module outputs. */
  outputs: Record<string, OutputValue>;
  /** One entry per resource instance, managed and data, in the order of the file. */
  resources: ResourceInstance[];
  /** Check results (Terraform 1.3+), when present. */
  checkResults?: CheckResult[];
  /** The name of the source (file path, URL with credentials removed, or `<input>`). */
  source?: string;
  /** `opentofu` or `terraform` when the writer can be told from the file (registry host), otherwise absent. */
  writer?: 'terraform' | 'opentofu';
}
