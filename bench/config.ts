/**
 * Configuration benchmark: `parseConfig` on a generated configuration of 200 files (a root
 * module and four local modules, shaped like real ones: variables, locals, count, for_each,
 * dynamic blocks, lifecycle), against the bare hcl2json parse of the same files, one at a time and
 * 16 at a time as parseConfig does (the floor: what the WebAssembly parser alone costs). Then the first-call cost of the parser: a fresh
 * Node process parses a one-resource configuration twice; the first call loads and
 * instantiates the WebAssembly, the second does not.
 *
 * Run: `node --expose-gc --import tsx bench/config.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadHclParser } from '../src/config/hcl-parser.js';
import { parseConfig } from '../src/index.js';
import { median } from './stats.js';

const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
const FILES = Math.max(5, Math.round(200 * scale));
const MODULES = ['network', 'compute', 'storage', 'iam'];
const RUNS = 5;
const COLD_RUNS = 3;

/** One generated file: a few resources of the shapes real configurations use. */
function fileText(index: number, module: string): string {
  return `
variable "${module}_name_${index}" {
  type    = string
  default = "${module}-${index}"
}

locals {
  prefix_${index} = "\${var.${module}_name_${index}}-\${terraform.workspace}"
  ports_${index}  = [80, 443, 8443]
}

resource "aws_security_group" "sg_${index}" {
  name        = "\${local.prefix_${index}}-sg"
  description = "generated ${index}"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = local.ports_${index}
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }

  tags = {
    Name  = "\${local.prefix_${index}}-sg"
    Index = "${index}"
  }
}

resource "aws_instance" "app_${index}" {
  count         = 3
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = element(var.subnet_ids, count.index)

  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }

  lifecycle {
    ignore_changes = [ami, tags["LastPatched"]]
  }
}

resource "aws_s3_bucket" "data_${index}" {
  for_each = {
    raw     = "standard"
    curated = "intelligent"
  }
  bucket = "\${local.prefix_${index}}-\${each.key}"
}

output "sg_${index}" {
  value = aws_security_group.sg_${index}.id
}
`;
}

async function generate(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const perModule = Math.floor(FILES / (MODULES.length + 1));
  const rootFiles = FILES - perModule * MODULES.length;
  const calls = MODULES.map(
    (module) =>
      `module "${module}" {\n  source     = "./modules/${module}"\n  vpc_id     = "vpc-1"\n  subnet_ids = ["subnet-1"]\n}\n`,
  ).join('\n');
  const write = async (path: string, text: string) => {
    await writeFile(path, text);
    paths.push(path);
  };
  await write(join(dir, 'main.tf'), `${calls}\nvariable "vpc_id" {}\nvariable "subnet_ids" {}\n`);
  for (let i = 1; i < rootFiles; i++) await write(join(dir, `root-${i}.tf`), fileText(i, 'root'));
  for (const module of MODULES) {
    const moduleDir = join(dir, 'modules', module);
    await mkdir(moduleDir, { recursive: true });
    await write(
      join(moduleDir, 'variables.tf'),
      'variable "vpc_id" {}\nvariable "subnet_ids" {}\n',
    );
    for (let i = 1; i < perModule; i++)
      await write(join(moduleDir, `${module}-${i}.tf`), fileText(i, module));
  }
  return paths;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The first and second parse of a tiny configuration in a fresh process. */
async function coldStart(dir: string): Promise<{ first: number; second: number; rssMb: number }> {
  const tiny = join(dir, 'tiny');
  await mkdir(tiny, { recursive: true });
  await writeFile(join(tiny, 'main.tf'), 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n');
  const script = join(dir, 'cold.mjs');
  const entry = pathToFileURL(
    join(import.meta.dirname, '..', 'src', 'config', 'parse-config.ts'),
  ).href;
  await writeFile(
    script,
    `const { parseConfig } = await import(${JSON.stringify(entry)});
const rss = process.memoryUsage().rss;
let start = performance.now();
await parseConfig(${JSON.stringify(tiny)});
const first = performance.now() - start;
start = performance.now();
await parseConfig(${JSON.stringify(tiny)});
const second = performance.now() - start;
console.log(JSON.stringify({ first, second, rssMb: (process.memoryUsage().rss - rss) / 2 ** 20 }));
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    first: number;
    second: number;
    rssMb: number;
  };
}

/** Runs the benchmark and prints its table. */
export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tfdrift-bench-config-'));
  try {
    const paths = await generate(dir);
    const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
    const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const parser = await loadHclParser();
    await parseConfig(dir); // warm-up: JIT, file cache
    const bare: number[] = [];
    const overlapped: number[] = [];
    const ours: number[] = [];
    let resources = 0;
    const variants: (() => Promise<unknown>)[] = [
      async () =>
        bare.push(
          await time(async () => {
            for (let f = 0; f < paths.length; f++) await parser.parse(paths[f]!, texts[f]!);
          }),
        ),
      async () =>
        overlapped.push(
          await time(async () => {
            for (let f = 0; f < paths.length; f += 16) {
              const chunk = paths.slice(f, f + 16);
              await Promise.all(chunk.map((path, i) => parser.parse(path, texts[f + i]!)));
            }
          }),
        ),
      async () =>
        ours.push(
          await time(async () => {
            resources = (await parseConfig(dir)).resources.length;
          }),
        ),
    ];
    // Rotate the order so no variant always runs right after another's garbage.
    for (let i = 0; i < RUNS; i++) {
      for (let v = 0; v < variants.length; v++) await variants[(i + v) % variants.length]!();
    }
    const floor = median(bare);
    console.log(
      `config: ${paths.length} files (${(bytes / 1024).toFixed(0)} KiB), ${MODULES.length} local modules, ${resources} declared resources; median of ${RUNS}`,
    );
    console.log('| variant | ms | vs bare hcl2json |');
    console.log('|---|---:|---:|');
    console.log(`| bare hcl2json parse, one file at a time | ${floor.toFixed(1)} | 1.00x |`);
    console.log(
      `| bare hcl2json parse, 16 files at a time | ${median(overlapped).toFixed(1)} | ${(median(overlapped) / floor).toFixed(2)}x |`,
    );
    console.log(
      `| parseConfig (read, parse, modules, literals) | ${median(ours).toFixed(1)} | ${(median(ours) / floor).toFixed(2)}x |`,
    );

    const cold: { first: number; second: number; rssMb: number }[] = [];
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await coldStart(dir));
    const first = median(cold.map((c) => c.first));
    const second = median(cold.map((c) => c.second));
    console.log(`\nWebAssembly parser first-call cost (fresh process, median of ${COLD_RUNS}):`);
    console.log('| call | ms |');
    console.log('|---|---:|');
    console.log(
      `| first parseConfig of a 1-resource file (imports and instantiates hcl2json) | ${first.toFixed(1)} |`,
    );
    console.log(`| second parseConfig of the same file | ${second.toFixed(1)} |`);
    console.log(`| load cost (first - second) | ${(first - second).toFixed(1)} |`);
    console.log(`  RSS growth over both calls: ${median(cold.map((c) => c.rssMb)).toFixed(0)} MiB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
