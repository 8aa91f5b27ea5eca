/**
 * `parseState` against bare `JSON.parse` of the same text, on a synthetic v4 state of 100,000
 * instances (scaled by `TFDRIFT_BENCH_SCALE`). Target: at most 1.5× `JSON.parse`.
 *
 * Run alone: `node --expose-gc --import tsx bench/parse-state.ts`.
 */
import { pathToFileURL } from 'node:url';
import { parseState } from '../src/state/parse-state.js';
import { generateStateText } from './synthetic-state.js';
import { collectGarbage, median } from './stats.js';

const ITERATIONS = 5;

interface Measured {
  ms: number;
  /** Process CPU time (all threads, GC included): steadier than wall time on a shared machine. */
  cpuMs: number;
  heapDeltaMb: number;
  peakRssMb: number;
}

/** Times one call; the heap delta is what the result keeps alive after a GC. */
function measure(fn: () => unknown): Measured {
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peakRssMb = process.memoryUsage().rss / 2 ** 20;
  collectGarbage();
  const heapDeltaMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  void result;
  return { ms, cpuMs, heapDeltaMb, peakRssMb };
}

/** Runs the benchmark and prints a table. */
export async function run(): Promise<void> {
  const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1');
  const count = Math.max(
    1,
    Math.round(100_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1)),
  );
  const text = generateStateText(count, 42);
  const mb = Buffer.byteLength(text) / 2 ** 20;

  const bare: Measured[] = [];
  const parsed: Measured[] = [];
  let instances = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    // Alternate so both see the same machine noise.
    bare.push(measure(() => JSON.parse(text)));
    parsed.push(
      measure(() => {
        const state = parseState(text, { source: 'synthetic' });
        instances = state.resources.length;
        return state;
      }),
    );
  }
  const bareMs = median(bare.map((m) => m.ms));
  const parsedMs = median(parsed.map((m) => m.ms));
  const bareCpu = median(bare.map((m) => m.cpuMs));
  const row = (name: string, ms: number, runs: Measured[]): Record<string, string> => ({
    name,
    'median ms': ms.toFixed(1),
    'ratio vs JSON.parse': (ms / bareMs).toFixed(2),
    'median cpu ms': median(runs.map((m) => m.cpuMs)).toFixed(1),
    'cpu ratio': (median(runs.map((m) => m.cpuMs)) / bareCpu).toFixed(2),
    'retained heap MB': median(runs.map((m) => m.heapDeltaMb)).toFixed(1),
    'peak rss MB': Math.max(...runs.map((m) => m.peakRssMb)).toFixed(0),
  });
  console.log(
    `parse-state: ${instances} instances, ${mb.toFixed(1)} MB of JSON, median of ${ITERATIONS} runs`,
  );
  console.table([row('JSON.parse', bareMs, bare), row('parseState', parsedMs, parsed)]);
  const ratio = parsedMs / bareMs;
  console.log(`parseState / JSON.parse = ${ratio.toFixed(2)}x (target <= 1.5x)`);
  await Promise.resolve();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
