/**
 * Legacy state formats 1, 2 and 3 (Terraform ≤ 0.11) converted to the v4 model, following
 * Terraform's own upgrade (`internal/states/statefile/version1_upgrade.go`,
 * `version2_upgrade.go`, `version3_upgrade.go`):
 *
 * - module paths `["root","a","b"]` become `module.a.module.b` (no keys existed then);
 * - resource keys `data.aws_ami.x`, `aws_instance.web.1` give mode, type, name and index;
 * - `primary` is the current object, `deposed[i]` gets deposed key `%08x` of `i + 1`, a
 *   `tainted` flag (or v1's `tainted` list) becomes `status: "tainted"`;
 * - `meta.schema_version` becomes the schema version, the rest of `meta` the private data;
 * - flatmap attributes are expanded without schemas, so every instance is marked `lossy`;
 * - provider strings use the legacy namespace `-`, as Terraform reads them;
 * - only root module outputs are kept.
 */
import type { OutputValue, ResourceInstance, TerraformState } from '../model/state.js';
import { formatKey } from './address.js';
import { expandFlatmap } from './flatmap.js';
import { IssueCollector, isObject } from './issues.js';
import { escapePointerToken } from './json-pointer.js';
import {
  formatProviderConfig,
  legacyProvider,
  parseProviderConfig,
  type ProviderConfigParts,
} from './provider-address.js';
import { setOwn } from '../shared/set-own.js';

const RESOURCE_KEY = /^(?:(data)\.)?([^.]+)\.([^.]+)(?:\.(\d+))?$/;
// A resource reference in a legacy `depends_on`; modules, variables and the like are not.
const DEPENDENCY = /^(?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.\d+|\.\*)?$/;
const NOT_RESOURCES = /^(?:module|var|local|path|count|each|self|terraform)\./;

function modulePath(path: unknown): string | undefined {
  if (!Array.isArray(path)) return undefined;
  return path
    .slice(1)
    .map((step) => `module.${String(step)}`)
    .join('.');
}

function providerFor(raw: unknown, type: string, module: string): ProviderConfigParts {
  const moduleField = module === '' ? {} : { module };
  if (typeof raw === 'string' && raw !== '') {
    if (raw.includes('provider.') || raw.includes('provider[')) {
      const parsed = parseProviderConfig(raw);
      if (parsed !== undefined) return parsed;
    }
    // A bare `aws` or `aws.west` is local to the resource's module.
    const [name = type, alias] = raw.split('.');
    return alias === undefined
      ? { provider: legacyProvider(name), ...moduleField }
      : { provider: legacyProvider(name), alias, ...moduleField };
  }
  // No provider recorded: the type prefix implies it (`aws_instance` → `aws`).
  return { provider: legacyProvider(type.split('_')[0] ?? type), ...moduleField };
}

function privateFromMeta(meta: Record<string, unknown>): string | undefined {
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(meta)) {
    if (key === 'schema_version') continue;
    setOwn(rest, key, meta[key]);
    any = true;
  }
  return any ? Buffer.from(JSON.stringify(rest)).toString('base64') : undefined;
}

interface ResourceShape {
  module: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index: number | undefined;
  provider: ProviderConfigParts;
  dependencies: string[];
}

function convertObject(
  object: unknown,
  shape: ResourceShape,
  at: string,
  issues: IssueCollector,
  extra: { deposed?: string; tainted?: boolean },
): ResourceInstance | undefined {
  if (!isObject(object)) {
    issues.wrongType(at, 'an object', object);
    return undefined;
  }
  const flat = object.attributes ?? {};
  if (!isObject(flat)) {
    issues.wrongType(`${at}/attributes`, 'an object', flat);
    return undefined;
  }
  const attributes = expandFlatmap(flat);
  const id = typeof object.id === 'string' && object.id !== '' ? object.id : attributes.id;
  if (attributes.id === undefined && typeof id === 'string') attributes.id = id;
  const meta = isObject(object.meta) ? object.meta : {};
  const schemaVersion = Number(meta.schema_version ?? 0);

  const modulePrefix = shape.module === '' ? '' : `${shape.module}.`;
  const instance: ResourceInstance = {
    address: `${modulePrefix}${shape.mode === 'data' ? 'data.' : ''}${shape.type}.${shape.name}${formatKey(shape.index)}`,
    mode: shape.mode,
    type: shape.type,
    name: shape.name,
    provider: shape.provider.provider,
    providerConfig: formatProviderConfig(shape.provider),
    schemaVersion: Number.isInteger(schemaVersion) ? schemaVersion : 0,
    attributes,
    sensitivePaths: [],
    dependencies: shape.dependencies,
    lossy: true,
  };
  if (shape.module !== '') instance.module = shape.module;
  if (shape.index !== undefined) instance.indexKey = shape.index;
  if (shape.provider.alias !== undefined) instance.providerAlias = shape.provider.alias;
  if (typeof id === 'string') instance.id = id;
  if (extra.deposed !== undefined) instance.deposed = extra.deposed;
  if (object.tainted === true || extra.tainted === true) instance.status = 'tainted';
  const privateData = privateFromMeta(meta);
  if (privateData !== undefined) instance.private = privateData;
  return instance;
}

function convertOutputs(
  raw: unknown,
  at: string,
  version: number,
  issues: IssueCollector,
): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  if (raw === undefined || raw === null) return outputs;
  if (!isObject(raw)) {
    issues.wrongType(at, 'an object', raw);
    return outputs;
  }
  for (const name of Object.keys(raw)) {
    const output = raw[name];
    // Version 1 stored outputs as bare strings.
    if (version === 1 || !isObject(output)) {
      setOwn(outputs, name, { value: output, sensitive: false });
      continue;
    }
    setOwn(outputs, name, {
      value: output.value,
      sensitive: output.sensitive === true,
    } satisfies OutputValue);
  }
  return outputs;
}

/**
 * Converts a parsed legacy (v1, v2, v3) state document to the v4 model.
 * @internal
 */
export function convertLegacy(
  document: Record<string, unknown>,
  version: 1 | 2 | 3,
  source: string,
): TerraformState {
  const issues = new IssueCollector(source);
  const resources: ResourceInstance[] = [];
  let outputs: Record<string, OutputValue> = {};
  const modules = document.modules ?? [];
  if (!Array.isArray(modules)) issues.wrongType('/modules', 'an array', modules);

  (Array.isArray(modules) ? modules : []).forEach((module: unknown, m) => {
    const at = `/modules/${m}`;
    if (!isObject(module)) return issues.wrongType(at, 'an object', module);
    const path = modulePath(module.path);
    if (path === undefined) {
      if (module.path === undefined) issues.missing(`${at}/path`, 'path');
      else issues.wrongType(`${at}/path`, 'an array', module.path);
      return;
    }
    if (path === '') outputs = convertOutputs(module.outputs, `${at}/outputs`, version, issues);
    const rawResources = module.resources ?? {};
    if (!isObject(rawResources))
      return issues.wrongType(`${at}/resources`, 'an object', rawResources);

    for (const key of Object.keys(rawResources)) {
      const resourceAt = `${at}/resources/${escapePointerToken(key)}`;
      const match = RESOURCE_KEY.exec(key);
      const resource = rawResources[key];
      if (match === null) {
        issues.add(
          resourceAt,
          'not a resource key of the form "TYPE.NAME" or "TYPE.NAME.INDEX"',
          'INVALID_VALUE',
        );
        continue;
      }
      if (!isObject(resource)) {
        issues.wrongType(resourceAt, 'an object', resource);
        continue;
      }
      const type = match[2] as string;
      const modulePrefix = path === '' ? '' : `${path}.`;
      const dependencies = (Array.isArray(resource.depends_on) ? resource.depends_on : [])
        .filter(
          (d): d is string => typeof d === 'string' && DEPENDENCY.test(d) && !NOT_RESOURCES.test(d),
        )
        .map((d) => `${modulePrefix}${d.replace(/\.(?:\d+|\*)$/, '')}`);
      const shape: ResourceShape = {
        module: path,
        mode: match[1] === 'data' ? 'data' : 'managed',
        type,
        name: match[3] as string,
        index: match[4] === undefined ? undefined : Number(match[4]),
        provider: providerFor(resource.provider, type, path),
        dependencies,
      };
      const tainted = Array.isArray(resource.tainted) ? resource.tainted : [];
      let primary = resource.primary;
      let primaryTainted = false;
      // Version 1 kept tainted objects in a list; the first becomes the tainted current object.
      if ((primary === undefined || primary === null) && tainted.length > 0) {
        primary = tainted[0];
        primaryTainted = true;
      }
      if (primary !== undefined && primary !== null) {
        const instance = convertObject(primary, shape, `${resourceAt}/primary`, issues, {
          tainted: primaryTainted,
        });
        if (instance !== undefined) resources.push(instance);
      }
      const deposed = resource.deposed ?? [];
      if (!Array.isArray(deposed)) {
        issues.wrongType(`${resourceAt}/deposed`, 'an array', deposed);
        continue;
      }
      deposed.forEach((object: unknown, d) => {
        const deposedKey = (d + 1).toString(16).padStart(8, '0');
        const instance = convertObject(object, shape, `${resourceAt}/deposed/${d}`, issues, {
          deposed: deposedKey,
        });
        if (instance !== undefined) resources.push(instance);
      });
    }
  });
  issues.throwIfAny(`version ${version} state`);

  const state: TerraformState = {
    format: version === 1 ? 'v1' : 'v3',
    version,
    outputs,
    resources,
    source,
  };
  if (typeof document.terraform_version === 'string') {
    state.terraformVersion = document.terraform_version;
  }
  if (typeof document.serial === 'number') state.serial = document.serial;
  if (typeof document.lineage === 'string') state.lineage = document.lineage;
  return state;
}
