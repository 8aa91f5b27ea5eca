/**
 * Real Terraform and the real AWS provider binary pointed at local emulators, shared by the
 * agreement tests and the benchmark: where the binaries are, the CLI configuration that
 * installs providers only from the local filesystem mirror (no network), the `provider "aws"`
 * block and the same settings as a `pluginProvider` configuration.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const MIRROR = '/opt/tf-plugins';
export const AWS_BINARY = join(
  MIRROR,
  'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5',
);
export const TERRAFORM = '/usr/local/bin/terraform';
/** Whether this machine has both binaries. */
export const realAwsAvailable = existsSync(AWS_BINARY) && existsSync(TERRAFORM);
/** Dummy credentials the emulators accept (s3rver checks these). */
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** `terraform { required_providers }` and the `provider "aws"` block for the emulators. */
export function awsProviderHcl(endpoints: Record<string, string>): string {
  const lines = Object.entries(endpoints)
    .map(([service, url]) => `    ${service} = "${url}"`)
    .join('\n');
  return `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "${CREDENTIALS.accessKeyId}"
  secret_key                  = "${CREDENTIALS.secretAccessKey}"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  s3_use_path_style           = true
  endpoints {
${lines}
  }
}
`;
}

/** The same settings as a `pluginProvider` configuration (Terraform's JSON syntax). */
export function awsPluginConfig(endpoints: Record<string, string>) {
  return {
    region: 'us-east-1',
    access_key: CREDENTIALS.accessKeyId,
    secret_key: CREDENTIALS.secretAccessKey,
    skip_credentials_validation: true,
    skip_metadata_api_check: 'true',
    skip_requesting_account_id: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    endpoints,
  };
}

/** Writes a CLI configuration that installs the AWS provider from the mirror only; returns the environment to run terraform with. */
export function terraformEnv(dir: string): Record<string, string> {
  const file = join(dir, 'cli.tfrc');
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
  );
  return { TF_CLI_CONFIG_FILE: file, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

const exec = promisify(execFile);

/** `terraform init` then `terraform apply` in `cwd`. */
export async function initAndApply(cwd: string, env: Record<string, string>): Promise<void> {
  const opts = { cwd, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 };
  await exec(TERRAFORM, ['init', '-input=false', '-no-color'], opts);
  await exec(TERRAFORM, ['apply', '-auto-approve', '-input=false', '-no-color'], opts);
}
