/**
 * Fail a CI job when the infrastructure drifted. It prints the drift as text, writes a Markdown
 * summary for the job page when `GITHUB_STEP_SUMMARY` is set, and exits non-zero so the
 * pipeline stops: 2 on drift, 1 when the scan itself failed or could not read a resource,
 * 0 when everything was read and is in sync (the exit codes of `tfdrift scan` and
 * `terraform plan -detailed-exitcode`).
 *
 *   npx tsx examples/ci-gate/gate.ts examples/basic/terraform.tfstate examples/basic/live-snapshot.json
 */
import { appendFileSync } from 'node:fs';
import { detectDrift, formatReport, isTfdriftError, scanVerdict, snapshotProvider } from 'tfdrift';

const [statePath = 'terraform.tfstate', snapshotPath = 'live-snapshot.json'] =
  process.argv.slice(2);

try {
  const report = await detectDrift({
    state: statePath,
    providers: [snapshotProvider({ file: snapshotPath })],
    ignore: process.env.DRIFTIGNORE, // optional .driftignore text from a CI variable
    signal: AbortSignal.timeout(10 * 60_000), // never hang a pipeline
  });

  console.log(formatReport(report, 'text'));
  if (process.env.GITHUB_STEP_SUMMARY) {
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, formatReport(report, 'markdown'));
  }

  // A resource that could not be read is not in sync: the gate fails (exit 1) until it is
  // read, or until the job accepts unknowns explicitly (ACCEPT_UNKNOWN=1).
  const { verdict, exitCode } = scanVerdict(report, {
    acceptUnknown: process.env.ACCEPT_UNKNOWN === '1',
  });
  if (verdict === 'incomplete') {
    console.error(`::error::${report.summary.unknown} resources could not be read`);
  }
  process.exitCode = exitCode;
} catch (error) {
  // State or configuration problems: say what and where, in one line.
  console.error(isTfdriftError(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
