/**
 * Provider-plugin reader benchmark: wall time of a whole `detectDrift` scan with
 * `pluginProvider` (the AWS provider binary driven directly) against `terraformProvider`
 * (`terraform plan -refresh-only` + `show -json`) on the same state and the same local
 * DynamoDB emulator (dynalite, in its own process, as a remote API would be), at 20, 200 and
 * 1,000 `aws_dynamodb_table` instances, side by side in one run: once with the emulator
 * answering at once (CPU-bound) and once with 25 ms per API call (latency-bound, like AWS). One table in ten was edited
 * out of band, so both in-sync and drifted verdicts are compared; they must be identical,
 * address by address and changed path by changed path.
 *
 * Both times include starting the provider process(es). `pluginProvider` is timed twice: with
 * an empty schema cache (the first scan with a given provider binary: the provider builds and
 * sends its whole schema) and with the cache the first scan wrote (every later scan).
 * Each cell is the median of TFDRIFT_BENCH_RUNS (default 3) rounds, the three readers taking
 * turns within a round so that a noisy neighbour slows them alike. On Linux each cell also
 * says where the CPU went: the reader's own process and the processes it started (terraform
 * and its providers, or tfdrift and its plugin), and the emulator, which both readers load
 * the same and which a real cloud would run on its own machines.
 * Skipped, with a note, without the real binaries.
 *
 * Run: `node --expose-gc --import tsx bench/plugin.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down,
 * TFDRIFT_BENCH_LATENCY_MS=0,25 for the emulator latencies, TFDRIFT_BENCH_RUNS=3).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { detectDrift, terraformProvider } from '../src/index.js';
import type { DriftReport, Provider } from '../src/index.js';
import { pluginProvider } from '../src/plugin.js';
import {
  awsPluginConfig,
  awsProviderHcl,
  CREDENTIALS,
  initAndApply,
  MIRROR,
  realAwsAvailable,
  TERRAFORM,
  terraformEnv,
} from '../test/plugin/emulated-aws.js';
import { median } from './stats.js';

const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
const SIZES = [20, 200, 1000].map((n) => Math.max(1, Math.round(n * scale)));
/** Emulator latencies to measure at, ms per API call (TFDRIFT_BENCH_LATENCY_MS=0,25). */
const LATENCIES = (process.env.TFDRIFT_BENCH_LATENCY_MS ?? '0,25')
  .split(',')
  .map((ms) => Math.max(0, Number(ms) || 0));
/** Rounds per cell; the median is reported. */
const RUNS = Math.max(1, Number(process.env.TFDRIFT_BENCH_RUNS ?? '3') || 3);
/** One table in this many is edited out of band (a drifted verdict). */
const DRIFT_EVERY = 10;

function mainTf(endpoint: string, count: number): string {
  return `${awsProviderHcl({ dynamodb: endpoint })}
resource "aws_dynamodb_table" "t" {
  count        = ${count}
  name         = "tfdrift-bench-\${count.index}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
`;
}

/**
 * dynalite in a child process, so the emulator does not share the scanner's event loop, each
 * request answered after `latencyMs` (0: as fast as the emulator can; a real AWS API answers in
 * tens of milliseconds, which makes reads wait rather than compute).
 */
async function startDynaliteProcess(
  latencyMs: number,
): Promise<{ url: string; child: ChildProcess }> {
  const script = `const d = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const [handle] = d.listeners('request');
d.removeAllListeners('request');
d.on('request', (req, res) => setTimeout(() => handle.call(d, req, res), ${latencyMs}));
d.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + d.address().port));`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`dynalite exited (${String(code)})`)));
  });
  return { url, child };
}

/** Status and changed paths per address: what "the same verdict" means. */
function verdicts(report: DriftReport): string {
  return JSON.stringify(
    Object.fromEntries(
      report.resources.map((r) => [r.address, [r.status, r.changes.map((c) => c.path).sort()]]),
    ),
  );
}

/** CPU seconds so far, from /proc (Linux): this process, its reaped children, and another process. */
function cpuTimes(
  otherPid: number | undefined,
): { self: number; children: number; other: number } | undefined {
  const fields = (pid: number | 'self'): string[] | undefined => {
    try {
      const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const own = fields('self');
  if (own === undefined) return undefined;
  // utime, stime, cutime, cstime are fields 14-17 of stat; here, after the name, 12-15 (0-based 11-14).
  const ticks = (f: string[] | undefined, i: number) => Number(f?.[i] ?? 0) / 100;
  const other = otherPid === undefined ? undefined : fields(otherPid);
  return {
    self: ticks(own, 11) + ticks(own, 12),
    children: ticks(own, 13) + ticks(own, 14),
    other: ticks(other, 11) + ticks(other, 12),
  };
}

interface Timing {
  ms: number;
  report: DriftReport;
  /** CPU seconds of the reader (this process and its processes) and of the emulator. */
  cpu?: { reader: number; emulator: number };
}

async function timed(provider: Provider, state: string, emulatorPid?: number): Promise<Timing> {
  const before = cpuTimes(emulatorPid);
  const start = performance.now();
  let report: DriftReport;
  let ms: number;
  try {
    report = await detectDrift({ state, providers: [provider], retry: { attempts: 1 } });
    ms = performance.now() - start;
  } finally {
    await provider.close?.();
  }
  // After close() the reader's processes have exited and been reaped, so their CPU is counted.
  const after = cpuTimes(emulatorPid);
  const cpu =
    before && after
      ? {
          reader: after.self + after.children - before.self - before.children,
          emulator: after.other - before.other,
        }
      : undefined;
  return { ms, report, ...(cpu ? { cpu } : {}) };
}

/** The median run of a cell (by wall time), so its CPU split belongs to the time shown. */
function medianRun(runs: Timing[]): Timing {
  const m = median(runs.map((r) => r.ms));
  return runs.reduce((best, r) => (Math.abs(r.ms - m) < Math.abs(best.ms - m) ? r : best));
}

export async function run_(): Promise<void> {
  if (!realAwsAvailable) {
    console.log(`skipped: needs ${TERRAFORM} and the AWS provider binary under ${MIRROR}`);
    return;
  }
  for (const latencyMs of LATENCIES) await runWithLatency(latencyMs);
}

async function runWithLatency(latencyMs: number): Promise<void> {
  console.log(
    latencyMs === 0
      ? '\ndynalite answering at once (the work is CPU: provider, emulator, scanner share 2 cores)'
      : `\ndynalite answering after ${latencyMs} ms per API call (the work is waiting, as with a real AWS region)`,
  );
  const dynalite = await startDynaliteProcess(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-bench-plugin-'));
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynalite.url,
    credentials: CREDENTIALS,
  });
  try {
    // One real apply gives a real state instance; the others are copies of it, with tables
    // created to match through the DynamoDB API (1,000 applies would take far too long).
    const env = terraformEnv(dir);
    writeFileSync(join(dir, 'main.tf'), mainTf(dynalite.url, 1));
    await initAndApply(dir, env);
    const statePath = join(dir, 'terraform.tfstate');
    const seedState = JSON.parse(readFileSync(statePath, 'utf8')) as {
      resources: { instances: Record<string, unknown>[] }[];
    };
    const seed = JSON.stringify(seedState.resources[0]?.instances[0]);
    let created = 1;
    const pluginOptions = {
      pluginDirs: [MIRROR],
      concurrency: 32,
      config: { 'hashicorp/aws': awsPluginConfig({ dynamodb: dynalite.url }) },
    };

    const cpuLines: string[] = [];
    console.log(
      `median of ${RUNS} round${RUNS === 1 ? '' : 's'}; instances | terraform plan -refresh-only | pluginProvider, cold schema cache | pluginProvider, warm | speed-up cold / warm | same verdicts`,
    );
    for (const n of SIZES) {
      for (; created < n; created++) {
        const TableName = `tfdrift-bench-${created}`;
        const table = await client.send(
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          }),
        );
        if (created % DRIFT_EVERY === 0) {
          await client.send(
            new TagResourceCommand({
              ResourceArn: table.TableDescription?.TableArn,
              Tags: [{ Key: 'edited', Value: 'by-hand' }],
            }),
          );
        }
      }
      const instances = Array.from({ length: n }, (_, i) => ({
        ...(JSON.parse(seed.replace(/tfdrift-bench-0(?!\d)/g, `tfdrift-bench-${i}`)) as object),
        index_key: i,
      }));
      writeFileSync(
        statePath,
        JSON.stringify({
          ...seedState,
          serial: n + 1,
          resources: [{ ...seedState.resources[0], instances }],
        }),
      );
      writeFileSync(join(dir, 'main.tf'), mainTf(dynalite.url, n));
      const tf: Timing[] = [];
      const cold: Timing[] = [];
      const warm: Timing[] = [];
      for (let round = 0; round < RUNS; round++) {
        tf.push(await timed(terraformProvider({ cwd: dir, env }), statePath, dynalite.child.pid));
        const cacheDir = mkdtempSync(join(dir, 'cache-'));
        const plugin = () => pluginProvider({ ...pluginOptions, cacheDir });
        cold.push(await timed(plugin(), statePath, dynalite.child.pid));
        warm.push(await timed(plugin(), statePath, dynalite.child.pid));
      }
      const theirs = verdicts(tf[0]!.report);
      const same = [...tf, ...cold, ...warm].every((t) => verdicts(t.report) === theirs);
      const [t, c, w] = [tf, cold, warm].map(medianRun) as [Timing, Timing, Timing];
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      const x = (ms: number) => `${(t.ms / ms).toFixed(1)}x`;
      console.log(
        `${String(n).padStart(9)} | ${s(t.ms).padStart(28)} | ${s(c.ms).padStart(34)} | ${s(w.ms).padStart(20)} | ${`${x(c.ms)} / ${x(w.ms)}`.padStart(20)} | ${same ? 'yes' : 'NO'} (${w.report.summary.inSync} in sync, ${w.report.summary.drifted} drifted)`,
      );
      const split = (timing: Timing) =>
        timing.cpu
          ? `${timing.cpu.reader.toFixed(1)} s reader + ${timing.cpu.emulator.toFixed(1)} s emulator`
          : 'n/a';
      cpuLines.push(
        `${String(n).padStart(9)} | ${split(t).padStart(28)} | ${split(c).padStart(34)} | ${split(w).padStart(34)}`,
      );
    }
    console.log(
      `CPU of the median runs (reader: the scanning process and the processes it started; emulator: dynalite):\n` +
        `instances | ${'terraform plan -refresh-only'.padStart(28)} | ${'pluginProvider, cold'.padStart(34)} | ${'pluginProvider, warm'.padStart(34)}\n` +
        cpuLines.join('\n'),
    );
  } finally {
    client.destroy();
    dynalite.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export { run_ as run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run_();
