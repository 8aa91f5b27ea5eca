import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigParseError,
  detectDrift,
  parseConfig,
  parseState,
  snapshotProvider,
} from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from '../helpers/state-server-s3.js';
import { removeTempDirs, tempConfig, v4State } from './helpers.js';

afterEach(removeTempDirs);

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');

function status(report: DriftReport, address: string): string | undefined {
  return report.resources.find((r) => r.address === address)?.status;
}

const INSTANCE = {
  id: 'i-0a1',
  ami: 'ami-0a1b2c3d',
  instance_type: 't3.micro',
  tags: { Name: 'web' },
  tags_all: { Name: 'web' },
};

/** Two identical instances; the configuration ignores instance_type on one of them only. */
const IGNORE_CONFIG = `
resource "aws_instance" "ignored" {
  ami           = "ami-0a1b2c3d"
  instance_type = "t3.micro"

  lifecycle {
    ignore_changes = [instance_type, tags]
  }
}

resource "aws_instance" "watched" {
  ami           = "ami-0a1b2c3d"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "workers" {
  max_size = 10

  lifecycle {
    ignore_changes = all
  }
}
`;

const IGNORE_STATE = parseState(
  v4State([
    {
      type: 'aws_instance',
      name: 'ignored',
      instances: [{ attributes: { ...INSTANCE, id: 'i-1' } }],
    },
    {
      type: 'aws_instance',
      name: 'watched',
      instances: [{ attributes: { ...INSTANCE, id: 'i-2' } }],
    },
    {
      type: 'aws_autoscaling_group',
      name: 'workers',
      instances: [{ attributes: { id: 'workers', max_size: 10, desired_capacity: 3 } }],
    },
  ]),
);

/** The live side: someone resized both instances, retagged them, and scaled the group. */
const RESIZED = snapshotProvider({
  data: {
    resources: {
      'aws_instance.ignored': {
        attributes: {
          ...INSTANCE,
          id: 'i-1',
          instance_type: 't3.large',
          tags: { Name: 'web', Owner: 'someone' },
          tags_all: { Name: 'web', Owner: 'someone' },
        },
      },
      'aws_instance.watched': { attributes: { ...INSTANCE, id: 'i-2', instance_type: 't3.large' } },
      'aws_autoscaling_group.workers': {
        attributes: { id: 'workers', max_size: 20, desired_capacity: 7 },
      },
    },
  },
});

describe('detectDrift({ config }): lifecycle.ignore_changes', () => {
  it('an attribute listed in ignore_changes is in-sync; the same change without it is drifted', async () => {
    const dir = await tempConfig({ 'main.tf': IGNORE_CONFIG });
    const report = await detectDrift({ state: IGNORE_STATE, config: dir, providers: [RESIZED] });
    expect(status(report, 'aws_instance.ignored')).toBe('in-sync');
    expect(status(report, 'aws_instance.watched')).toBe('drifted');
    const watched = report.resources.find((r) => r.address === 'aws_instance.watched');
    expect(watched?.patch).toEqual([{ op: 'replace', path: '/instance_type', value: 't3.large' }]);
    expect(status(report, 'aws_autoscaling_group.workers')).toBe('in-sync');
  });

  it('without the configuration, the same changes are drift', async () => {
    const report = await detectDrift({ state: IGNORE_STATE, providers: [RESIZED] });
    expect(status(report, 'aws_instance.ignored')).toBe('drifted');
    expect(status(report, 'aws_autoscaling_group.workers')).toBe('drifted');
  });

  it('accepts an already parsed configuration', async () => {
    const config = await parseConfig(await tempConfig({ 'main.tf': IGNORE_CONFIG }));
    const report = await detectDrift({ state: IGNORE_STATE, config, providers: [RESIZED] });
    expect(status(report, 'aws_instance.ignored')).toBe('in-sync');
    expect(status(report, 'aws_instance.watched')).toBe('drifted');
  });
});

describe('detectDrift({ config }): provider default_tags', () => {
  const bucket = (tagsAll: Record<string, string>) => ({
    id: 'acme-logs',
    bucket: 'acme-logs',
    tags: { Name: 'logs' },
    tags_all: tagsAll,
  });
  const state = parseState(
    v4State([
      {
        type: 'aws_s3_bucket',
        name: 'logs',
        instances: [{ attributes: bucket({ Name: 'logs', Team: 'platform' }) }],
      },
    ]),
  );
  const live = snapshotProvider({
    data: {
      resources: {
        'aws_s3_bucket.logs': { attributes: bucket({ Name: 'logs', Team: 'platform' }) },
      },
    },
  });
  const config = (team: string) => `
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Team = "${team}"
    }
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    Name = "logs"
  }
}
`;

  it('tags_all matches provider default_tags merged with the resource tags: in-sync', async () => {
    const dir = await tempConfig({ 'main.tf': config('platform') });
    const report = await detectDrift({ state, config: dir, providers: [live] });
    expect(status(report, 'aws_s3_bucket.logs')).toBe('in-sync');
  });

  it('a default tag the configuration changed but the cloud never got shows as drift on tags_all', async () => {
    const dir = await tempConfig({ 'main.tf': config('data-platform') });
    const report = await detectDrift({ state, config: dir, providers: [live] });
    expect(status(report, 'aws_s3_bucket.logs')).toBe('drifted');
    const changes = report.resources[0]?.changes ?? [];
    expect(changes).toEqual([
      {
        op: 'replace',
        path: '/tags_all/Team',
        expected: 'data-platform',
        actual: 'platform',
        sensitive: false,
      },
    ]);
  });
});

describe('detectDrift({ config }): declared resources absent from state', () => {
  it('reports the missing instances of literal count and for_each as declared-not-in-state', async () => {
    const dir = await tempConfig({
      'main.tf': `
resource "aws_sqs_queue" "jobs" {
  count = 2
  name  = "jobs-\${count.index}"
}

resource "aws_sqs_queue" "events" {
  for_each = toset(["orders", "billing"])
  name     = each.key
}

resource "aws_sqs_queue" "optional" {
  count = var.enabled ? 1 : 0
}

data "aws_region" "current" {}
`,
    });
    const state = parseState(
      v4State([
        {
          type: 'aws_sqs_queue',
          name: 'jobs',
          instances: [{ key: 0, attributes: { id: 'q0', name: 'jobs-0' } }],
        },
        {
          type: 'aws_sqs_queue',
          name: 'events',
          instances: [{ key: 'orders', attributes: { id: 'q1', name: 'orders' } }],
        },
      ]),
    );
    const report = await detectDrift({ state, config: dir, providers: [] });
    const alert = report.alerts.find((a) => a.code === 'declared-not-in-state');
    expect(alert?.addresses).toEqual(['aws_sqs_queue.events["billing"]', 'aws_sqs_queue.jobs[1]']);
  });
});

describe('detectDrift({ config }): finding the state through the backend', () => {
  it('reads the local state of the selected workspace', async () => {
    const dir = await tempConfig({
      'main.tf': IGNORE_CONFIG,
      '.terraform/environment': 'staging',
      'terraform.tfstate': v4State([], 1),
      'terraform.tfstate.d/staging/terraform.tfstate': v4State(
        [
          {
            type: 'aws_instance',
            name: 'watched',
            instances: [{ attributes: { ...INSTANCE, id: 'i-2' } }],
          },
        ],
        42,
      ),
    });
    const report = await detectDrift({ config: dir, providers: [RESIZED] });
    expect(report.states).toEqual([
      expect.objectContaining({
        source: join(dir, 'terraform.tfstate.d', 'staging', 'terraform.tfstate'),
        serial: 42,
      }),
    ]);
    expect(status(report, 'aws_instance.watched')).toBe('drifted');
    expect(report.alerts.find((a) => a.code === 'declared-not-in-state')?.addresses).toEqual([
      'aws_autoscaling_group.workers',
      'aws_instance.ignored',
    ]);
  });

  it('alerts when registry modules were not installed, so their resources go unchecked', async () => {
    const dir = await tempConfig({
      'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
      'terraform.tfstate': v4State([]),
    });
    const report = await detectDrift({ config: dir, providers: [] });
    expect(report.alerts).toContainEqual(
      expect.objectContaining({ code: 'config-modules-not-read', addresses: ['module.vpc'] }),
    );
  });

  describe('s3 backend with a workspace key prefix (s3rver)', () => {
    let s3: TestS3;
    beforeAll(async () => {
      s3 = await startS3(['acme-tfstate']);
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      const put = (Key: string, serial: number) =>
        client.send(
          new PutObjectCommand({ Bucket: 'acme-tfstate', Key, Body: v4State([], serial) }),
        );
      await put('services/api/terraform.tfstate', 1);
      await put('envs/preview/services/api/terraform.tfstate', 7);
      client.destroy();
    });
    afterAll(async () => {
      await s3?.close();
    });

    const backend = () => `
terraform {
  backend "s3" {
    bucket               = "acme-tfstate"
    key                  = "services/api/terraform.tfstate"
    region               = "us-east-1"
    workspace_key_prefix = "envs"
    use_path_style       = true
    access_key           = "${S3RVER_CREDENTIALS.accessKeyId}"
    secret_key           = "${S3RVER_CREDENTIALS.secretAccessKey}"
    endpoints = {
      s3 = "${s3.endpoint}"
    }
  }
}
`;

    it('reads <prefix>/<workspace>/<key> for the selected workspace, and key itself for default', async () => {
      const preview = await tempConfig({
        'backend.tf': backend(),
        '.terraform/environment': 'preview',
      });
      const report = await detectDrift({
        config: preview,
        providers: [],
        loadOptions: { retries: 0 },
      });
      expect(report.states).toEqual([expect.objectContaining({ serial: 7 })]);
      expect(report.states[0]?.source).toContain('envs/preview/services/api/terraform.tfstate');
      const main = await tempConfig({ 'backend.tf': backend() });
      const defaultReport = await detectDrift({
        config: main,
        providers: [],
        loadOptions: { retries: 0 },
      });
      expect(defaultReport.states).toEqual([expect.objectContaining({ serial: 1 })]);
    });
  });
});

describe('detectDrift({ config }): a configuration that cannot be read', () => {
  it('with a state given, the scan goes on with a config-unreadable alert naming file and line', async () => {
    const report = await detectDrift({
      state: IGNORE_STATE,
      config: join(FIXTURES, 'syntax-error'),
      providers: [RESIZED],
    });
    expect(report.alerts).toContainEqual({
      code: 'config-unreadable',
      message: expect.stringContaining('queues.tf:8:18') as unknown,
    });
    // Without the configuration, nothing is ignored.
    expect(status(report, 'aws_instance.ignored')).toBe('drifted');
  });

  it('without a state, the ConfigParseError is thrown', async () => {
    const error = await detectDrift({ config: join(FIXTURES, 'syntax-error'), providers: [] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).line).toBe(8);
  });
});
