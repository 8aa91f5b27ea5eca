/**
 * Report formats at scale: `formatReport` on reports of 100,000 and 1,000,000 resources
 * (times TFDRIFT_BENCH_SCALE) in every format, against `JSON.stringify` of the same report
 * in the same process. Reports come from bench/synthetic-report.ts: a real scan's entries
 * repeated. Typical reports keep the scan's mix (about 5% drifted, 2% missing, 2% unknown,
 * 1% unsupported, 1% as many unmanaged); at 1,000,000 a worst case runs too, where every
 * resource is missing (a scan against the wrong account), so every entry needs output.
 *
 * Each run is its own child process (Node's default heap limit, as a user's CLI run has), so
 * the peak resident set (`maxRSS`) is that run's own and a crash ends one row, not the
 * benchmark: a thrown error, an out-of-memory abort or a timeout is reported as a failure row.
 *
 * Run alone: `node --expose-gc --import tsx bench/formats.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReport, REPORT_FORMATS } from '../src/report/format-report.js';
import type { ReportFormat } from '../src/report/format-report.js';
import type { DriftReport } from '../src/model/report.js';
import { expandReport, generateBaseReport } from './synthetic-report.js';
import type { ReportScenario } from './synthetic-report.js';
import { childArgs, collectGarbage } from './stats.js';

/** A run that takes longer than this is stopped and reported as a failure. */
const TIMEOUT_MS = 120_000;

/** What one child run reports. */
interface RunResult {
  ms?: number;
  stringifyMs?: number;
  outputBytes?: number;
  reportRssBytes?: number;
  peakRssBytes?: number;
  error?: string;
}

/**
 * CPU time of this process since `start`, not wall time: the machine is shared, and waiting
 * for a core says nothing about the formatter. (The garbage collector's helper threads count.)
 */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** In a child process: build the report, format it once, print the measurements as JSON. */
function child(
  format: ReportFormat,
  count: number,
  scenario: ReportScenario,
  baseFile: string,
): void {
  const base = JSON.parse(readFileSync(baseFile, 'utf8')) as DriftReport;
  const report = expandReport(base, count, scenario);
  collectGarbage();
  const reportRssBytes = process.memoryUsage().rss;
  const result: RunResult = { reportRssBytes };
  try {
    const start = process.cpuUsage();
    const out = formatReport(report, format);
    result.ms = cpuMs(start);
    result.outputBytes = Buffer.byteLength(out);
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  // Read before the peer runs, so the peak is the format's (or the report build's).
  result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  try {
    collectGarbage();
    const start = process.cpuUsage();
    const json = JSON.stringify(report);
    result.stringifyMs = cpuMs(start);
    void json.length;
  } catch {
    // The peer failing too (a report past V8's string limit) leaves its column empty.
  }
  process.stdout.write(JSON.stringify(result));
}

/** Runs one format at one size in a fresh process; never throws. */
function runChild(
  format: ReportFormat,
  count: number,
  scenario: ReportScenario,
  baseFile: string,
): RunResult {
  const out = spawnSync(
    process.execPath,
    childArgs(import.meta.url, [format, String(count), scenario, baseFile]),
    { encoding: 'utf8', maxBuffer: 1 << 20, timeout: TIMEOUT_MS },
  );
  if (out.error !== undefined) {
    const timedOut = (out.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    return { error: timedOut ? `timeout after ${TIMEOUT_MS / 1000} s` : out.error.message };
  }
  try {
    return JSON.parse(out.stdout) as RunResult;
  } catch {
    const lastLine =
      out.stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /error|fatal|abort|exceeded/i.test(l))[0] ?? `exit ${String(out.status)}`;
    return { error: `process died (${out.signal ?? `exit ${String(out.status)}`}): ${lastLine}` };
  }
}

const mb = (bytes: number | undefined, digits = 0): string =>
  bytes === undefined ? '' : (bytes / 2 ** 20).toFixed(digits);

/** Runs the benchmark and prints one table. */
export async function run(): Promise<void> {
  const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1');
  const factor = Number.isFinite(scale) && scale > 0 ? scale : 1;
  const size = (n: number): number => Math.max(100, Math.round(n * factor));
  const runs: [number, ReportScenario][] = [
    [size(100_000), 'typical'],
    [size(1_000_000), 'typical'],
    [size(1_000_000), 'all-missing'],
  ];
  console.log(
    'What this measures: formatReport(report, format) on one large report per row, in a ' +
      'fresh process each: CPU ms of the call, against JSON.stringify of the same report in ' +
      'the same process, and the peak RSS of that process (the report itself included). ' +
      "typical: a scan's mix (5% drifted, 2% missing, 2% unknown, 1% unsupported, 1% as " +
      'many unmanaged); all-missing: every resource missing (the wrong account).',
  );
  console.log(
    '| resources | report | format | result | CPU ms | × JSON.stringify | output MB | peak RSS MB | report alone RSS MB |',
  );
  console.log('|---:|---|---|---|---:|---:|---:|---:|---:|');
  let failures = 0;
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-bench-formats-'));
  try {
    const baseFile = join(dir, 'base-report.json');
    writeFileSync(baseFile, JSON.stringify(await generateBaseReport()));
    for (const [count, scenario] of runs) {
      for (const format of REPORT_FORMATS) {
        const r = runChild(format, count, scenario, baseFile);
        if (r.error !== undefined) failures++;
        const ratio =
          r.ms !== undefined && r.stringifyMs !== undefined && r.stringifyMs > 0
            ? (r.ms / r.stringifyMs).toFixed(2)
            : '';
        const result = r.error === undefined ? 'ok' : `FAILED: ${r.error.slice(0, 120)}`;
        console.log(
          `| ${count.toLocaleString('en-US')} | ${scenario} | ${format} | ${result} | ${r.ms?.toFixed(0) ?? ''} | ${ratio} | ${mb(r.outputBytes, 1)} | ${mb(r.peakRssBytes)} | ${mb(r.reportRssBytes)} |`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures > 0) console.log(`${failures} run(s) failed`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [flag, format, count, scenario, baseFile] = process.argv.slice(2);
  if (flag === '--child' && format && count && scenario && baseFile) {
    child(format as ReportFormat, Number(count), scenario as ReportScenario, baseFile);
  } else {
    await run();
  }
}
