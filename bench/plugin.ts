/**
 * Provider-plugin reader benchmark: wall time of a whole scan with `pluginProvider` (the AWS
 * provider binary driven directly) against `terraformProvider` (`terraform plan
 * -refresh-only` + `show -json`) on the same state and the same local DynamoDB emulator
 * (dynalite), at 20, 200 and 1,000 `aws_dynamodb_table` instances, side by side in one run.
 * Both times include starting the provider process(es) and reading the schema; the verdicts
 * of the two must be identical. Skipped, with a note, without the real binaries.
 *
 * Run: `node --expose-gc --import tsx bench/plugin.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { detectDrift, terraformProvider } from '../src/index.js';
import type { DriftReport, Provider } from '../src/index.js';
import { pluginProvider } from '../src/plugin.js';
import { startDynalite } from '../test/aws/servers/dynalite.js';
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

const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
const SIZES = [20, 200, 1000].map((n) => Math.max(1, Math.round(n * scale)));

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
  tags = { env = "bench" }
}
`;
}

function statuses(report: DriftReport): Record<string, string> {
  return Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
}

async function timed(provider: Provider, state: string): Promise<[number, DriftReport]> {
  const start = performance.now();
  try {
    const report = await detectDrift({ state, providers: [provider], retry: { attempts: 1 } });
    return [performance.now() - start, report];
  } finally {
    await provider.close?.();
  }
}

export async function run_(): Promise<void> {
  if (!realAwsAvailable) {
    console.log(`skipped: needs ${TERRAFORM} and the AWS provider binary under ${MIRROR}`);
    return;
  }
  const dynalite = await startDynalite();
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

    console.log(
      'instances | terraform plan -refresh-only | pluginProvider | speed-up | same verdicts',
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
        await client.send(
          new TagResourceCommand({
            ResourceArn: table.TableDescription?.TableArn,
            Tags: [{ Key: 'env', Value: 'bench' }],
          }),
        );
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
      const [tfMs, theirs] = await timed(terraformProvider({ cwd: dir, env }), statePath);
      const [pluginMs, ours] = await timed(
        pluginProvider({
          pluginDirs: [MIRROR],
          concurrency: 32,
          config: { 'hashicorp/aws': awsPluginConfig({ dynamodb: dynalite.url }) },
        }),
        statePath,
      );
      const same = JSON.stringify(statuses(ours)) === JSON.stringify(statuses(theirs));
      const drifted = ours.resources.find((r) => r.status !== 'in-sync');
      if (drifted) {
        console.log(
          `  (${drifted.address}: ${drifted.status} ${JSON.stringify(drifted.changes.map((c) => [c.path, c.expected, c.actual]))} ${drifted.error?.message ?? ''})`,
        );
      }
      const inSync = ours.summary.inSync;
      console.log(
        `${String(n).padStart(9)} | ${(tfMs / 1000).toFixed(1).padStart(26)} s | ${(pluginMs / 1000).toFixed(1).padStart(12)} s | ${(tfMs / pluginMs).toFixed(1).padStart(7)}x | ${same ? 'yes' : 'NO'} (${inSync}/${n} in sync)`,
      );
    }
  } finally {
    client.destroy();
    await dynalite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export { run_ as run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run_();
