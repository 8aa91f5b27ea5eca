import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unkeyedModulePath } from '../../src/config/config-address.js';
import { configDriftContext } from '../../src/config/drift-context.js';
import { parseConfigModel } from '../../src/config/parse-config.js';
import { parseConfig, parseState } from '../../src/index.js';
import type { ResourceInstance } from '../../src/index.js';
import { removeTempDirs, tempConfig, v4State } from './helpers.js';
import type { StateResource } from './helpers.js';

afterEach(removeTempDirs);

const AWS = 'registry.terraform.io/hashicorp/aws';

function instances(resources: StateResource[]): ResourceInstance[] {
  return parseState(v4State(resources)).resources;
}

function find(list: ResourceInstance[], address: string): ResourceInstance {
  const found = list.find((i) => i.address === address);
  if (!found) throw new Error(`no ${address} in ${list.map((i) => i.address).join(', ')}`);
  return found;
}

const TAGGED = { tags: { Name: 'x' }, tags_all: { Name: 'x' } };

/** A tagged `aws_s3_bucket.this` in `module`, configured by `provider` when state records one. */
function moduleBucket(module: string, provider?: string): StateResource {
  return {
    type: 'aws_s3_bucket',
    name: 'this',
    module,
    ...(provider === undefined ? {} : { provider }),
    instances: [{ attributes: TAGGED }],
  };
}

/** A root with default_tags and ignore_tags, a module with its own provider, and a module given an alias. */
const PROVIDERS = {
  'providers.tf': `
provider "aws" {
  default_tags {
    tags = {
      Env   = "prod"
      Owner = "platform"
    }
  }
  ignore_tags {
    keys         = ["LastScanned"]
    key_prefixes = ["kubernetes.io/"]
  }
}

provider "aws" {
  alias = "dr"
  default_tags {
    tags = {
      Env = "dr"
    }
  }
}
`,
  'main.tf': `
resource "aws_s3_bucket" "root" {
  tags = {
    Owner = "data"
  }
  lifecycle {
    ignore_changes = [tags["Cost/Center"]]
  }
}

module "replica" {
  source = "./modules/bucket"
  providers = {
    aws = aws.dr
  }
}

module "inherit" {
  source = "./modules/bucket"
}

module "own" {
  source = "./modules/own-provider"
}
`,
  'modules/bucket/main.tf': 'resource "aws_s3_bucket" "this" {}\n',
  'modules/own-provider/main.tf': `
terraform {
  required_providers {
    amazon = {
      source = "hashicorp/aws"
    }
  }
}

provider "amazon" {
  default_tags {
    tags = {
      Env = "sandbox"
    }
  }
}

resource "aws_s3_bucket" "this" {
  provider = amazon
  lifecycle {
    ignore_changes = all
  }
}
`,
};

describe('configDriftContext: ignore paths', () => {
  it('maps ignore_changes to globs, tags to tags_all too, and adds the provider ignore_tags', async () => {
    const context = await configDriftContext(await tempConfig(PROVIDERS), { env: {} });
    const state = instances([
      { type: 'aws_s3_bucket', name: 'root', instances: [{ attributes: TAGGED }] },
      moduleBucket('module.own', `module.own.provider["${AWS}"]`),
      moduleBucket('module.replica', `provider["${AWS}"].dr`),
      { type: 'aws_s3_bucket', name: 'undeclared', instances: [{ attributes: TAGGED }] },
    ]);
    expect(context.ignorePathsFor(find(state, 'aws_s3_bucket.root'))).toEqual([
      '/tags/Cost~1Center',
      '/tags_all/Cost~1Center',
      '/tags/LastScanned',
      '/tags_all/LastScanned',
      '/tags/kubernetes.io~1*',
      '/tags_all/kubernetes.io~1*',
    ]);
    expect(context.ignorePathsFor(find(state, 'module.own.aws_s3_bucket.this'))).toEqual(['/**']);
    // The dr provider has no ignore_tags.
    expect(context.ignorePathsFor(find(state, 'module.replica.aws_s3_bucket.this'))).toEqual([]);
    // Not declared, but the root provider still configured it.
    expect(context.ignorePathsFor(find(state, 'aws_s3_bucket.undeclared'))).toEqual([
      '/tags/LastScanned',
      '/tags_all/LastScanned',
      '/tags/kubernetes.io~1*',
      '/tags_all/kubernetes.io~1*',
    ]);
  });

  it('finds the declared resource of an instance in a keyed module', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "svc" {\n  source = "./svc"\n  for_each = toset(["a.b", "c"])\n}\n',
      'svc/main.tf':
        'resource "aws_sqs_queue" "q" {\n  lifecycle {\n    ignore_changes = [delay_seconds]\n  }\n}\n',
    });
    const context = await configDriftContext(dir, { env: {} });
    const state = instances([
      {
        type: 'aws_sqs_queue',
        name: 'q',
        module: 'module.svc["a.b"]',
        instances: [{ attributes: { id: 'q' } }],
      },
    ]);
    expect(context.ignorePathsFor(find(state, 'module.svc["a.b"].aws_sqs_queue.q'))).toEqual([
      '/delay_seconds',
    ]);
  });
});

describe('configDriftContext: expected tags_all', () => {
  it('merges the default_tags of the provider that configured the instance with its own tags', async () => {
    const context = await configDriftContext(await tempConfig(PROVIDERS), { env: {} });
    const expected = (instance: ResourceInstance) => context.expectedAttributes?.(instance);
    const state = instances([
      {
        type: 'aws_s3_bucket',
        name: 'root',
        instances: [
          {
            attributes: {
              tags: { Owner: 'data', 'kubernetes.io/x': '1', Empty: null },
              tags_all: {},
            },
          },
        ],
      },
      // State names the provider block: the module's own (local name amazon).
      moduleBucket('module.own', `module.own.provider["${AWS}"]`),
      // State names the aliased root provider passed to the module.
      moduleBucket('module.replica', `provider["${AWS}"].dr`),
      moduleBucket('module.inherit'),
      { type: 'aws_sqs_queue', name: 'untagged', instances: [{ attributes: { id: 'q' } }] },
    ]);
    // The resource's Owner wins over the default; ignored prefixes and null tags are dropped.
    expect(expected(find(state, 'aws_s3_bucket.root'))).toEqual({
      tags_all: { Env: 'prod', Owner: 'data' },
    });
    expect(expected(find(state, 'module.own.aws_s3_bucket.this'))).toEqual({
      tags_all: { Env: 'sandbox', Name: 'x' },
    });
    expect(expected(find(state, 'module.replica.aws_s3_bucket.this'))).toEqual({
      tags_all: { Env: 'dr', Name: 'x' },
    });
    expect(expected(find(state, 'module.inherit.aws_s3_bucket.this'))).toEqual({
      tags_all: { Env: 'prod', Owner: 'platform', Name: 'x' },
    });
    // No tags_all in state: the type has no tags, nothing to expect.
    expect(expected(find(state, 'aws_sqs_queue.untagged'))).toEqual({});
  });

  it('follows providers maps when state does not record the provider block', async () => {
    const config = await parseConfig(await tempConfig(PROVIDERS));
    const context = await configDriftContext(config, { env: {} });
    const [replica] = instances([moduleBucket('module.replica')]);
    const withoutRecord: ResourceInstance = { ...replica!, providerConfig: undefined };
    expect(context.expectedAttributes?.(withoutRecord)).toEqual({
      tags_all: { Env: 'dr', Name: 'x' },
    });
  });

  it('expects nothing when default_tags are not literals', async () => {
    const dir = await tempConfig({
      'main.tf':
        'provider "aws" {\n  default_tags {\n    tags = var.tags\n  }\n}\n\nresource "aws_s3_bucket" "b" {}\n',
    });
    const context = await configDriftContext(dir, { env: {} });
    const [bucket] = instances([
      { type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: TAGGED }] },
    ]);
    expect(context.expectedAttributes?.(bucket!)).toEqual({});
  });
});

describe('configDriftContext: declared but not in state', () => {
  it('expands literal module count/for_each and skips anything that depends on a variable', async () => {
    const dir = await tempConfig({
      'main.tf': [
        'module "zone" {\n  source = "./zone"\n  count  = 2\n}',
        'module "dyn" {\n  source   = "./zone"\n  for_each = var.zones\n}',
        'resource "aws_kms_key" "k" {}',
      ].join('\n\n'),
      'zone/main.tf': 'resource "aws_route53_zone" "z" {\n  for_each = { internal = 1 }\n}\n',
    });
    const context = await configDriftContext(dir, { env: {} });
    const state = instances([
      {
        type: 'aws_route53_zone',
        name: 'z',
        module: 'module.zone[0]',
        instances: [{ key: 'internal', attributes: { id: 'z0' } }],
      },
    ]);
    // Configuration order: the root module's resources first.
    expect(context.declaredNotInState(state)).toEqual([
      'aws_kms_key.k',
      'module.zone[1].aws_route53_zone.z["internal"]',
    ]);
    expect(context.declaredNotInState([])).toHaveLength(3);
  });

  it('is empty when everything declared is in state', async () => {
    const dir = await tempConfig({
      'main.tf':
        'resource "aws_kms_key" "k" {\n  count = 0\n}\n\nresource "aws_kms_alias" "a" {}\n',
    });
    const context = await configDriftContext(dir, { env: {} });
    const state = instances([
      { type: 'aws_kms_alias', name: 'a', instances: [{ attributes: { id: 'alias/a' } }] },
    ]);
    expect(context.declaredNotInState(state)).toEqual([]);
    expect(context.alerts).toEqual([]);
    expect(context.stateSource).toBe(join(dir, 'terraform.tfstate'));
  });

  it('passes backendConfig through when given a directory', async () => {
    const dir = await tempConfig({ 'main.tf': 'terraform {\n  backend "gcs" {}\n}\n' });
    const context = await configDriftContext(dir, {
      env: {},
      backendConfig: { bucket: 'b', prefix: 'p' },
    });
    expect(context.stateSource).toBe('gs://b/p');
    expect(context.loadOptions).toEqual({ gcs: { workspace: 'default' } });
  });
});

describe('configDriftContext: moved blocks', () => {
  const MOVED = {
    'main.tf': `
moved {
  from = aws_instance.old
  to   = aws_instance.web
}

moved {
  from = module.legacy_net
  to   = module.net
}

resource "aws_instance" "web" {
  count = 1
  lifecycle {
    ignore_changes = [ami]
  }
}

module "net" {
  source = "./net"
}
`,
    'net/main.tf': `
moved {
  from = aws_subnet.a
  to   = aws_subnet.first
}

moved {
  from = aws_subnet.first
  to   = aws_subnet.primary
}

resource "aws_subnet" "primary" {}
`,
  };

  it('records moved blocks with absolute addresses', async () => {
    const config = await parseConfigModel(await tempConfig(MOVED));
    expect(config.moved).toEqual([
      { from: 'aws_instance.old', to: 'aws_instance.web', file: 'main.tf' },
      { from: 'module.legacy_net', to: 'module.net', file: 'main.tf' },
      { from: 'module.net.aws_subnet.a', to: 'module.net.aws_subnet.first', file: 'net/main.tf' },
      {
        from: 'module.net.aws_subnet.first',
        to: 'module.net.aws_subnet.primary',
        file: 'net/main.tf',
      },
    ]);
  });

  it('an object state still holds at its old address is not declared-not-in-state', async () => {
    const context = await configDriftContext(await tempConfig(MOVED), { env: {} });
    const state = instances([
      {
        type: 'aws_instance',
        name: 'old',
        instances: [{ key: 0, attributes: { id: 'i-1', ami: 'a' } }],
      },
      // Two moves: module.legacy_net → module.net, then aws_subnet.a → first → primary.
      {
        type: 'aws_subnet',
        name: 'a',
        module: 'module.legacy_net',
        instances: [{ attributes: { id: 's' } }],
      },
    ]);
    expect(context.declaredNotInState(state)).toEqual([]);
    expect(context.declaredNotInState([])).toEqual([
      'aws_instance.web[0]',
      'module.net.aws_subnet.primary',
    ]);
    // The block it moves to governs it already.
    expect(context.ignorePathsFor(find(state, 'aws_instance.old[0]'))).toEqual(['/ami']);
  });
});

describe('unkeyedModulePath', () => {
  it('drops keys, even keys holding dots, brackets and escaped quotes', () => {
    expect(unkeyedModulePath('module.a')).toBe('module.a');
    expect(unkeyedModulePath('module.a[0].module.b["x"]')).toBe('module.a.module.b');
    expect(unkeyedModulePath('module.a["x].y[\\"z"].module.b')).toBe('module.a.module.b');
  });
});
