/**
 * Reading `terraform show -json <plan>` of a refresh-only plan: `prior_state` holds the
 * refreshed objects, `resource_drift` records objects that changed or disappeared outside
 * Terraform (a `delete` action is the evidence of absence).
 */
import { ProviderError } from '../errors.js';

/** What a refresh-only plan says about the live side. @internal */
export interface RefreshedPlan {
  /** Whether Terraform reported the plan as errored (then nothing in it is evidence). */
  errored: boolean;
  /** Refreshed values by address (deposed objects by `address + "\0" + deposed key`). */
  values: Map<string, Record<string, unknown>>;
  /** Objects Terraform found deleted outside Terraform, keyed like `values`. */
  deleted: Set<string>;
}

interface PlanResource {
  address?: unknown;
  mode?: unknown;
  values?: unknown;
  deposed_key?: unknown;
}

interface PlanModule {
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}

/** The key of a refreshed object. @internal */
export function planKey(address: string, deposed: string | undefined): string {
  return deposed === undefined ? address : `${address}\u0000${deposed}`;
}

function walk(
  module: PlanModule | undefined,
  into: Map<string, Record<string, unknown>>,
  depth = 0,
): void {
  if (!module || depth > 100) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (r.mode !== 'managed' || typeof r.address !== 'string') continue;
    if (typeof r.values !== 'object' || r.values === null) continue;
    const deposed = typeof r.deposed_key === 'string' ? r.deposed_key : undefined;
    into.set(planKey(r.address, deposed), r.values as Record<string, unknown>);
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : [])
    walk(child, into, depth + 1);
}

/**
 * Extracts the refreshed values from parsed plan JSON; throws a {@link ProviderError} when
 * the document is not a plan.
 * @internal
 */
export function readRefreshedPlan(doc: unknown): RefreshedPlan {
  if (typeof doc !== 'object' || doc === null || !('format_version' in doc)) {
    throw new ProviderError(
      'the output of `show -json` is not a plan document (no format_version)',
      { provider: 'terraform', kind: 'provider-bug' },
    );
  }
  const plan = doc as {
    errored?: unknown;
    prior_state?: { values?: { root_module?: PlanModule } };
    resource_drift?: { address?: unknown; deposed?: unknown; change?: { actions?: unknown } }[];
  };
  const values = new Map<string, Record<string, unknown>>();
  walk(plan.prior_state?.values?.root_module, values);
  const deleted = new Set<string>();
  for (const drift of Array.isArray(plan.resource_drift) ? plan.resource_drift : []) {
    const actions = drift.change?.actions;
    if (
      typeof drift.address === 'string' &&
      Array.isArray(actions) &&
      actions.length === 1 &&
      actions[0] === 'delete'
    ) {
      // A deposed object's deletion says nothing about the current object at that address.
      deleted.add(
        planKey(drift.address, typeof drift.deposed === 'string' ? drift.deposed : undefined),
      );
    }
  }
  return { errored: plan.errored === true, values, deleted };
}
