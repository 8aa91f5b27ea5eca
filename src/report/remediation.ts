/**
 * Remediation: what to do about each finding, with the exact command. Immutable
 * infrastructure replaces a drifted object instead of patching it, so the default policy is
 * `replace` (`terraform apply -replace=ADDR`); `revert` applies the code over the live
 * change instead. Missing objects are re-created, unmanaged ones imported (or deleted), and
 * any drift can be accepted (`terraform apply -refresh-only` plus a code change).
 *
 * Commands are built from the address parsed and printed again in Terraform's own syntax
 * (keys HCL-quoted, non-printable characters as `\u` escapes), then quoted as one POSIX shell
 * word. Nothing from a resource's values ever goes into a remediation: only its address, type,
 * id and the JSON Pointers of what changed, so no secret can reach it.
 */
import { importBlock, suggestName } from '../detect/import-block.js';
import { InvalidOptionError } from '../errors.js';
import { BUILTIN_RESOLVED } from '../packs/builtin-packs.js';
import type { DeleteCommand } from '../packs/types.js';
import type { LiveResource } from '../model/live-resource.js';
import { scrubCredentialPatterns } from '../shared/credential-patterns.js';
import { escapeControls } from '../shared/escape-controls.js';
import { formatAddress, parseAddress } from '../state/address.js';
import { RemediationSchema } from './schema.js';
import { hasUnprintable, shellFlag, shellWord } from './shell-quote.js';
import type { Alert, Remediation, ResourceReport } from '../model/report.js';

/** A remediation action. @public */
export type RemediationAction = Remediation['action'];

/**
 * Builds the standard remediation of one action for the resource a {@link RemediationPolicy}
 * function was called with; `undefined` when the action does not fit it (e.g. `import` for a
 * drifted resource).
 * @public
 */
export type SuggestRemediation = (action: RemediationAction) => Remediation | undefined;

/**
 * How findings are remediated:
 *
 * - `'replace'` (default, immutable infrastructure): drifted → `terraform apply -replace=ADDR`;
 * - `'revert'`: drifted → `terraform apply -target=ADDR` (the code wins, in place);
 * - a function called for every drifted or missing resource and every unmanaged one, with
 *   `suggest` to build a standard remediation of any action; it returns the remediation, or
 *   `undefined` for the default (`'replace'`) one.
 *
 * Under both named policies missing resources are re-created (`terraform apply -target=ADDR`)
 * and unmanaged ones get an `import` block; deleting a live object is never the default.
 * @public
 */
export type RemediationPolicy =
  | 'replace'
  | 'revert'
  | ((
      resource: ResourceReport | LiveResource,
      suggest: SuggestRemediation,
    ) => Remediation | undefined);

/** The named policies. */
const POLICIES = new Set(['replace', 'revert']);

/** Most changed paths an `accept` remediation lists. */
const MAX_ACCEPT_PATHS = 20;

/** Where `terraform plan -generate-config-out` writes the configuration of imported objects. */
const GENERATED_FILE = 'generated.tf';

/**
 * Throws an {@link InvalidOptionError} (option `/remediation`) unless `policy` is a policy.
 * @internal
 */
export function checkRemediationPolicy(policy: unknown): void {
  if (policy === undefined || typeof policy === 'function') return;
  if (typeof policy === 'string' && POLICIES.has(policy)) return;
  throw new InvalidOptionError(
    `remediation must be 'replace', 'revert' or a function, got ${typeof policy === 'string' ? JSON.stringify(escapeControls(policy).slice(0, 40)) : typeof policy}`,
    { option: '/remediation' },
  );
}

/** The address in Terraform's syntax, or `undefined` when it is not a managed resource's address. */
function canonicalAddress(address: string): string | undefined {
  try {
    const parts = parseAddress(address);
    return parts.mode === 'managed' ? formatAddress(parts) : undefined;
  } catch {
    return undefined;
  }
}

/** `terraform apply` with one flag carrying the address, or `undefined` if it cannot be quoted. */
function applyWith(flags: string, flag: string, address: string): string | undefined {
  const word = shellFlag(flag, address);
  return word === undefined ? undefined : `terraform apply ${flags}${word}`;
}

/** A remediation, with the command only when there is one. */
function make(
  action: RemediationAction,
  summary: string,
  command: string | undefined,
  code?: string,
): Remediation {
  const out: Remediation = { action, summary };
  if (command !== undefined) out.command = command;
  if (code !== undefined) out.code = code;
  return out;
}

/** The `accept` code note: which paths the configuration must take from the live side. */
function acceptCode(address: string, report: ResourceReport): string {
  const paths = report.changes.slice(0, MAX_ACCEPT_PATHS).map((c) => escapeControls(c.path));
  const more = report.changes.length - paths.length;
  const list = paths.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `# Change the configuration of ${address} to the live values of: ${list === '' ? '(see the changes)' : list}`;
}

/** The remediation of a managed resource (drifted or missing) for one action. */
function managedRemediation(
  report: ResourceReport,
  action: RemediationAction,
): Remediation | undefined {
  if (report.status !== 'drifted' && report.status !== 'missing') return undefined;
  const drifted = report.status === 'drifted';
  const allowed: RemediationAction[] = drifted
    ? ['replace', 'revert', 'accept']
    : ['recreate', 'accept'];
  if (!allowed.includes(action)) return undefined;
  const address = canonicalAddress(report.address);
  const shown = escapeControls(address ?? report.address);
  if (address === undefined) {
    return make(
      action,
      `${shown} is not a valid Terraform resource address, so no command is suggested: ${action} it by hand`,
      undefined,
    );
  }
  if (report.deposed !== undefined) {
    // `-replace` and `-target` name current objects; a deposed one is a leftover of a
    // create-before-destroy replacement, which the next apply destroys (or forgets if gone).
    return make(
      'revert',
      `Deposed object ${escapeControls(report.deposed)} of ${shown}: the next terraform apply destroys it`,
      'terraform apply',
    );
  }
  switch (action) {
    case 'replace':
      return make(
        'replace',
        `Replace ${shown}: destroy the drifted object and create a clean one from code`,
        applyWith('', '-replace', address),
      );
    case 'revert':
      return make(
        'revert',
        `Revert ${shown} to the code: apply the configuration over the live change`,
        applyWith('', '-target', address),
      );
    case 'recreate':
      return make(
        'recreate',
        `Re-create ${shown} from code (a targeted apply creates only it and what it depends on)`,
        applyWith('', '-target', address),
      );
    default:
      return drifted
        ? make(
            'accept',
            `Accept the live state of ${shown}: record it in state, then change the code to match`,
            applyWith('-refresh-only ', '-target', address),
            acceptCode(address, report),
          )
        : make(
            'accept',
            `Accept that ${shown} is gone: drop it from state, then remove it from the code`,
            applyWith('-refresh-only ', '-target', address),
            `# Remove ${address} from the configuration (its block, or its count / for_each key)`,
          );
  }
}

/** Delete commands by type, from the resolved packs. */
type DeleteCommands = ReadonlyMap<string, DeleteCommand>;

/** A location worth passing to a CLI: a plain region-like word. */
const LOCATION = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The command that deletes an unmanaged object, when a pack knows one for its type. */
function deleteCommand(live: LiveResource, commands: DeleteCommands): string | undefined {
  const known = commands.get(live.type);
  if (known === undefined) return undefined;
  const word = shellWord(`${known.idPrefix ?? ''}${live.id}`);
  if (word === undefined) return undefined;
  const location =
    known.locationFlag !== undefined && live.location !== undefined && LOCATION.test(live.location)
      ? ` ${known.locationFlag} ${live.location}`
      : '';
  return `${known.command} ${known.idFlag === undefined ? '' : `${known.idFlag} `}${word}${location}`;
}

/** The `to` address of an import block, as written there. */
function importTarget(block: string): string | undefined {
  return /^\s*to = (\S+)\s*$/m.exec(block)?.[1];
}

/** The remediation of an unmanaged object for one action. */
function unmanagedRemediation(
  live: LiveResource,
  action: RemediationAction,
  commands: DeleteCommands,
): Remediation | undefined {
  if (action !== 'import' && action !== 'delete') return undefined;
  const what = `${escapeControls(live.type)} ${escapeControls(live.id)}`;
  // An id shaped like a credential (a key pasted into a name) is never repeated in code.
  if (scrubCredentialPatterns(live.id, '') !== live.id || hasUnprintable(live.type)) {
    return make(
      action,
      `${action === 'import' ? 'Import' : 'Delete'} ${live.type} by hand: its id cannot be printed safely`,
      undefined,
    );
  }
  if (action === 'delete') {
    const command = deleteCommand(live, commands);
    return make(
      'delete',
      command === undefined
        ? `Delete ${what} with its provider's console or CLI (no command known for this type)`
        : `Delete ${what}: it is in no Terraform state`,
      command,
    );
  }
  const block =
    live.importBlock ?? importBlock(live.type, suggestName(live.name, live.id), live.id);
  const target = importTarget(block) ?? live.type;
  return make(
    'import',
    `Import ${what} as ${target}: add the import block, generate its configuration, review it and apply`,
    `terraform plan -generate-config-out=${GENERATED_FILE}`,
    block,
  );
}

/** Whether `resource` is an unmanaged object rather than a managed instance's report. */
function isLive(resource: ResourceReport | LiveResource): resource is LiveResource {
  return !('status' in resource);
}

/**
 * The standard remediation of a finding: for `action`, or the default (`'replace'` policy)
 * one. `undefined` for resources that need none (in sync, unknown, unsupported) and for an
 * action that does not fit the finding.
 *
 * @example
 * ```ts
 * import { suggestRemediation } from 'tfdrift';
 *
 * suggestRemediation(report.resources[0]);
 * // { action: 'replace', summary: 'Replace aws_instance.web: …', command: "terraform apply -replace='aws_instance.web'" }
 * ```
 * @public
 */
export function suggestRemediation(
  resource: ResourceReport | LiveResource,
  action?: RemediationAction,
): Remediation | undefined {
  return suggestWith(resource, action, BUILTIN_RESOLVED.deleteCommands);
}

/** {@link suggestRemediation} with the delete commands of the scan's packs. */
function suggestWith(
  resource: ResourceReport | LiveResource,
  action: RemediationAction | undefined,
  commands: DeleteCommands,
): Remediation | undefined {
  if (isLive(resource)) return unmanagedRemediation(resource, action ?? 'import', commands);
  const chosen = action ?? (resource.status === 'missing' ? 'recreate' : 'replace');
  return managedRemediation(resource, chosen);
}

/** The default action of a finding under a named policy. */
function namedAction(
  policy: 'replace' | 'revert',
  resource: ResourceReport | LiveResource,
): RemediationAction {
  if (isLive(resource)) return 'import';
  if (resource.status === 'missing') return 'recreate';
  return policy;
}

/** One finding's remediation under the policy; a failing policy function adds an alert. */
function remediate(
  resource: ResourceReport | LiveResource,
  policy: RemediationPolicy,
  failures: string[],
  label: string,
  commands: DeleteCommands,
): Remediation | undefined {
  if (typeof policy !== 'function') {
    return suggestWith(resource, namedAction(policy, resource), commands);
  }
  try {
    const chosen = policy(resource, (action) => suggestWith(resource, action, commands));
    if (chosen === undefined) return suggestWith(resource, undefined, commands);
    const parsed = RemediationSchema.safeParse(chosen);
    if (parsed.success) return parsed.data;
    failures.push(label);
  } catch {
    failures.push(label);
  }
  return undefined;
}

/**
 * Sets `remediation` on every drifted and missing resource and every unmanaged object,
 * under `policy`. When a policy function throws or returns something that is not a
 * remediation, those findings get none and one `remediation-failed` alert names them.
 * @internal
 */
export function attachRemediation(
  resources: ResourceReport[],
  unmanaged: LiveResource[],
  policy: RemediationPolicy = 'replace',
  alerts: Alert[],
  commands: DeleteCommands = BUILTIN_RESOLVED.deleteCommands,
): void {
  const failures: string[] = [];
  for (const r of resources) {
    if (r.status !== 'drifted' && r.status !== 'missing') continue;
    const remediation = remediate(r, policy, failures, r.address, commands);
    if (remediation !== undefined) r.remediation = remediation;
  }
  for (const u of unmanaged) {
    const remediation = remediate(u, policy, failures, `${u.type} ${u.id}`, commands);
    if (remediation !== undefined) u.remediation = remediation;
  }
  if (failures.length > 0) {
    alerts.push({
      code: 'remediation-failed',
      message: `The remediation policy threw or returned no valid remediation for ${failures.length} finding${failures.length === 1 ? '' : 's'}`,
      addresses: failures.slice(0, 100),
    });
  }
}
