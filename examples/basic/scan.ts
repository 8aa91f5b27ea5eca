/**
 * The bundled example through the public API: scan examples/basic/terraform.tfstate against
 * the live snapshot, print the drift as text, and exit 2 when something drifted or vanished.
 *
 *   npx tsx examples/basic/scan.ts
 */
import { fileURLToPath } from 'node:url';
import { detectDrift, formatReport, snapshotProvider } from 'tfdrift';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

const report = await detectDrift({
  state: here('./terraform.tfstate'),
  providers: [snapshotProvider({ file: here('./live-snapshot.json') })],
  unmanaged: true,
  signal: AbortSignal.timeout(60_000),
  onProgress: (e) => {
    if (e.phase === 'read' && e.done === e.total) console.error(`read ${e.total} resources`);
  },
});

console.log(formatReport(report, 'text'));
for (const resource of report.resources) {
  if (resource.status === 'drifted') console.log(resource.address, JSON.stringify(resource.patch));
}
for (const live of report.unmanaged) console.log(live.importBlock);
process.exitCode = report.summary.drifted + report.summary.missing > 0 ? 2 : 0;
