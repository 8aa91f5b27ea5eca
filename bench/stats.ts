/** Small helpers the benchmarks share. */
import { fileURLToPath } from 'node:url';

/** The median of a non-empty list (NaN for an empty one). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A full collection before a measurement, when node runs with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The node arguments that run the benchmark module at `moduleUrl` again as a child process,
 * in its `--child` mode with `args`: a fresh process per measurement, so its peak memory is
 * its own.
 */
export function childArgs(moduleUrl: string, args: string[]): string[] {
  return ['--expose-gc', '--import', 'tsx', fileURLToPath(moduleUrl), '--child', ...args];
}
