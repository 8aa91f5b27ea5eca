import { InvalidOptionError } from '../errors.js';
import { formatHtml } from './format-html.js';
import { formatJson } from './format-json.js';
import { formatJunit } from './format-junit.js';
import { formatMarkdown } from './format-markdown.js';
import { formatSarif } from './format-sarif.js';
import { formatText } from './format-text.js';
import type { DriftReport } from '../model/report.js';
import type { FormatReportOptions } from './format-options.js';

export type { FormatReportOptions, SourceLocation } from './format-options.js';

/** The output formats of {@link formatReport}. @public */
export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'junit' | 'html';

/** Every {@link ReportFormat}, in a stable order. @public */
export const REPORT_FORMATS: readonly ReportFormat[] = [
  'text',
  'json',
  'markdown',
  'sarif',
  'junit',
  'html',
];

/**
 * Formats a drift report for people or tools:
 *
 * - `text`: like `terraform plan`, one `~ path: old → new` line per change;
 * - `json`: the report itself, valid for {@link parseReport};
 * - `markdown`: a pull-request comment under GitHub's 65,536-character limit;
 * - `sarif`: SARIF 2.1.0 for GitHub code scanning;
 * - `junit`: JUnit XML, one test case per resource;
 * - `html`: one self-contained page with a chart and filters.
 *
 * Every format redacts sensitive values unless `revealSensitive` is set.
 *
 * @throws {@link InvalidOptionError} (option `/format`) for a format not listed above, which a
 * JavaScript caller or a configuration file can pass.
 *
 * @example
 * ```ts
 * import { detectDrift, formatReport, snapshotProvider } from 'tfdrift';
 *
 * const report = await detectDrift({ state: 'terraform.tfstate', providers: [snapshotProvider({ file: 'live.json' })] });
 * process.stdout.write(formatReport(report, 'markdown'));
 * ```
 * @public
 */
export function formatReport(
  report: DriftReport,
  format: ReportFormat,
  options: FormatReportOptions = {},
): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'json':
      return formatJson(report, options);
    case 'markdown':
      return formatMarkdown(report, options);
    case 'sarif':
      return formatSarif(report, options);
    case 'junit':
      return formatJunit(report, options);
    case 'html':
      return formatHtml(report, options);
    default: {
      const unknownFormat: string = format;
      throw new InvalidOptionError(`Unknown report format: ${unknownFormat}`, {
        option: '/format',
      });
    }
  }
}
