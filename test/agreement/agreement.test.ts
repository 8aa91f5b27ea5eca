/**
 * Terraform agreement: real resources applied with the real Terraform CLI and the real
 * `hashicorp/aws` provider against local emulators (s3rver behind a small overlay, dynalite),
 * changed out of band with the AWS SDK, then judged three ways, resource by resource:
 * `awsProvider`, `terraformProvider` and Terraform's own `plan -refresh-only`. All three must
 * agree, apart from the documented semantic choices listed in scenarios.ts.
 *
 * Terraform runs are slow (the provider binary is ~700 MB), so the suite applies once,
 * settles once, acts on every resource at once, and refreshes once. It skips, with a printed
 * note, where Terraform or the provider binary is not installed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProvider } from '../../src/aws.js';
import { detectDrift, terraformProvider } from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { S3RVER_CREDENTIALS } from '../aws/servers/s3rver.js';
import { startDynalite } from '../aws/servers/dynalite.js';
import type { RunningDynalite } from '../aws/servers/dynalite.js';
import { startOverlaidS3 } from './s3-overlay.js';
import type { OverlaidS3 } from './s3-overlay.js';
import { CASES, RESOURCES_TF } from './scenarios.js';
import type { Verdict } from './scenarios.js';
import {
  driftFromPlanJson,
  findToolchain,
  runTerraform,
  terraformEnv,
  writeCliConfig,
} from './toolchain.js';
import type { Toolchain } from './toolchain.js';

const found = findToolchain();
const toolchain: Toolchain | undefined = 'missing' in found ? undefined : found;
if ('missing' in found)
  console.warn(`[tfdrift tests] Terraform agreement suite skipped: ${found.missing}`);

const REGION = 'us-east-1';

function providerBlock(s3: string, dynamodb: string): string {
  return `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region                      = "${REGION}"
  access_key                  = "${S3RVER_CREDENTIALS.accessKeyId}"
  secret_key                  = "${S3RVER_CREDENTIALS.secretAccessKey}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  endpoints {
    s3       = "${s3}"
    dynamodb = "${dynamodb}"
  }
}
`;
}

interface Verdicts {
  terraform: Map<string, Verdict>;
  aws: DriftReport;
  terraformProvider: DriftReport;
}

function statusOf(report: DriftReport, address: string): string {
  return report.resources.find((r) => r.address === address)?.status ?? 'absent from report';
}

describe.skipIf(toolchain === undefined)('Terraform agreement (real CLI and AWS provider)', () => {
  let dir: string;
  let s3: OverlaidS3;
  let dynalite: RunningDynalite;
  let verdicts: Verdicts;

  beforeAll(async () => {
    if (toolchain === undefined) return;
    [s3, dynalite] = await Promise.all([startOverlaidS3(), startDynalite()]);
    dir = await mkdtemp(join(tmpdir(), 'tfdrift-agreement-'));
    const env = terraformEnv(await writeCliConfig(dir, toolchain.mirror));
    await writeFile(join(dir, 'main.tf'), providerBlock(s3.url, dynalite.url) + RESOURCES_TF);
    const tf = (...args: string[]) => runTerraform(toolchain, dir, env, args);
    await tf('init', '-input=false');
    await tf('apply', '-auto-approve', '-input=false');
    // Settle: the first refresh after an apply fills values the create left empty (tags
    // s3rver cannot serve on create, parents of separate configuration resources).
    await tf('apply', '-refresh-only', '-auto-approve', '-input=false');

    const clients = {
      s3: new S3Client({
        region: REGION,
        endpoint: s3.url,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      }),
      dynamodb: new DynamoDBClient({
        region: REGION,
        endpoint: dynalite.url,
        credentials: S3RVER_CREDENTIALS,
      }),
    };
    for (const c of CASES) await c.act?.(clients);
    clients.s3.destroy();
    clients.dynamodb.destroy();

    const state = join(dir, 'terraform.tfstate');
    const plan = await tf('plan', '-refresh-only', '-json', '-input=false', '-lock=false');
    const aws = await detectDrift({
      state,
      providers: [
        awsProvider({
          region: REGION,
          credentials: S3RVER_CREDENTIALS,
          endpoints: { s3: s3.url, dynamodb: dynalite.url },
          maxAttempts: 1,
        }),
      ],
    });
    const viaTerraform = await detectDrift({
      state,
      providers: [terraformProvider({ cwd: dir, binary: toolchain.terraform, env })],
    });
    verdicts = { terraform: driftFromPlanJson(plan), aws, terraformProvider: viaTerraform };

    const rows = CASES.map((c) => ({
      address: c.address,
      scenario: c.scenario,
      terraform: verdicts.terraform.get(c.address) ?? 'in-sync',
      awsProvider: statusOf(aws, c.address),
      terraformProvider: statusOf(viaTerraform, c.address),
    }));
    console.log(`[tfdrift tests] Terraform agreement (aws provider ${toolchain.providerVersion})`);
    console.table(rows);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([s3?.close(), dynalite?.close()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('covers every resource Terraform applied, and nothing else', () => {
    const applied = verdicts.aws.resources.map((r) => r.address).sort();
    expect(applied).toEqual(CASES.map((c) => c.address).sort());
  });

  for (const c of CASES) {
    describe(`${c.address} (${c.scenario})`, () => {
      const terraformSays = c.terraformDiffers?.verdict ?? c.expected;
      it(`Terraform's refresh-only plan says ${terraformSays}`, () => {
        expect(verdicts.terraform.get(c.address) ?? 'in-sync').toBe(terraformSays);
      });
      it(`awsProvider says ${c.expected}`, () => {
        const report = verdicts.aws.resources.find((r) => r.address === c.address);
        expect({ status: report?.status, changes: report?.changes }).toMatchObject({
          status: c.expected,
        });
      });
      it(`terraformProvider says ${c.expected}`, () => {
        const report = verdicts.terraformProvider.resources.find((r) => r.address === c.address);
        expect({ status: report?.status, changes: report?.changes }).toMatchObject({
          status: c.expected,
        });
      });
    });
  }
});
