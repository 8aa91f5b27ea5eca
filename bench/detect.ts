/**
 * `detectDrift` end to end with the snapshot provider on 100,000 instances (scaled by
 * `TFDRIFT_BENCH_SCALE`): from the raw JSON texts of the state and the snapshot to the
 * report, with unmanaged detection on, against bare `JSON.parse` of both texts. Targets:
 * within 3× the time, and peak memory growth within 4× the input bytes.
 *
 * The live side is not the state written back: every object comes in its own key order,
 * with set-typed lists reordered and policy documents re-serialized (equal under the rules,
 * so each one is compared in full), 5% drifted on compared attributes, 2% deleted, and 1%
 * more live objects that no state holds (see bench/synthetic-snapshot.ts).
 *
 * Time is measured in this process (median of runs, alternating with the peer). Peak memory
 * is measured in a fresh child process per variant: the growth of the peak resident set
 * (`maxRSS`) over the resident set once the input texts are loaded, so the synchronous
 * parses, which no in-process sampler can see, are counted.
 *
 * Run alone: `node --expose-gc --import tsx bench/detect.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectDrift } from '../src/detect/detect-drift.js';
import { snapshotProvider } from '../src/providers/snapshot-provider.js';
import { parseState } from '../src/state/parse-state.js';
import { generateSnapshotText } from './synthetic-snapshot.js';
import { generateState, generateStateText } from './synthetic-state.js';
import { childArgs, collectGarbage, median } from './stats.js';

const ITERATIONS = 3;

interface Measured {
  ms: number;
  /** Highest heap in use during the call, above the heap before it. */
  peakHeapBytes: number;
}

/** Times `fn`, sampling the heap on a timer (the scan yields between batches) and at the end. */
async function measure(fn: () => unknown): Promise<Measured> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 2);
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  sample();
  clearInterval(timer);
  void result;
  return { ms, peakHeapBytes: peak - before };
}

async function scanTexts(stateText: string, snapshotText: string) {
  const state = parseState(stateText, { source: 'synthetic' });
  const provider = snapshotProvider({ data: JSON.parse(snapshotText) });
  return detectDrift({ state, providers: [provider], unmanaged: true });
}

/** In a child process: load the texts, run one variant, print the peak RSS growth in bytes. */
async function child(variant: string, stateFile: string, snapshotFile: string): Promise<void> {
  const stateText = readFileSync(stateFile, 'utf8');
  const snapshotText = readFileSync(snapshotFile, 'utf8');
  collectGarbage();
  const baseline = process.memoryUsage().rss;
  let keep: unknown;
  if (variant === 'parse') keep = [JSON.parse(stateText), JSON.parse(snapshotText)];
  else keep = await scanTexts(stateText, snapshotText);
  const peak = process.resourceUsage().maxRSS * 1024;
  void keep;
  process.stdout.write(JSON.stringify({ growth: peak - baseline }));
}

function peakGrowth(variant: string, stateFile: string, snapshotFile: string): number {
  const out = execFileSync(
    process.execPath,
    childArgs(import.meta.url, [variant, stateFile, snapshotFile]),
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return (JSON.parse(out) as { growth: number }).growth;
}

/** Runs the benchmark and prints a table. */
export async function run(): Promise<void> {
  const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1');
  const count = Math.max(
    1,
    Math.round(100_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1)),
  );
  const stateText = generateStateText(count, 42);
  const { text: snapshotText, mix } = generateSnapshotText(generateState(count, 42), { seed: 7 });
  const inputBytes = Buffer.byteLength(stateText) + Buffer.byteLength(snapshotText);

  const bare: Measured[] = [];
  const scans: Measured[] = [];
  let summary = '';
  for (let i = 0; i < ITERATIONS; i++) {
    bare.push(await measure(() => [JSON.parse(stateText), JSON.parse(snapshotText)]));
    scans.push(
      await measure(async () => {
        const report = await scanTexts(stateText, snapshotText);
        const s = report.summary;
        summary = `${s.total} instances: ${s.inSync} in-sync, ${s.drifted} drifted, ${s.missing} missing, ${s.unknown} unknown, ${s.unsupported} unsupported; ${s.unmanaged} unmanaged`;
        return report;
      }),
    );
  }
  const bareMs = median(bare.map((m) => m.ms));
  const scanMs = median(scans.map((m) => m.ms));

  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-bench-'));
  let parseGrowth: number;
  let scanGrowth: number;
  try {
    const stateFile = join(dir, 'state.json');
    const snapshotFile = join(dir, 'snapshot.json');
    writeFileSync(stateFile, stateText);
    writeFileSync(snapshotFile, snapshotText);
    parseGrowth = peakGrowth('parse', stateFile, snapshotFile);
    scanGrowth = peakGrowth('scan', stateFile, snapshotFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  const row = (
    name: string,
    ms: number,
    growth: number,
    runs: Measured[],
  ): Record<string, string> => ({
    name,
    'median ms': ms.toFixed(0),
    'ratio vs JSON.parse': (ms / bareMs).toFixed(2),
    'peak RSS growth MB': mb(growth),
    'peak RSS growth / input bytes': (growth / inputBytes).toFixed(2),
    'heap at yields MB': mb(Math.max(...runs.map((m) => m.peakHeapBytes))),
  });
  console.log(
    'What this measures: detectDrift from the texts of a state and a live snapshot to the ' +
      'report (parse, route, read, diff under the rules, list and match unmanaged objects), ' +
      'against JSON.parse of the same texts.',
  );
  console.log(
    `live side: ${mix.reshaped} equal but re-shaped (own key order, sets reordered, policies ` +
      `re-serialized), ${mix.drifted} drifted on compared attributes, ${mix.missing} deleted, ` +
      `${mix.unmanaged} unmanaged objects beside them`,
  );
  console.log(
    `detect: ${summary}; input ${(inputBytes / 2 ** 20).toFixed(1)} MB of JSON; median of ${ITERATIONS} runs`,
  );
  console.table([
    row('JSON.parse (state + snapshot)', bareMs, parseGrowth, bare),
    row('detectDrift end to end', scanMs, scanGrowth, scans),
  ]);
  console.log(
    `detectDrift / JSON.parse = ${(scanMs / bareMs).toFixed(2)}x (target <= 3x); ` +
      `peak memory growth = ${(scanGrowth / inputBytes).toFixed(2)}x input bytes (target <= 4x)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [flag, variant, stateFile, snapshotFile] = process.argv.slice(2);
  if (flag === '--child' && variant && stateFile && snapshotFile) {
    await child(variant, stateFile, snapshotFile);
  } else {
    await run();
  }
}
