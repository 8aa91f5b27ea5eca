import type { FormatReportOptions } from './format-report.js';
import { redactResource, redactSecretKeys } from './redact.js';
import { toJson } from './render-value.js';
import type { DriftReport } from './types.js';

/**
 * The report as JSON (two-space indented, trailing newline), with sensitive values redacted
 * and provider details reduced to scalars. Valid against `DriftReportSchema`.
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
  return `${toJson(safe, 2)}\n`;
}
