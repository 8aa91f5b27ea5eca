// Runs api-extractor on the built declarations of every public entry point.
// `--local` rewrites the committed reports in etc/; without it, any difference between the
// build and etc/ (or any warning, such as an undocumented or forgotten export) fails.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { fileURLToPath } from 'node:url';

const local = process.argv.includes('--local');
const configs = [
  'api-extractor.json',
  'config/api-extractor.aws.json',
  'config/api-extractor.testing.json',
  'config/api-extractor.plugin.json',
];
let failed = false;

for (const file of configs) {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const config = ExtractorConfig.loadFileAndPrepare(path);
  const result = Extractor.invoke(config, { localBuild: local, showVerboseMessages: false });
  const report = config.reportFilePath.replace(/.*\/etc\//, 'etc/');
  if (!result.succeeded || (!local && result.warningCount > 0)) {
    failed = true;
    console.error(
      `api-extractor: ${report}: ${result.errorCount} error(s), ${result.warningCount} warning(s)` +
        (result.apiReportChanged
          ? ' — the public API differs from the committed report: run `npm run api` and commit etc/'
          : ''),
    );
  } else {
    console.log(
      `api-extractor: ${report} ${local && result.apiReportChanged ? 'updated' : 'matches the build'}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
