/**
 * `npm run bench`: every benchmark, one after another in one process, each printing ratios
 * against peers measured in the same run. Machines here are shared and noisy, so absolute
 * times mean little; ratios measured side by side are what we track.
 *
 * Run one: `node --expose-gc --import tsx bench/<name>.ts`. Scale down: TFDRIFT_BENCH_SCALE=0.1.
 */
import { existsSync } from 'node:fs';

const suites = ['parse-state', 'diff', 'detect', 'config', 'aws', 'formats', 'plugin', 'watch'];
const only = process.argv.slice(2);

for (const name of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(file)) continue;
  console.log(`\n=== ${name} ===`);
  const suite = (await import(file.href)) as { run: () => Promise<void> };
  await suite.run();
}
