import type { FormatReportOptions } from './format-options.js';
import { escapeControlsKeepingLines } from '../shared/escape-controls.js';
import { redactResource, redactSecretKeys } from './redact.js';
import { toJson } from './render-value.js';
import type { DriftReport } from '../model/report.js';

/**
 * The report as JSON (two-space indented, trailing newline), with sensitive values redacted
 * and provider details reduced to scalars. Valid for `parseReport`. C1 controls and
 * bidirectional characters, which `JSON.stringify` leaves raw, are written as `\u` escapes:
 * the same JSON, inert in a terminal.
 * @internal
 */
export function formatJson(report: DriftReport, options: FormatReportOptions): string {
  const reveal = options.revealSensitive === true;
  const safe: DriftReport = {
    ...report,
    resources: report.resources.map((r) => redactResource(r, reveal)),
    unmanaged: report.unmanaged.map((u) =>
      u.attributes === undefined || reveal
        ? u
        : { ...u, attributes: redactSecretKeys(u.attributes) as Record<string, unknown> },
    ),
  };
  return `${escapeControlsKeepingLines(toJson(safe, 2))}\n`;
}
