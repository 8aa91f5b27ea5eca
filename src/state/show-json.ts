/**
 * `terraform show -json` state output (`internal/command/jsonstate`) and plan JSON
 * (`internal/command/jsonplan`, whose `prior_state` is such a document), converted to
 * {@link TerraformState}.
 *
 * Differences from raw state: values are under `values.root_module` with nested
 * `child_modules`; each resource carries its full `address`, `index`, `provider_name` (a bare
 * FQN, no alias), `sensitive_values` (a mirror with `true` leaves) and, per deposed object, an
 * extra entry with `deposed_key`.
 */
import type { ResourceInstance, TerraformState } from '../model/state.js';
import { IssueCollector, isObject } from './issues.js';
import { formatKey } from './address.js';
import { legacyProvider, writerOfProvider } from './provider-address.js';
import { pointersFromMirror } from './sensitive-paths.js';
import { convertOutputs, writerOf } from './v4-state.js';

function formatMajor(formatVersion: unknown): number {
  const major = Number.parseInt(String(formatVersion), 10);
  return Number.isInteger(major) ? major : 0;
}

interface Walk {
  issues: IssueCollector;
  writers: Set<'terraform' | 'opentofu'>;
  out: ResourceInstance[];
}

function convertResource(raw: unknown, module: string | undefined, at: string, walk: Walk): void {
  const { issues } = walk;
  if (!isObject(raw)) return issues.wrongType(at, 'an object', raw);
  for (const field of ['type', 'name'] as const) {
    if (typeof raw[field] !== 'string' || raw[field] === '') {
      if (raw[field] === undefined) issues.missing(`${at}/${field}`, field);
      else issues.wrongType(`${at}/${field}`, 'a non-empty string', raw[field]);
    }
  }
  const mode = raw.mode === 'data' ? 'data' : 'managed';
  if (raw.mode !== 'data' && raw.mode !== 'managed') {
    issues.add(`${at}/mode`, 'mode must be "managed" or "data"', 'INVALID_VALUE');
  }
  const type = String(raw.type);
  const name = String(raw.name);
  const index = raw.index;
  if (
    index !== undefined &&
    index !== null &&
    typeof index !== 'string' &&
    typeof index !== 'number'
  ) {
    issues.wrongType(`${at}/index`, 'a string or a number', index);
  }
  const key = typeof index === 'string' || typeof index === 'number' ? index : undefined;
  const computed = `${module === undefined ? '' : `${module}.`}${mode === 'data' ? 'data.' : ''}${type}.${name}${formatKey(key)}`;
  // Built from the parts rather than read: format 0.1 (Terraform 0.12) left the key out of
  // `address` for counted instances, which would make three instances share one address.
  const address = computed;
  // Format 0.1 (Terraform 0.12) wrote bare provider names such as `null`.
  const providerName = typeof raw.provider_name === 'string' ? raw.provider_name : '';
  const provider =
    providerName !== '' && !providerName.includes('/')
      ? legacyProvider(providerName)
      : providerName;
  if (provider === '') issues.missing(`${at}/provider_name`, 'provider_name');
  const writer = writerOfProvider(provider);
  if (writer !== undefined) walk.writers.add(writer);

  const values = raw.values ?? {};
  if (!isObject(values)) issues.wrongType(`${at}/values`, 'an object', values);
  const attributes = isObject(values) ? values : {};
  const instance: ResourceInstance = {
    address,
    mode,
    type,
    name,
    provider,
    schemaVersion: typeof raw.schema_version === 'number' ? raw.schema_version : 0,
    attributes,
    sensitivePaths: pointersFromMirror(raw.sensitive_values),
    dependencies: Array.isArray(raw.depends_on)
      ? raw.depends_on.filter((d): d is string => typeof d === 'string')
      : [],
  };
  if (module !== undefined) instance.module = module;
  if (key !== undefined) instance.indexKey = key;
  if (typeof raw.deposed_key === 'string' && raw.deposed_key !== '') {
    instance.deposed = raw.deposed_key;
  }
  if (typeof attributes.id === 'string') instance.id = attributes.id;
  if (raw.tainted === true) instance.status = 'tainted';
  if (isObject(raw.identity)) instance.identity = raw.identity;
  walk.out.push(instance);
}

function convertModules(root: unknown, at: string, walk: Walk): void {
  // Breadth-first over the module tree, in file order, without recursion.
  const pending: { raw: unknown; at: string; isRoot: boolean }[] = [
    { raw: root, at, isRoot: true },
  ];
  for (let n = 0; n < pending.length; n++) {
    const next = pending[n] as (typeof pending)[number];
    if (!isObject(next.raw)) {
      walk.issues.wrongType(next.at, 'an object', next.raw);
      continue;
    }
    const module =
      !next.isRoot && typeof next.raw.address === 'string' ? next.raw.address : undefined;
    if (!next.isRoot && module === undefined) walk.issues.missing(`${next.at}/address`, 'address');
    const resources = next.raw.resources ?? [];
    if (Array.isArray(resources)) {
      resources.forEach((r: unknown, i) =>
        convertResource(r, module, `${next.at}/resources/${i}`, walk),
      );
    } else walk.issues.wrongType(`${next.at}/resources`, 'an array', resources);
    const children = next.raw.child_modules ?? [];
    if (Array.isArray(children)) {
      children.forEach((child: unknown, i) =>
        pending.push({ raw: child, at: `${next.at}/child_modules/${i}`, isRoot: false }),
      );
    } else walk.issues.wrongType(`${next.at}/child_modules`, 'an array', children);
  }
}

/**
 * Converts a `terraform show -json` state document found at `at` (`""` for the document,
 * `/prior_state` inside a plan).
 */
function convertShowJson(
  document: Record<string, unknown>,
  at: string,
  source: string,
  format: 'show-json' | 'plan-json',
  version: number,
): TerraformState {
  const issues = new IssueCollector(source);
  const walk: Walk = { issues, writers: new Set(), out: [] };
  const values = document.values;
  let outputs = {};
  if (values !== undefined && values !== null) {
    if (!isObject(values)) issues.wrongType(`${at}/values`, 'an object', values);
    else {
      outputs = convertOutputs(values.outputs, `${at}/values/outputs`, issues);
      if (values.root_module !== undefined) {
        convertModules(values.root_module, `${at}/values/root_module`, walk);
      }
    }
  }
  issues.throwIfAny(format === 'plan-json' ? 'plan' : 'state');
  const state: TerraformState = { format, version, outputs, resources: walk.out, source };
  if (typeof document.terraform_version === 'string') {
    state.terraformVersion = document.terraform_version;
  }
  const writer = writerOf(walk.writers);
  if (writer !== undefined) state.writer = writer;
  return state;
}

/**
 * Converts a show-json state document.
 * @internal
 */
export function convertShowState(
  document: Record<string, unknown>,
  source: string,
): TerraformState {
  return convertShowJson(document, '', source, 'show-json', formatMajor(document.format_version));
}

/**
 * Converts plan JSON: its `prior_state` (absent when the plan started from no state).
 * @internal
 */
export function convertPlan(document: Record<string, unknown>, source: string): TerraformState {
  const version = formatMajor(document.format_version);
  const prior = document.prior_state;
  if (prior === undefined || prior === null) {
    const state: TerraformState = {
      format: 'plan-json',
      version,
      outputs: {},
      resources: [],
      source,
    };
    if (typeof document.terraform_version === 'string') {
      state.terraformVersion = document.terraform_version;
    }
    return state;
  }
  if (!isObject(prior)) {
    const issues = new IssueCollector(source);
    issues.wrongType('/prior_state', 'an object', prior);
    issues.throwIfAny('plan');
  }
  const state = convertShowJson(
    prior as Record<string, unknown>,
    '/prior_state',
    source,
    'plan-json',
    version,
  );
  if (state.terraformVersion === undefined && typeof document.terraform_version === 'string') {
    state.terraformVersion = document.terraform_version;
  }
  return state;
}
