/**
 * `detectDrift`: state in, providers read the live side, a `DriftReport` out, as a pipeline
 * of stages (`./stages/`): load states → select and shard → route to readers → preflight →
 * read (batch, limit, retry) → reconcile owned parts → diff → attribute → list unmanaged →
 * summarize.
 *
 * Failure policy: only configuration and state-level problems throw (a state that cannot be
 * loaded, invalid options, an unreadable configuration when no state was given, a provider
 * whose preflight check fails). Every failed live read becomes an `unknown` resource, a read
 * that hangs included (see read-watchdog.ts), and the caller's callbacks cannot fail the scan
 * (guard-callbacks.ts). An abort while states load rejects with the signal's reason; an abort
 * once reading has started resolves promptly with a partial report in which every resource
 * not yet read is `unknown` with code `ABORTED`.
 */
import type { DriftReport } from '../model/report.js';
import { linkedController } from './abort.js';
import type { DetectDriftOptions } from './detect-options.js';
import { checkOptions } from './detect-options.js';
import { guardCallbacks } from './guard-callbacks.js';
import { preflightWork, runPreflights } from './preflight.js';
import { checkRouted } from './stages/check-instances.js';
import { listers, listsUnmanaged, listUnmanaged } from './stages/list-unmanaged.js';
import { loadStates } from './stages/load-states.js';
import { routeInstances } from './stages/route-instances.js';
import { createScanContext } from './stages/scan-context.js';
import { scanPacks } from '../packs/scan-packs.js';
import { selectInstances } from './stages/select-instances.js';
import { summarizeReport } from './stages/summarize-report.js';

export type { DetectDriftOptions, StateInput } from './detect-options.js';

/**
 * Detects drift: loads the state(s), routes every managed instance to the first provider that
 * supports it, reads the live side in bounded, retried batches, diffs both sides through the
 * same normalization, and returns a {@link DriftReport} sorted by address. Parts of a parent
 * that a separate resource of any given state owns (an `aws_security_group_rule` inside
 * `aws_security_group.ingress`, a policy attachment inside `aws_iam_role.managed_policy_arns`)
 * are left to that resource: they are never drift on the parent.
 *
 * @throws {@link StateSourceError}, {@link StateParseError} or {@link UnsupportedStateError}
 * when a state cannot be loaded; {@link ProviderConfigError} for invalid providers, or when a
 * provider's `preflight` finds it cannot work at all (a missing SDK package, no or rejected
 * credentials, a missing working directory), before any resource is read;
 * {@link InvalidOptionError} for an option of the wrong type or out of range;
 * {@link ConfigParseError} when `config` cannot be read and no `state` was given, or for
 * invalid `ignore` rules; the signal's reason when aborted before reading started. Never for
 * a failed or hung read, nor for a `logger` or `onProgress` that throws.
 *
 * @example
 * ```ts
 * import { detectDrift, snapshotProvider } from 'tfdrift';
 *
 * const report = await detectDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live-snapshot.json' })],
 *   signal: AbortSignal.timeout(60_000),
 * });
 * for (const r of report.resources) if (r.status === 'drifted') console.log(r.address, r.patch);
 * ```
 * @public
 */
export async function detectDrift(options: DetectDriftOptions): Promise<DriftReport> {
  const started = performance.now();
  checkOptions(options);
  const packs = scanPacks(options.providers, options.packs, options.rules);
  const { controller, dispose } = linkedController(options.signal);
  const signal = controller.signal;
  // The caller's callbacks never fail the scan: see guard-callbacks.ts.
  const callbacks = guardCallbacks(options.logger, options.onProgress);
  let timedOut = false;
  try {
    const estate = await loadStates(options, signal, callbacks.onProgress);
    const { managed, config } = estate;
    const selected = selectInstances(managed, { ...options, config });
    const scan = createScanContext(options, {
      packs,
      ...estate,
      signal,
      callbacks,
      ignorePaths: selected.ignorePaths,
      onGiveUp: () => (timedOut = true),
    });
    const routing = routeInstances(selected.instances, scan.route);
    const lists = listsUnmanaged(options);
    const listing = lists ? listers(managed, scan.route) : [];
    await runPreflights(preflightWork(routing.byProvider, listing), scan.contextFor, signal);

    const checked = await checkRouted(selected.instances, routing, scan);
    const listed =
      lists && !signal.aborted
        ? await listUnmanaged({
            ...scan,
            instances: managed,
            onGiveUp: scan.giveUp,
            onListed: (done, total) => callbacks.onProgress({ phase: 'list', done, total }),
          })
        : { unmanaged: [], alerts: [] };
    return summarizeReport({
      started,
      states: estate.states,
      resources: checked.reports,
      unmanaged: listed.unmanaged,
      remediation: { policy: options.remediation, deleteCommands: packs.deleteCommands },
      alerts: [estate, selected, checked, listed]
        .flatMap((s) => s.alerts)
        .concat(callbacks.alerts()),
      aborted: checked.notRead > 0 || signal.aborted,
    });
  } finally {
    dispose();
    // Calls given up after the read timeout may still be running: tell them the scan is over.
    if (timedOut) controller.abort(new Error('The scan is over'));
  }
}
