import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigModel as parseConfig } from '../../src/config/parse-config.js';
import type { DeclaredResource, ParsedConfig as TerraformConfig } from '../../src/config/types.js';
import { ConfigParseError } from '../../src/errors.js';
import { removeTempDirs, tempConfig } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');
const PLATFORM = join(FIXTURES, 'platform');

let platform: TerraformConfig;
beforeAll(async () => {
  platform = await parseConfig(PLATFORM);
});

function resource(config: TerraformConfig, address: string): DeclaredResource {
  const found = config.resources.find((r) => r.address === address);
  if (found === undefined)
    throw new Error(`no ${address} in ${config.resources.map((r) => r.address).join(', ')}`);
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<ConfigParseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigParseError);
  expect((error as ConfigParseError).code).toBe('CONFIG_PARSE');
  return error as ConfigParseError;
}

afterEach(removeTempDirs);

describe('parseConfig on a root module with nested local modules', () => {
  it('reads every .tf and .tf.json file of the root and of each local module once', () => {
    expect(platform.dir).toBe(PLATFORM);
    expect(platform.files).toEqual([
      'dns.tf.json',
      'main.tf',
      'outputs.tf',
      'providers.tf',
      'variables.tf',
      'versions.tf',
      'modules/network/main.tf',
      'modules/subnet-tier/main.tf',
      'modules/storage/main.tf',
    ]);
  });

  it('records module calls through two levels, with their sources, providers maps and directories', () => {
    const calls = Object.fromEntries(platform.modules.map((m) => [m.address, m]));
    expect(Object.keys(calls).sort()).toEqual([
      'module.eks',
      'module.network',
      'module.network.module.private',
      'module.network.module.public',
      'module.storage',
    ]);
    expect(calls['module.network.module.public']).toMatchObject({
      name: 'public',
      parent: 'module.network',
      source: '../subnet-tier',
      sourceKind: 'local',
      followed: true,
      dir: 'modules/subnet-tier',
      file: 'modules/network/main.tf',
      line: 18,
    });
    expect(calls['module.storage']?.providers).toEqual({
      aws: 'aws',
      'aws.replica': 'aws.replica',
    });
    expect(calls['module.eks']).toMatchObject({
      source: 'terraform-aws-modules/eks/aws',
      sourceKind: 'registry',
      version: '~> 20.0',
      followed: false,
    });
    expect(calls['module.eks']?.dir).toBeUndefined();
  });

  it('gives resources in modules their module path and unkeyed address', () => {
    const subnet = resource(platform, 'module.network.module.private.aws_subnet.this');
    expect(subnet.module).toBe('module.network.module.private');
    expect(subnet.file).toBe('modules/subnet-tier/main.tf');
    expect(subnet.line).toBe(13);
    // Called twice: one declared resource per call.
    expect(platform.resources.filter((r) => r.type === 'aws_subnet').map((r) => r.address)).toEqual(
      [
        'module.network.module.private.aws_subnet.this',
        'module.network.module.public.aws_subnet.this',
      ],
    );
  });

  it('records for_each over a literal map with its keys, and over a variable as an expression', () => {
    expect(resource(platform, 'module.storage.aws_s3_bucket.this').expansion).toEqual({
      kind: 'for_each',
      keys: ['artifacts', 'logs'],
    });
    expect(resource(platform, 'module.storage.aws_s3_bucket.replica').expansion).toEqual({
      kind: 'for_each',
      keys: ['logs'],
    });
    expect(resource(platform, 'module.network.module.public.aws_subnet.this').expansion).toEqual({
      kind: 'for_each',
      expression: 'var.subnets',
    });
  });

  it('records count with its indexes', () => {
    const bastion = resource(platform, 'aws_instance.bastion');
    expect(bastion.expansion).toEqual({ kind: 'count', keys: [0, 1] });
    expect(bastion.line).toBe(33);
  });

  it('keeps literal values and lists the pointers of expressions', () => {
    const bastion = resource(platform, 'aws_instance.bastion');
    expect(bastion.attributes).toEqual({
      ami: 'ami-0a1b2c3d4e5f67890',
      instance_type: 't3.micro',
      tags: { Role: 'bastion' },
    });
    expect(bastion.expressions).toEqual(['/subnet_id', '/tags/Name']);
    expect(bastion.attributes).not.toHaveProperty('count');
    expect(bastion.attributes).not.toHaveProperty('lifecycle');
    // An object whose members are all expressions has no literal part at all.
    const vpc = resource(platform, 'module.network.aws_vpc.this');
    expect(vpc.attributes).toEqual({ enable_dns_hostnames: true });
    expect(vpc.expressions).toEqual(['/cidr_block', '/tags/Name']);
  });

  it('marks dynamic blocks as expressions and keeps static blocks as arrays of objects', () => {
    const web = resource(platform, 'aws_security_group.web');
    expect(web.dynamicBlocks).toEqual(['ingress']);
    expect(web.expressions).toContain('/ingress');
    expect(web.attributes).not.toHaveProperty('ingress');
    expect(web.attributes.egress).toEqual([
      { cidr_blocks: ['0.0.0.0/0'], from_port: 0, protocol: '-1', to_port: 0 },
    ]);
    expect(web.attributes).not.toHaveProperty('dynamic');
  });

  it('turns ignore_changes into JSON Pointers, and = all into all', () => {
    expect(resource(platform, 'aws_instance.bastion').ignoreChanges).toEqual(['/tags']);
    expect(resource(platform, 'aws_autoscaling_group.workers').ignoreChanges).toBe('all');
    expect(resource(platform, 'aws_iam_role.ci').ignoreChanges).toEqual([
      '/max_session_duration',
      '/tags/LastRotated',
    ]);
    expect(resource(platform, 'aws_security_group.web').ignoreChanges).toEqual([]);
  });

  it('reads .tf.json files: object or array bodies, bare meta-argument references, comments', () => {
    const zone = resource(platform, 'aws_route53_zone.internal');
    expect(zone).toMatchObject({
      file: 'dns.tf.json',
      attributes: { name: 'internal.acme.example', comment: 'Private zone', tags: { Team: 'dns' } },
      ignoreChanges: ['/comment'],
      provider: 'aws',
    });
    expect(zone.line).toBeUndefined();
    const record = resource(platform, 'aws_route53_record.api');
    expect(record.provider).toBe('aws');
    expect(record.providerAlias).toBe('replica');
    expect(record.expressions).toEqual(['/zone_id']);
    expect(record.attributes.ttl).toBe(300);
  });

  it('derives the provider from the type prefix or the provider meta-argument', () => {
    expect(resource(platform, 'module.storage.aws_s3_bucket.replica')).toMatchObject({
      provider: 'aws',
      providerAlias: 'replica',
    });
    expect(resource(platform, 'aws_instance.bastion').providerAlias).toBeUndefined();
  });

  it('records data sources with their own address', () => {
    expect(resource(platform, 'data.aws_caller_identity.current')).toMatchObject({
      mode: 'data',
      type: 'aws_caller_identity',
      name: 'current',
    });
  });

  it('records providers with aliases, default_tags and ignore_tags, each with its own line', () => {
    expect(platform.providers).toHaveLength(2);
    const [main, replica] = platform.providers;
    expect(main).toMatchObject({
      name: 'aws',
      file: 'providers.tf',
      line: 1,
      defaultTags: { CostCenter: 'platform', ManagedBy: 'terraform' },
      ignoreTags: { keys: [], keyPrefixes: ['kubernetes.io/'] },
      expressions: ['/region'],
    });
    expect(main?.alias).toBeUndefined();
    expect(replica).toMatchObject({
      name: 'aws',
      alias: 'replica',
      line: 16,
      attributes: { region: 'eu-west-1' },
    });
    expect(platform.requiredProviders).toEqual([
      { name: 'aws', source: 'hashicorp/aws', version: '>= 5.30' },
      { name: 'aws', module: 'module.storage', source: 'hashicorp/aws' },
    ]);
  });

  it('records the s3 backend block with its workspace prefix', () => {
    expect(platform.backend).toEqual({
      type: 's3',
      file: 'versions.tf',
      line: 11,
      expressions: [],
      settings: {
        bucket: 'acme-platform-tfstate',
        key: 'platform/terraform.tfstate',
        region: 'eu-central-1',
        workspace_key_prefix: 'workspaces',
        dynamodb_table: 'acme-tf-locks',
      },
    });
    expect(platform.cloud).toBeUndefined();
  });
});

describe('parseConfig: other shapes', () => {
  it('records a cloud block with workspace tags and project', async () => {
    const config = await parseConfig(join(FIXTURES, 'cloud-workspace'));
    expect(config.backend).toBeUndefined();
    expect(config.cloud).toMatchObject({
      organization: 'acme',
      hostname: 'tfe.acme.example',
      workspaces: { project: 'payments', tags: ['payments', 'service:ledger'] },
      file: 'main.tf',
      line: 2,
    });
    expect(resource(config, 'google_storage_bucket.ledger_exports').provider).toBe('google');
  });

  it('reads a list of files as the root module', async () => {
    const config = await parseConfig([join(PLATFORM, 'main.tf'), join(PLATFORM, 'versions.tf')]);
    expect(config.dir).toBe(PLATFORM);
    expect(config.files.slice(0, 2)).toEqual(['main.tf', 'versions.tf']);
    expect(config.backend?.type).toBe('s3');
    expect(config.providers.filter((p) => p.module === undefined)).toEqual([]);
  });

  it('skips .terraform/, hidden files and other extensions, and follows symlinked files', async () => {
    const dir = await tempConfig({
      'main.tf': 'resource "aws_sqs_queue" "a" {\n  name = "a"\n}\n',
      '.terraform/modules/x/main.tf': 'resource "aws_sqs_queue" "hidden" {}\n',
      '.#main.tf': 'this is an editor lock file {',
      'notes.tf.bak': 'not { terraform',
      'shared/queue.tf': 'resource "aws_sqs_queue" "linked" {}\n',
    });
    await symlink(join(dir, 'shared', 'queue.tf'), join(dir, 'queue.tf'));
    const config = await parseConfig(dir);
    expect(config.files).toEqual(['main.tf', 'queue.tf']);
    expect(config.resources.map((r) => r.address)).toEqual([
      'aws_sqs_queue.a',
      'aws_sqs_queue.linked',
    ]);
  });

  it('reads modules terraform init installed, from .terraform/modules/modules.json', async () => {
    const dir = await tempConfig({
      'main.tf':
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}\n\nmodule "git" {\n  source = "git::https://example.com/mods.git//queue?ref=v1"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          {
            Key: 'vpc',
            Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws',
            Version: '5.8.1',
            Dir: '.terraform/modules/vpc',
          },
        ],
      }),
      '.terraform/modules/vpc/main.tf':
        'resource "aws_vpc" "this" {\n  count = 1\n}\n\nmodule "flow" {\n  source = "./modules/flow-log"\n}\n',
      '.terraform/modules/vpc/modules/flow-log/main.tf': 'resource "aws_flow_log" "this" {}\n',
    });
    const config = await parseConfig(dir);
    expect(config.modules.map((m) => [m.address, m.sourceKind, m.followed, m.dir])).toEqual([
      ['module.git', 'git', false, undefined],
      ['module.vpc', 'registry', true, '.terraform/modules/vpc'],
      ['module.vpc.module.flow', 'local', true, '.terraform/modules/vpc/modules/flow-log'],
    ]);
    expect(config.resources.map((r) => r.address)).toEqual([
      'module.vpc.aws_vpc.this',
      'module.vpc.module.flow.aws_flow_log.this',
    ]);
  });

  it('finds installed modules under TF_DATA_DIR, and reads a single file given as a string', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
      'tfdata/modules/modules.json': JSON.stringify({
        Modules: [{ Key: 'vpc', Source: 'x', Dir: 'tfdata/modules/vpc' }],
      }),
      'tfdata/modules/vpc/main.tf': 'resource "aws_vpc" "this" {}\n',
    });
    const config = await parseConfig(dir, { env: { TF_DATA_DIR: 'tfdata' } });
    expect(config.resources.map((r) => r.address)).toEqual(['module.vpc.aws_vpc.this']);
    // The default data directory holds nothing here.
    expect((await parseConfig(dir, { env: {} })).resources).toEqual([]);
    const single = await parseConfig(join(dir, 'main.tf'), { env: { TF_DATA_DIR: 'tfdata' } });
    expect(single.dir).toBe(dir);
    expect(single.files).toEqual(['main.tf', 'tfdata/modules/vpc/main.tf']);
  });

  it('ignores a corrupt modules.json (remote modules are then simply not read)', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
      '.terraform/modules/modules.json': '{ not json',
    });
    const config = await parseConfig(dir);
    expect(config.modules[0]?.followed).toBe(false);
  });

  it('evaluates count given as a string and for_each over toset([...]) and literal lists', async () => {
    const dir = await tempConfig({
      'main.tf': [
        'resource "null_resource" "a" {\n  count = "3"\n}',
        'resource "null_resource" "b" {\n  for_each = toset(["x", "y", "x"])\n}',
        'resource "null_resource" "c" {\n  for_each = ["p", "q"]\n}',
        'resource "null_resource" "d" {\n  count = var.enabled ? 1 : 0\n}',
        'resource "null_resource" "e" {\n  for_each = { (var.k) = 1 }\n}',
      ].join('\n\n'),
    });
    const config = await parseConfig(dir);
    expect(config.resources.map((r) => r.expansion)).toEqual([
      { kind: 'count', keys: [0, 1, 2] },
      { kind: 'for_each', keys: ['x', 'y'] },
      { kind: 'for_each', keys: ['p', 'q'] },
      { kind: 'count', expression: 'var.enabled ? 1 : 0' },
      { kind: 'for_each', expression: expect.stringContaining('var.k') as unknown },
    ]);
  });

  it('merges override files into the blocks they override', async () => {
    const dir = await tempConfig({
      'main.tf': [
        'terraform {\n  backend "s3" {\n    bucket = "old"\n    key    = "k"\n  }\n}',
        'provider "aws" {\n  region = "us-east-1"\n}',
        'provider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}',
        'resource "aws_instance" "web" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n  lifecycle {\n    create_before_destroy = true\n  }\n}',
        'module "net" {\n  source = "./net"\n}',
      ].join('\n\n'),
      'net/main.tf': 'resource "aws_vpc" "v" {}\n',
      'dev_override.tf': [
        'terraform {\n  backend "local" {\n    path = "dev.tfstate"\n  }\n}',
        'provider "aws" {\n  alias  = "eu"\n  region = "eu-central-1"\n}',
        'resource "aws_instance" "web" {\n  instance_type = "t3.large"\n  lifecycle {\n    ignore_changes = [ami]\n  }\n}',
      ].join('\n\n'),
      'override.tf.json': JSON.stringify({
        module: { net: { source: './net', version: '1.0.0' } },
      }),
    });
    const config = await parseConfig(dir);
    expect(config.files).toContain('dev_override.tf');
    expect(config.backend).toMatchObject({
      type: 'local',
      settings: { path: 'dev.tfstate' },
      file: 'main.tf',
    });
    const web = config.resources.find((r) => r.address === 'aws_instance.web');
    expect(web).toMatchObject({
      attributes: { ami: 'ami-1', instance_type: 't3.large' },
      ignoreChanges: ['/ami'],
      file: 'main.tf',
      line: 17,
    });
    expect(config.resources.filter((r) => r.address === 'aws_instance.web')).toHaveLength(1);
    expect(config.providers.map((p) => [p.alias, p.attributes.region])).toEqual([
      [undefined, 'us-east-1'],
      ['eu', 'eu-central-1'],
    ]);
    expect(config.modules[0]?.version).toBe('1.0.0');
  });

  it('rejects an override of a block no other file declares, as Terraform does', async () => {
    const dir = await tempConfig({
      'main.tf': 'resource "aws_instance" "web" {}\n',
      'extra_override.tf': 'resource "aws_instance" "api" {\n  ami = "x"\n}\n',
    });
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'extra_override.tf'));
    expect(error.message).toContain('aws_instance.api');
  });

  it('keeps escaped template sequences as literals', async () => {
    const dir = await tempConfig({
      'main.tf':
        'resource "aws_ssm_parameter" "p" {\n  value = "$${not_interpolated}"\n  other = "%%{ also }"\n}\n',
    });
    const [p] = (await parseConfig(dir)).resources;
    expect(p?.attributes).toEqual({ value: '${not_interpolated}', other: '%{ also }' });
    expect(p?.expressions).toEqual([]);
  });

  it('merges backendConfig (files, key=value pairs, or an object) over the backend block', async () => {
    const dir = await tempConfig({
      'backend.tf': 'terraform {\n  backend "s3" {\n    key = "app/terraform.tfstate"\n  }\n}\n',
      'env/prod.s3.tfbackend': 'bucket = "acme-prod-state"\nregion = "us-east-2"\n',
    });
    const fromFile = await parseConfig(dir, {
      backendConfig: ['env/prod.s3.tfbackend', 'region=eu-west-3'],
    });
    expect(fromFile.backend?.settings).toEqual({
      key: 'app/terraform.tfstate',
      bucket: 'acme-prod-state',
      region: 'eu-west-3',
    });
    const fromObject = await parseConfig(dir, {
      backendConfig: { bucket: 'b2', key: 'other.tfstate' },
    });
    expect(fromObject.backend?.settings).toEqual({ key: 'other.tfstate', bucket: 'b2' });
  });
});

describe('parseConfig errors', () => {
  it('names the file, line and column of an HCL syntax error', async () => {
    const dir = join(FIXTURES, 'syntax-error');
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'queues.tf'));
    expect(error.line).toBe(8);
    expect(error.column).toBe(18);
    expect(error.message).toContain('queues.tf:8:18');
    expect(error.message).toContain('Invalid expression');
    expect(error.message).not.toContain('parse config: [');
  });

  it('reports the first of several diagnostics', async () => {
    const dir = await tempConfig({
      'main.tf': 'locals {\n  a = 1\n}\n\nresource "x" "y" {\n  s = "open\n}\n',
    });
    const error = await rejection(parseConfig(dir));
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/main\.tf:6:\d+: /);
  });

  it('names the file and line of invalid JSON in a .tf.json file', async () => {
    const dir = await tempConfig({ 'a.tf.json': '{\n  "resource": {\n    "x": 1,\n  }\n}\n' });
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'a.tf.json'));
    expect(error.line).toBe(4);
    expect(error.message).toContain('invalid JSON');
  });

  it('locates an unexpected token in .tf.json without quoting the text around it', async () => {
    const dir = await tempConfig({
      'backend.tf.json':
        '{\n  "terraform": {\n    "backend": {\n      "s3": {\n        "secret_key": wJalrXUtnFEMI\n      }\n    }\n  }\n}\n',
      'truncated.tf.json': '{\n  "locals": {\n    "a": ',
    });
    const error = await rejection(parseConfig([join(dir, 'backend.tf.json')]));
    expect(error.line).toBe(5);
    expect(error.message).toContain('invalid JSON');
    expect(error.message).not.toContain('wJalrXUtnFEMI');
    expect(error.message).not.toContain('secret_key');
    expect(error.cause).toBeUndefined();
    const truncated = await rejection(parseConfig([join(dir, 'truncated.tf.json')]));
    expect(truncated.line).toBe(3);
    expect(truncated.message).toContain('end of JSON input');
  });

  it('rejects a .tf.json file that does not hold an object', async () => {
    const dir = await tempConfig({ 'a.tf.json': '[1, 2]' });
    const error = await rejection(parseConfig(dir));
    expect(error.line).toBe(1);
    expect(error.message).toContain('must hold an object');
  });

  it('names the calling file and line of a local module that cannot be read', async () => {
    const dir = join(FIXTURES, 'missing-module');
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'main.tf'));
    expect(error.line).toBe(5);
    expect(error.message).toContain('module "audit"');
    expect(error.message).toContain('./modules/audit');
  });

  it('passes on a syntax error inside a module with the module file named', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "db" {\n  source = "./modules/db"\n}\n',
      'modules/db/main.tf': 'resource "aws_db_instance" "main" {\n  engine = \n}\n',
    });
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'modules/db/main.tf'));
    expect(error.line).toBe(2);
  });

  it('rejects a module that calls itself', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "loop" {\n  source = "./modules/loop"\n}\n',
      'modules/loop/main.tf': '\n\nmodule "again" {\n  source = "../loop"\n}\n',
    });
    const error = await rejection(parseConfig(dir));
    expect(error.file).toBe(join(dir, 'modules/loop/main.tf'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('calls itself');
  });

  it('rejects modules nested deeper than 64 levels', async () => {
    const files: Record<string, string> = {};
    let path = '';
    for (let depth = 0; depth <= 66; depth++) {
      files[`${path}main.tf`] = 'module "next" {\n  source = "./m"\n}\n';
      path += 'm/';
    }
    const dir = await tempConfig(files);
    const error = await rejection(parseConfig(dir));
    expect(error.message).toContain('deeper than 64');
    expect(error.line).toBe(1);
  });

  it('rejects a module whose source is an expression', async () => {
    const dir = await tempConfig({ 'main.tf': 'module "m" {\n  source = var.path\n}\n' });
    const error = await rejection(parseConfig(dir));
    expect(error.line).toBe(1);
    expect(error.message).toContain('no literal source');
  });

  it('rejects a malformed ignore_changes with the resource named', async () => {
    const dir = await tempConfig({
      'main.tf':
        '\nresource "aws_instance" "a" {\n  lifecycle {\n    ignore_changes = [tags[*].x]\n  }\n}\n',
    });
    const error = await rejection(parseConfig(dir));
    expect(error.line).toBe(2);
    expect(error.message).toContain('aws_instance.a');
    const other = await tempConfig({
      'main.tf':
        'resource "aws_instance" "a" {\n  lifecycle {\n    ignore_changes = "tags"\n  }\n}\n',
    });
    expect((await rejection(parseConfig(other))).message).toContain('expected a list or all');
  });

  it('rejects a missing directory, an empty directory, an empty file list, and an unreadable file', async () => {
    expect((await rejection(parseConfig(join(FIXTURES, 'no-such-dir')))).message).toContain(
      'Cannot read',
    );
    const empty = await tempConfig({ 'README.md': '# nothing here' });
    expect((await rejection(parseConfig(empty))).message).toContain('No .tf or .tf.json files');
    expect((await rejection(parseConfig([]))).message).toContain('no files');
    const error = await rejection(parseConfig([join(empty, 'gone.tf')]));
    expect(error.file).toBe(join(empty, 'gone.tf'));
  });

  it('rejects a backend-config file that is missing or not HCL', async () => {
    const dir = await tempConfig({
      'main.tf': 'terraform {\n  backend "gcs" {}\n}\n',
      'bad.tfbackend': 'bucket = \n',
    });
    const missing = await rejection(parseConfig(dir, { backendConfig: ['nope.tfbackend'] }));
    expect(missing.file).toBe(join(dir, 'nope.tfbackend'));
    const bad = await rejection(parseConfig(dir, { backendConfig: ['bad.tfbackend'] }));
    expect(bad.file).toBe(join(dir, 'bad.tfbackend'));
    expect(bad.line).toBe(1);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const error = await rejection(parseConfig(PLATFORM, { signal: controller.signal }));
    expect(error.message).toContain('aborted');
  });
});
