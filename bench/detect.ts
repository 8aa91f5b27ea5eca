/**
 * `detectDrift` end to end with the snapshot provider on 100,000 instances (scaled by
 * `TFDRIFT_BENCH_SCALE`): from the raw JSON texts of the state and the snapshot to the
 * report, against bare `JSON.parse` of both texts. Targets: within 3× the time, and peak
 * heap growth within 4× the input bytes.
 *
 * Run alone: `node --expose-gc --import tsx bench/detect.ts`.
 */
import { pathToFileURL } from 'node:url';
import { detectDrift } from '../src/detect/detect-drift.js';
import { snapshotProvider } from '../src/providers/snapshot-provider.js';
import { parseState } from '../src/state/parse-state.js';
import { generateSnapshotText } from './synthetic-snapshot.js';
import { generateState, generateStateText } from './synthetic-state.js';

const ITERATIONS = 3;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

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

/** Runs the benchmark and prints a table. */
export async function run(): Promise<void> {
  const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1');
  const count = Math.max(
    1,
    Math.round(100_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1)),
  );
  const stateText = generateStateText(count, 42);
  const snapshotText = generateSnapshotText(generateState(count, 42), { seed: 7 });
  const inputBytes = Buffer.byteLength(stateText) + Buffer.byteLength(snapshotText);

  const bare: Measured[] = [];
  const scans: Measured[] = [];
  let summary = '';
  for (let i = 0; i < ITERATIONS; i++) {
    bare.push(await measure(() => [JSON.parse(stateText), JSON.parse(snapshotText)]));
    scans.push(
      await measure(async () => {
        const state = parseState(stateText, { source: 'synthetic' });
        const provider = snapshotProvider({ data: JSON.parse(snapshotText) });
        const report = await detectDrift({ state, providers: [provider] });
        const s = report.summary;
        summary = `${s.total} instances: ${s.inSync} in-sync, ${s.drifted} drifted, ${s.missing} missing, ${s.unknown} unknown`;
        return report;
      }),
    );
  }
  const bareMs = median(bare.map((m) => m.ms));
  const scanMs = median(scans.map((m) => m.ms));
  const row = (name: string, ms: number, runs: Measured[]): Record<string, string> => ({
    name,
    'median ms': ms.toFixed(0),
    'ratio vs JSON.parse': (ms / bareMs).toFixed(2),
    'peak heap MB': (Math.max(...runs.map((m) => m.peakHeapBytes)) / 2 ** 20).toFixed(0),
    'peak heap / input bytes': (Math.max(...runs.map((m) => m.peakHeapBytes)) / inputBytes).toFixed(
      2,
    ),
  });
  console.log(
    `detect: ${summary}; input ${(inputBytes / 2 ** 20).toFixed(1)} MB of JSON; median of ${ITERATIONS} runs`,
  );
  console.table([
    row('JSON.parse (state + snapshot)', bareMs, bare),
    row('detectDrift end to end', scanMs, scans),
  ]);
  const memory = Math.max(...scans.map((m) => m.peakHeapBytes)) / inputBytes;
  console.log(
    `detectDrift / JSON.parse = ${(scanMs / bareMs).toFixed(2)}x (target <= 3x); peak heap = ${memory.toFixed(2)}x input bytes (target <= 4x)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
