/**
 * The one constructor of a report entry, so that every entry (in sync, drifted, missing,
 * unknown, unsupported) comes out with its keys in the same order, whichever stage made it.
 */
import type { ResourceReport } from '../model/report.js';
import type { ResourceInstance } from '../model/state.js';
import type { ClassifiedError } from './classify-error.js';

/** What a report entry may carry besides the instance's identity and status. @internal */
export type ReportExtra = Partial<
  Pick<ResourceReport, 'patch' | 'changes' | 'notChecked' | 'error' | 'details'>
>;

/**
 * The report entry of `instance` as read by `provider` (a provider name, or the state's
 * provider address when none read it). `withSource` copies the instance's state source,
 * which matters only when several states are scanned.
 * @internal
 */
export function makeReport(
  instance: ResourceInstance,
  provider: string,
  status: ResourceReport['status'],
  withSource: boolean,
  extra: ReportExtra = {},
): ResourceReport {
  const report: ResourceReport = { address: instance.address } as ResourceReport;
  if (instance.deposed !== undefined) report.deposed = instance.deposed;
  report.type = instance.type;
  report.provider = provider;
  if (instance.id !== undefined) report.id = instance.id;
  report.status = status;
  report.patch = extra.patch ?? [];
  report.changes = extra.changes ?? [];
  if (extra.notChecked && extra.notChecked.length > 0) report.notChecked = extra.notChecked;
  if (extra.error) report.error = extra.error;
  if (withSource && instance.source !== undefined) report.source = instance.source;
  if (extra.details !== undefined) report.details = extra.details;
  return report;
}

/** An `unknown` entry for a failed read: the error's code, message and retryability. @internal */
export function errorReport(
  instance: ResourceInstance,
  provider: string,
  error: ClassifiedError,
  withSource: boolean,
): ResourceReport {
  return makeReport(instance, provider, 'unknown', withSource, {
    error: { code: error.code, message: error.message, retryable: error.retryable },
  });
}
