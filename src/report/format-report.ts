import type { TerraformConfig } from '../config/parse-config.js';
import { InvalidOptionError } from '../errors.js';
import { formatHtml } from './format-html.js';
import { formatJson } from './format-json.js';
import { formatJunit } from './format-junit.js';
import { formatMarkdown } from './format-markdown.js';
import { formatSarif } from './format-sarif.js';
import { formatText } from './format-text.js';
import type { DriftReport } from './types.js';

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

/** Where a resource is declared in the configuration. @public */
export interface SourceLocation {
  /** The `.tf` file, relative to the repository root (or absolute). */
  file: string;
  /** 1-based line of the `resource` block. */
  line?: number;
}

/** Options of {@link formatReport}. @public */
export interface FormatReportOptions {
  /**
   * Colour (ANSI) in `text` output. Default: on when stdout is a TTY, unless `NO_COLOR` is set;
   * `FORCE_COLOR` forces it on (or off with `0`).
   */
  color?: boolean;
  /**
   * Print values of changes marked sensitive. Default `false`: formatters redact them even if
   * the report holds them (a report made with `revealSensitive: true`).
   */
  revealSensitive?: boolean;
  /** `text`: print values and the patch in full instead of cutting long values. */
  verbose?: boolean;
  /** `sarif`: where each resource is declared, by address (without index keys also matches). */
  locations?: Record<string, SourceLocation>;
  /** `sarif`: a parsed configuration whose declared resources carry their file and line. */
  config?: TerraformConfig;
  /** `markdown`: the largest output in characters (default 65,536, GitHub's comment limit). */
  maxLength?: number;
  /** `markdown`, `html`: a title (default `tfdrift drift report`). */
  title?: string;
  /** `sarif`: the tool version to record. */
  toolVersion?: string;
}

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
