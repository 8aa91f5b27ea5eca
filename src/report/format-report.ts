import type { DriftReport } from './types.js';

/** The output formats of {@link formatReport}. @public */
export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'junit' | 'html';

/** Formats a report. @public */
export function formatReport(report: DriftReport, format: ReportFormat): string {
  void report;
  void format;
  throw new Error('not implemented');
}
