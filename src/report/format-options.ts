/**
 * The options every formatter takes, in a module of their own: `formatReport` dispatches to
 * the formatters, and the formatters import these options, never `formatReport`.
 */
import type { TerraformConfig } from '../config/parse-config.js';

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
