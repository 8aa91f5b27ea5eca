/**
 * What sinks send: a drift event with every secret value redacted (unless the caller asked
 * for `revealSensitive`), whatever put it there. The diff engine already redacts; this is
 * the last line of defence before a payload leaves the process.
 */
import { createHash } from 'node:crypto';
import { redactedPatch, redactSecretKeys, REDACTED } from '../../report/redact.js';
import type { Change } from '../../model/change.js';
import type { ResourceReport } from '../../model/report.js';
import type { DriftEvent } from '../watch-event.js';

function redactChange(change: Change): Change {
  if (!change.sensitive) return change;
  const out: Change = { op: change.op, path: change.path, sensitive: true };
  if (change.op !== 'add') out.expected = REDACTED;
  if (change.op !== 'remove') out.actual = REDACTED;
  return out;
}

/** The event as a sink may send it. @internal */
export function sinkPayload(event: DriftEvent, revealSensitive: boolean): DriftEvent {
  if (revealSensitive) return event;
  const patch = redactedPatch(
    { patch: event.patch, changes: event.changes } as ResourceReport,
    false,
  );
  return {
    ...event,
    patch: redactSecretKeys(patch) as DriftEvent['patch'],
    changes: event.changes.map(redactChange).map((c) => redactSecretKeys(c) as Change),
  };
}

/**
 * An endpoint's name for messages and sink ids: its origin and a short hash of the whole
 * URL. Never the path or query, which often hold the credential (Slack's webhook URLs do).
 * @internal
 */
export function endpointName(url: URL): string {
  const digest = createHash('sha256').update(url.href).digest('hex').slice(0, 12);
  return `${url.origin}#${digest}`;
}
