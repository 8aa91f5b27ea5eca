/**
 * The plugin reader against the real `hashicorp/aws` provider binary and real Terraform, both
 * talking to local emulators (s3rver, dynalite): Terraform applies a configuration once, the
 * test changes and deletes objects out of band, then the verdicts of `pluginProvider` must
 * equal those of `terraform plan -refresh-only` (through `terraformProvider`) resource by
 * resource and attribute by attribute. Skipped, with a note, where the binaries are absent.
 * Nothing here reaches the network: the CLI configuration installs providers only from the
 * local filesystem mirror. The binary alone also proves automatic mutual TLS.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { terraformProvider } from '../../src/providers/terraform-provider.js';
import type { DriftReport } from '../../src/model/report.js';
import { loadState } from '../../src/state/load-state.js';
import { pluginProvider } from '../../src/plugin.js';
import { loadPluginDependencies } from '../../src/plugin/dependencies.js';
import { PluginClient } from '../../src/plugin/plugin-client.js';
import { launchPlugin } from '../../src/plugin/plugin-process.js';
import { selfSignedCertificate } from '../../src/plugin/self-signed-cert.js';
import { startDynalite } from '../aws/servers/dynalite.js';
import type { RunningDynalite } from '../aws/servers/dynalite.js';
import { startS3 } from '../helpers/state-server-s3.js';
import type { TestS3 } from '../helpers/state-server-s3.js';
import {
  AWS_BINARY,
  awsPluginConfig,
  awsProviderHcl,
  CREDENTIALS,
  initAndApply,
  MIRROR,
  realAwsAvailable,
  TERRAFORM,
  terraformEnv,
} from './emulated-aws.js';

function mainTf(s3: string, dynamodb: string): string {
  const table = (name: string, env: string) => `
resource "aws_dynamodb_table" "${name}" {
  name         = "tfdrift-${name}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { env = "${env}" }
}`;
  return `${awsProviderHcl({ s3, dynamodb })}
${table('same', 'prod')}
${table('modified', 'prod')}
resource "aws_s3_bucket" "kept" {
  bucket = "tfdrift-kept"
}
resource "aws_s3_bucket" "deleted" {
  bucket = "tfdrift-deleted"
}
`;
}

if (!realAwsAvailable) {
  console.log(
    `note: real-aws plugin tests skipped: they need ${TERRAFORM} and the AWS provider in ${MIRROR}`,
  );
}

/** Status and changed paths per address: what "the same verdict" means. */
function verdicts(report: DriftReport) {
  return Object.fromEntries(
    report.resources.map((r) => [
      r.address,
      { status: r.status, changed: r.changes.map((c) => c.path).sort() },
    ]),
  );
}

describe.skipIf(!realAwsAvailable)(
  'pluginProvider agrees with terraform plan -refresh-only (real AWS provider)',
  () => {
    let s3: TestS3;
    let dynalite: RunningDynalite;
    let dir: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      [s3, dynalite] = await Promise.all([startS3([]), startDynalite()]);
      dir = mkdtempSync(join(tmpdir(), 'tfdrift-real-aws-'));
      const work = join(dir, 'work');
      mkdirSync(work);
      writeFileSync(join(work, 'main.tf'), mainTf(s3.endpoint, dynalite.url));
      env = terraformEnv(dir);
      await initAndApply(work, env);

      // Out-of-band changes: a tag edited on one table, one bucket deleted.
      const state = await loadState(join(work, 'terraform.tfstate'));
      const modified = state.resources.find((r) => r.address === 'aws_dynamodb_table.modified');
      const dynamodb = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: dynalite.url,
        credentials: CREDENTIALS,
      });
      await dynamodb.send(
        new TagResourceCommand({
          ResourceArn: String(modified?.attributes.arn),
          Tags: [{ Key: 'env', Value: 'edited-by-hand' }],
        }),
      );
      dynamodb.destroy();
      const s3Client = new S3Client({
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: CREDENTIALS,
      });
      await s3Client.send(new DeleteBucketCommand({ Bucket: 'tfdrift-deleted' }));
      s3Client.destroy();
    }, 600_000);

    afterAll(async () => {
      await Promise.all([s3?.close(), dynalite?.close()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('gives the same verdict as Terraform for in-sync, modified and deleted resources', async () => {
      const work = join(dir, 'work');
      const statePath = join(work, 'terraform.tfstate');
      const plugins = pluginProvider({
        pluginDirs: [MIRROR],
        cacheDir: join(dir, 'cache'),
        config: { 'hashicorp/aws': awsPluginConfig({ s3: s3.endpoint, dynamodb: dynalite.url }) },
      });
      let ours: DriftReport;
      try {
        ours = await detectDrift({
          state: statePath,
          providers: [plugins],
          retry: { attempts: 1 },
        });
      } finally {
        await plugins.close();
      }
      const theirs = await detectDrift({
        state: statePath,
        providers: [terraformProvider({ cwd: work, env })],
        retry: { attempts: 1 },
      });

      expect(verdicts(ours)).toEqual(verdicts(theirs));
      expect(verdicts(ours)).toEqual({
        'aws_dynamodb_table.same': { status: 'in-sync', changed: [] },
        // Tags are compared through tags_all, as Terraform applies them.
        'aws_dynamodb_table.modified': { status: 'drifted', changed: ['/tags_all/env'] },
        'aws_s3_bucket.kept': { status: 'in-sync', changed: [] },
        'aws_s3_bucket.deleted': { status: 'missing', changed: [] },
      });
      const modified = ours.resources.find((r) => r.address === 'aws_dynamodb_table.modified');
      expect(modified?.changes.find((c) => c.path === '/tags_all/env')?.actual).toBe(
        'edited-by-hand',
      );
    }, 300_000);
  },
);

describe.skipIf(!existsSync(AWS_BINARY))('automatic mTLS with the real AWS provider binary', () => {
  it('the binary answers a client certificate with its own, and accepts only that client', async () => {
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const deps = await loadPluginDependencies();
    const tls = selfSignedCertificate();
    const plugin = await launchPlugin({
      binary: AWS_BINARY,
      label: 'hashicorp/aws',
      env: { TF_LOG_SDK: 'WARN', TF_LOG_PROVIDER: 'WARN', TF_LOG_PROVIDER_AWS: 'WARN' },
      clientCert: tls.cert,
      handshakeTimeoutMs: 120_000,
      logger,
      secrets: [],
    });
    const ours = new PluginClient(deps, plugin.handshake, tls);
    const stranger = new PluginClient(deps, plugin.handshake, selfSignedCertificate());
    const plaintext = new PluginClient(deps, { ...plugin.handshake, serverCert: undefined });
    try {
      const cert = new X509Certificate(Buffer.from(String(plugin.handshake.serverCert), 'base64'));
      expect(cert.checkHost('localhost')).toBe('localhost');
      await expect(ours.stop({ timeoutMs: 30_000 })).resolves.toBeUndefined();
      await expect(stranger.stop({ timeoutMs: 10_000 })).rejects.toThrow();
      await expect(plaintext.stop({ timeoutMs: 10_000 })).rejects.toThrow();
    } finally {
      for (const c of [ours, stranger, plaintext]) c.close();
      await plugin.kill();
    }
  }, 180_000);
});
