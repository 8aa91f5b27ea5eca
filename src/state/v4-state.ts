/**
 * State format version 4 (`internal/states/statefile/version4.go`, Terraform 0.12+ and every
 * OpenTofu) converted to {@link TerraformState}.
 *
 * This is the hot path for large states: attribute objects are used as `JSON.parse` built them
 * (no copy), checks are hand-written, and JSON Pointers for messages are only built when
 * something is wrong.
 */
import type { CheckResult, OutputValue, ResourceInstance, TerraformState } from '../model/state.js';
import { formatKey } from './address.js';
import { expandFlatmap } from './flatmap.js';
import { IssueCollector, isObject } from './issues.js';
import { escapePointerToken } from './json-pointer.js';
import {
  parseProviderConfig,
  writerOfProvider,
  type ProviderConfigParts,
} from './provider-address.js';
import { pointersFromCtyPaths } from './sensitive-paths.js';

/** Remembers parsed provider strings: a state has few distinct ones and many instances. */
class ProviderCache {
  private readonly cache = new Map<string, ProviderConfigParts | undefined>();
  readonly writers = new Set<'terraform' | 'opentofu'>();

  get(text: string): ProviderConfigParts | undefined {
    if (this.cache.has(text)) return this.cache.get(text);
    const parts = parseProviderConfig(text);
    this.cache.set(text, parts);
    if (parts !== undefined) {
      const writer = writerOfProvider(parts.provider);
      if (writer !== undefined) this.writers.add(writer);
    }
    return parts;
  }
}

/**
 * Converts root outputs (`{name: {value, type?, sensitive?}}`).
 * @internal
 */
export function convertOutputs(
  outputs: unknown,
  at: string,
  issues: IssueCollector,
): Record<string, OutputValue> {
  const result: Record<string, OutputValue> = {};
  if (outputs === undefined || outputs === null) return result;
  if (!isObject(outputs)) {
    issues.wrongType(at, 'an object', outputs);
    return result;
  }
  for (const name of Object.keys(outputs)) {
    const output = outputs[name];
    const path = `${at}/${escapePointerToken(name)}`;
    if (!isObject(output)) {
      issues.wrongType(path, 'an object', output);
      continue;
    }
    if (output.sensitive !== undefined && typeof output.sensitive !== 'boolean') {
      issues.wrongType(`${path}/sensitive`, 'a boolean', output.sensitive);
    }
    const value: OutputValue = { value: output.value, sensitive: output.sensitive === true };
    if (output.type !== undefined) value.type = output.type;
    Object.defineProperty(result, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function convertCheckResults(raw: unknown, issues: IssueCollector): CheckResult[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    issues.wrongType('/check_results', 'an array or null', raw);
    return undefined;
  }
  const results: CheckResult[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = `/check_results/${i}`;
    if (!isObject(entry)) return issues.wrongType(at, 'an object', entry);
    for (const field of ['object_kind', 'config_addr', 'status'] as const) {
      if (typeof entry[field] !== 'string') {
        if (entry[field] === undefined) issues.missing(`${at}/${field}`, field);
        else issues.wrongType(`${at}/${field}`, 'a string', entry[field]);
      }
    }
    const objects: CheckResult['objects'] = [];
    if (Array.isArray(entry.objects)) {
      entry.objects.forEach((object: unknown, j) => {
        const objectAt = `${at}/objects/${j}`;
        if (!isObject(object)) return issues.wrongType(objectAt, 'an object', object);
        if (typeof object.object_addr !== 'string') {
          return issues.wrongType(`${objectAt}/object_addr`, 'a string', object.object_addr);
        }
        const item: CheckResult['objects'][number] = {
          address: object.object_addr,
          status: typeof object.status === 'string' ? object.status : 'unknown',
        };
        if (Array.isArray(object.failure_messages)) {
          item.failureMessages = object.failure_messages.filter(
            (m): m is string => typeof m === 'string',
          );
        }
        objects.push(item);
      });
    } else if (entry.objects !== undefined && entry.objects !== null) {
      issues.wrongType(`${at}/objects`, 'an array or null', entry.objects);
    }
    results.push({
      objectKind: String(entry.object_kind),
      configAddress: String(entry.config_addr),
      status: String(entry.status),
      objects,
    });
  });
  return results;
}

function checkString(
  resource: Record<string, unknown>,
  field: string,
  index: number,
  issues: IssueCollector,
): string {
  const value = resource[field];
  if (typeof value === 'string' && value !== '') return value;
  if (value === undefined) issues.missing(`${resourcePath(index)}/${field}`, field);
  else issues.wrongType(`${resourcePath(index)}/${field}`, 'a non-empty string', value);
  return '';
}

/** The array itself when it holds only strings (no copy); `undefined` otherwise. */
function asStringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return undefined;
  return value as string[];
}

/** The parts of an instance every instance of one resource shares. */
interface ResourceContext {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  module: string | undefined;
  prefix: string;
  provider: ProviderConfigParts | undefined;
  providerText: string | undefined;
}

// Pointers are only built when something is wrong: no closure or string per instance.
function resourcePath(index: number): string {
  return `/resources/${index}`;
}

function instancePath(resourceIndex: number, instanceIndex: number, field?: string): string {
  const path = `/resources/${resourceIndex}/instances/${instanceIndex}`;
  return field === undefined ? path : `${path}/${field}`;
}

function convertInstance(
  raw: unknown,
  resource: ResourceContext,
  resourceIndex: number,
  instanceIndex: number,
  providers: ProviderCache,
  issues: IssueCollector,
): ResourceInstance | undefined {
  if (!isObject(raw)) {
    issues.wrongType(instancePath(resourceIndex, instanceIndex), 'an object', raw);
    return undefined;
  }
  let address = resource.prefix;
  const indexKey = raw.index_key;
  if (indexKey !== undefined && indexKey !== null) {
    if (typeof indexKey === 'string') address += formatKey(indexKey);
    else if (typeof indexKey === 'number' && Number.isInteger(indexKey) && indexKey >= 0) {
      address += `[${indexKey}]`;
    } else {
      issues.wrongType(
        instancePath(resourceIndex, instanceIndex, 'index_key'),
        'a string or a non-negative integer',
        indexKey,
      );
    }
  }

  let attributes = raw.attributes;
  let lossy = false;
  if (attributes === undefined || attributes === null) {
    if (isObject(raw.attributes_flat)) {
      attributes = expandFlatmap(raw.attributes_flat);
      lossy = true;
    } else if (raw.attributes_flat !== undefined && raw.attributes_flat !== null) {
      issues.wrongType(
        instancePath(resourceIndex, instanceIndex, 'attributes_flat'),
        'an object',
        raw.attributes_flat,
      );
    }
    attributes ??= {};
  } else if (!isObject(attributes)) {
    issues.wrongType(
      instancePath(resourceIndex, instanceIndex, 'attributes'),
      'an object',
      attributes,
    );
    attributes = {};
  }
  const attrs = attributes as Record<string, unknown>;

  let schemaVersion = 0;
  if (typeof raw.schema_version === 'number' && Number.isInteger(raw.schema_version)) {
    schemaVersion = raw.schema_version;
  } else if (raw.schema_version !== undefined) {
    issues.wrongType(
      instancePath(resourceIndex, instanceIndex, 'schema_version'),
      'an integer',
      raw.schema_version,
    );
  }

  let sensitivePaths: string[] = [];
  const sensitive = raw.sensitive_attributes;
  if (Array.isArray(sensitive)) {
    if (sensitive.length > 0) sensitivePaths = pointersFromCtyPaths(sensitive);
  } else if (sensitive !== undefined && sensitive !== null) {
    issues.wrongType(
      instancePath(resourceIndex, instanceIndex, 'sensitive_attributes'),
      'an array',
      sensitive,
    );
  }

  // 0.12.0–0.12.13 wrote `depends_on`; later versions `dependencies`.
  const dependencyField = raw.dependencies === undefined ? 'depends_on' : 'dependencies';
  const rawDependencies = raw[dependencyField];
  let dependencies: string[] = [];
  if (rawDependencies !== undefined && rawDependencies !== null) {
    const list = asStringList(rawDependencies);
    if (list !== undefined) dependencies = list;
    else {
      const at = instancePath(resourceIndex, instanceIndex, dependencyField);
      issues.wrongType(at, 'an array of strings', rawDependencies);
    }
  }

  // OpenTofu 1.9+: keyed provider instances live on each instance.
  let provider = resource.provider;
  let providerText = resource.providerText;
  if (typeof raw.provider === 'string') {
    providerText = raw.provider;
    provider = providers.get(raw.provider);
    if (provider === undefined) {
      issues.add(
        instancePath(resourceIndex, instanceIndex, 'provider'),
        'not a provider configuration address',
        'INVALID_VALUE',
      );
    }
  } else if (raw.provider !== undefined) {
    issues.wrongType(
      instancePath(resourceIndex, instanceIndex, 'provider'),
      'a string',
      raw.provider,
    );
  } else if (provider === undefined && resource.providerText === undefined) {
    issues.missing(
      instancePath(resourceIndex, instanceIndex, 'provider'),
      'provider (on the resource or the instance)',
    );
  }

  const instance: ResourceInstance = {
    address,
    mode: resource.mode,
    type: resource.type,
    name: resource.name,
    provider: provider?.provider ?? '',
    schemaVersion,
    attributes: attrs,
    sensitivePaths,
    dependencies,
  };
  if (resource.module !== undefined) instance.module = resource.module;
  if (typeof indexKey === 'string' || typeof indexKey === 'number') instance.indexKey = indexKey;
  if (raw.deposed !== undefined) {
    if (typeof raw.deposed === 'string' && raw.deposed !== '') instance.deposed = raw.deposed;
    else
      issues.wrongType(
        instancePath(resourceIndex, instanceIndex, 'deposed'),
        'a non-empty string',
        raw.deposed,
      );
  }
  if (provider?.alias !== undefined) instance.providerAlias = provider.alias;
  if (providerText !== undefined) instance.providerConfig = providerText;
  if (typeof attrs.id === 'string') instance.id = attrs.id;
  if (raw.status !== undefined) {
    if (raw.status === 'tainted') instance.status = 'tainted';
    else
      issues.add(
        instancePath(resourceIndex, instanceIndex, 'status'),
        'status must be "tainted" when present',
        'INVALID_VALUE',
      );
  }
  if (raw.identity !== undefined && raw.identity !== null) {
    if (isObject(raw.identity)) instance.identity = raw.identity;
    else
      issues.wrongType(
        instancePath(resourceIndex, instanceIndex, 'identity'),
        'an object',
        raw.identity,
      );
  }
  if (raw.private !== undefined && raw.private !== null) {
    if (typeof raw.private === 'string') instance.private = raw.private;
    else
      issues.wrongType(
        instancePath(resourceIndex, instanceIndex, 'private'),
        'a base64 string',
        raw.private,
      );
  }
  if (raw.create_before_destroy === true) instance.createBeforeDestroy = true;
  if (lossy) instance.lossy = true;
  return instance;
}

function convertResource(
  raw: unknown,
  index: number,
  providers: ProviderCache,
  issues: IssueCollector,
  out: ResourceInstance[],
): void {
  if (!isObject(raw)) {
    issues.wrongType(resourcePath(index), 'an object', raw);
    return;
  }
  const mode = raw.mode;
  if (mode !== 'managed' && mode !== 'data') {
    if (mode === undefined) issues.missing(`${resourcePath(index)}/mode`, 'mode');
    else
      issues.add(
        `${resourcePath(index)}/mode`,
        'mode must be "managed" or "data"',
        'INVALID_VALUE',
      );
  }
  const type = checkString(raw, 'type', index, issues);
  const name = checkString(raw, 'name', index, issues);
  let module: string | undefined;
  if (raw.module !== undefined && raw.module !== '') {
    if (typeof raw.module === 'string') module = raw.module;
    else issues.wrongType(`${resourcePath(index)}/module`, 'a string', raw.module);
  }
  let provider: ProviderConfigParts | undefined;
  let providerText: string | undefined;
  if (typeof raw.provider === 'string' && raw.provider !== '') {
    providerText = raw.provider;
    provider = providers.get(raw.provider);
    if (provider === undefined) {
      issues.add(
        `${resourcePath(index)}/provider`,
        'not a provider configuration address',
        'INVALID_VALUE',
      );
    }
  } else if (raw.provider !== undefined && raw.provider !== '') {
    issues.wrongType(`${resourcePath(index)}/provider`, 'a string', raw.provider);
  }
  const instances = raw.instances;
  if (!Array.isArray(instances)) {
    if (instances === undefined) issues.missing(`${resourcePath(index)}/instances`, 'instances');
    else issues.wrongType(`${resourcePath(index)}/instances`, 'an array', instances);
    return;
  }
  const prefix = `${module === undefined ? '' : `${module}.`}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const context: ResourceContext = {
    mode: mode === 'data' ? 'data' : 'managed',
    type,
    name,
    module,
    prefix,
    provider,
    providerText,
  };
  for (let j = 0; j < instances.length; j++) {
    const instance = convertInstance(instances[j], context, index, j, providers, issues);
    if (instance !== undefined) out.push(instance);
  }
}

/**
 * Converts a parsed v4 state document. Throws a `StateParseError` naming every bad spot.
 * @internal
 */
export function convertV4(document: Record<string, unknown>, source: string): TerraformState {
  const issues = new IssueCollector(source);
  const providers = new ProviderCache();
  const resources: ResourceInstance[] = [];
  const rawResources = document.resources;
  if (Array.isArray(rawResources)) {
    for (let i = 0; i < rawResources.length; i++) {
      convertResource(rawResources[i], i, providers, issues, resources);
    }
  } else if (rawResources !== undefined && rawResources !== null) {
    issues.wrongType('/resources', 'an array', rawResources);
  }
  const outputs = convertOutputs(document.outputs, '/outputs', issues);
  const checkResults = convertCheckResults(document.check_results, issues);

  const state: TerraformState = { format: 'v4', version: 4, outputs, resources, source };
  if (document.terraform_version !== undefined) {
    if (typeof document.terraform_version === 'string') {
      state.terraformVersion = document.terraform_version;
    } else issues.wrongType('/terraform_version', 'a string', document.terraform_version);
  }
  if (document.serial !== undefined) {
    const serial = document.serial;
    if (
      (typeof serial === 'number' && Number.isInteger(serial) && serial >= 0) ||
      typeof serial === 'bigint'
    ) {
      state.serial = Number(serial);
    } else issues.wrongType('/serial', 'a non-negative integer', serial);
  }
  if (document.lineage !== undefined) {
    if (typeof document.lineage === 'string') state.lineage = document.lineage;
    else issues.wrongType('/lineage', 'a string', document.lineage);
  }
  if (checkResults !== undefined) state.checkResults = checkResults;
  issues.throwIfAny('state');
  const writer = writerOf(providers.writers);
  if (writer !== undefined) state.writer = writer;
  return state;
}

/**
 * Only OpenTofu writes its own registry host by default, so any `registry.opentofu.org`
 * provider means OpenTofu (its states may still name `registry.terraform.io` providers).
 * @internal
 */
export function writerOf(
  writers: ReadonlySet<'terraform' | 'opentofu'>,
): 'terraform' | 'opentofu' | undefined {
  if (writers.has('opentofu')) return 'opentofu';
  return writers.has('terraform') ? 'terraform' : undefined;
}
