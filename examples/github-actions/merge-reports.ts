/**
 * Merge the per-workspace JSON reports of a matrix into one, write it as SARIF for code
 * scanning and as Markdown for the job summary, and exit 2 when anything drifted (1 when a
 * resource of any workspace could not be read).
 *
 *   npx tsx examples/github-actions/merge-reports.ts reports/*.json
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { DriftReportSchema, formatReport, mergeReports, scanVerdict } from 'tfdrift';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: merge-reports.ts REPORT.json...');
  process.exit(1);
}
// Validate what the matrix jobs uploaded before trusting it. mergeReports recomputes the
// summary over all workspaces, lists every workspace's state, and tags each resource with its
// state's source so equal addresses in two workspaces stay apart.
const merged = mergeReports(
  files.map((file) => DriftReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')))),
);

writeFileSync('drift.sarif', formatReport(merged, 'sarif'));
writeFileSync('drift.json', formatReport(merged, 'json'));
if (process.env.GITHUB_STEP_SUMMARY)
  appendFileSync(process.env.GITHUB_STEP_SUMMARY, formatReport(merged, 'markdown'));
console.log(formatReport(merged, 'text', { color: false }));
process.exitCode = scanVerdict(merged).exitCode;
