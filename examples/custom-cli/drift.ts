// A company CLI around tfdrift in 30 lines, run where envs/<env>/ is (envs/prod/ ships here):
//   (cd examples/custom-cli && npx tsx drift.ts --env prod --format markdown)
import { parseArgs } from 'node:util';
import { detectDrift, formatReport, isTfdriftError, scanVerdict, snapshotProvider } from 'tfdrift';
import type { ReportFormat } from 'tfdrift';

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'prod' },
    format: { type: 'string', default: 'text' },
  },
});
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

try {
  const report = await detectDrift({
    state: `envs/${values.env}/terraform.tfstate`, // our layout: one state per environment
    providers: [snapshotProvider({ file: `envs/${values.env}/live.json` })],
    ignore: 'aws_s3_bucket.* /tags_all/LastScanned', // a company-wide rule
    signal: controller.signal,
  });
  process.stdout.write(formatReport(report, values.format as ReportFormat));
  process.exitCode = scanVerdict(report).exitCode; // 2 drift, 1 unread resources, 0 in sync
} catch (error) {
  console.error(`drift: ${isTfdriftError(error) ? error.message : String(error)}`);
  process.exitCode = 1;
}
