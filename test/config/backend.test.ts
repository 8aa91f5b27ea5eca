import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateLocation } from '../../src/config/backend.js';
import { parseConfig } from '../../src/index.js';
import { removeTempDirs, tempConfig } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');

afterEach(removeTempDirs);

async function locate(
  files: Record<string, string>,
  env: Record<string, string | undefined> = {},
  backendConfig?: string[],
) {
  const dir = await tempConfig(files);
  const config = await parseConfig(dir, backendConfig === undefined ? {} : { backendConfig });
  return { dir, location: await stateLocation(config, { env }) };
}

const backend = (type: string, body: string) =>
  `terraform {\n  backend "${type}" {\n${body}\n  }\n}\n`;

describe('stateLocation: local backend', () => {
  it('uses terraform.tfstate without a backend block, and terraform.tfstate.d for other workspaces', async () => {
    const files = { 'main.tf': 'resource "null_resource" "a" {}\n' };
    const plain = await locate(files);
    expect(plain.location).toEqual({
      stateSource: join(plain.dir, 'terraform.tfstate'),
      workspace: 'default',
      alerts: [],
    });
    const staging = await locate(files, { TF_WORKSPACE: 'staging' });
    expect(staging.location.stateSource).toBe(
      join(staging.dir, 'terraform.tfstate.d', 'staging', 'terraform.tfstate'),
    );
    expect(staging.location.workspace).toBe('staging');
  });

  it('honours path and workspace_dir, and the workspace in .terraform/environment', async () => {
    const files = {
      'backend.tf': backend(
        'local',
        '    path          = "state/main.tfstate"\n    workspace_dir = "ws"',
      ),
    };
    const plain = await locate(files);
    expect(plain.location.stateSource).toBe(join(plain.dir, 'state', 'main.tfstate'));
    const selected = await locate({ ...files, '.terraform/environment': 'qa\n' });
    expect(selected.location.stateSource).toBe(join(selected.dir, 'ws', 'qa', 'terraform.tfstate'));
    // TF_WORKSPACE wins over the selected workspace, as in Terraform.
    const both = await locate(
      { ...files, '.terraform/environment': 'qa' },
      { TF_WORKSPACE: 'prod' },
    );
    expect(both.location.workspace).toBe('prod');
  });

  it('reads the selected workspace and the init record from TF_DATA_DIR', async () => {
    const files = {
      'backend.tf': backend('s3', '    key = "k"'),
      '.tfdata/environment': 'blue',
      '.tfdata/terraform.tfstate': JSON.stringify({
        backend: { type: 's3', config: { bucket: 'from-data-dir' } },
      }),
    };
    const { location } = await locate(files, { TF_DATA_DIR: '.tfdata' });
    expect(location).toMatchObject({ stateSource: 's3://from-data-dir/k', workspace: 'blue' });
    const defaultDir = await locate(files);
    expect(defaultDir.location.workspace).toBe('default');
  });

  it('keeps a relative configuration directory relative, or resolves it against cwd', async () => {
    const dir = await tempConfig({ 'main.tf': '' });
    const rel = relative(process.cwd(), dir);
    const config = await parseConfig(rel);
    expect((await stateLocation(config, { env: {} })).stateSource).toBe(
      join(rel, 'terraform.tfstate'),
    );
    const elsewhere = { ...config, dir: relative(tmpdir(), dir) };
    expect((await stateLocation(elsewhere, { env: {}, cwd: tmpdir() })).stateSource).toBe(
      join(dir, 'terraform.tfstate'),
    );
  });
});

describe('stateLocation: s3 backend', () => {
  it('passes the workspace and its key prefix to loadState', async () => {
    const config = await parseConfig(join(FIXTURES, 'platform'));
    const location = await stateLocation(config, { env: { TF_WORKSPACE: 'staging' } });
    expect(location).toEqual({
      stateSource: 's3://acme-platform-tfstate/platform/terraform.tfstate',
      loadOptions: {
        s3: { workspace: 'staging', workspaceKeyPrefix: 'workspaces', region: 'eu-central-1' },
      },
      workspace: 'staging',
      alerts: [],
    });
  });

  it('maps endpoints, path style and static credentials', async () => {
    const { location } = await locate({
      'backend.tf': backend(
        's3',
        [
          '    bucket         = "b"',
          '    key            = "k.tfstate"',
          '    use_path_style = true',
          '    access_key     = "AKIAEXAMPLE"',
          '    secret_key     = "very-secret-value"',
          '    endpoints = {',
          '      s3 = "http://127.0.0.1:9000"',
          '    }',
        ].join('\n'),
      ),
    });
    expect(location.loadOptions?.s3).toEqual({
      workspace: 'default',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-value' },
    });
    const legacy = await locate({
      'backend.tf': backend(
        's3',
        '    bucket = "b"\n    key = "k"\n    endpoint = "http://minio:9000"\n    force_path_style = true\n    access_key = "a1"\n    secret_key = "s1"\n    token = "t1"',
      ),
    });
    expect(legacy.location.loadOptions?.s3).toMatchObject({
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'a1', secretAccessKey: 's1', sessionToken: 't1' },
    });
  });

  it('completes a partial block from backendConfig or from what terraform init recorded', async () => {
    const partial = { 'backend.tf': backend('s3', '    key = "svc/terraform.tfstate"') };
    const missing = await locate(partial);
    expect(missing.location.stateSource).toBeUndefined();
    expect(missing.location.alerts).toEqual([
      {
        code: 'config-backend-incomplete',
        message: expect.stringContaining('bucket and key') as unknown,
      },
    ]);
    const viaOption = await locate(partial, {}, ['bucket=from-option']);
    expect(viaOption.location.stateSource).toBe('s3://from-option/svc/terraform.tfstate');
    const viaInit = await locate({
      ...partial,
      '.terraform/terraform.tfstate': JSON.stringify({
        version: 3,
        backend: {
          type: 's3',
          config: { bucket: 'from-init', key: 'ignored-by-block', region: null },
          hash: 1,
        },
      }),
    });
    expect(viaInit.location.stateSource).toBe('s3://from-init/svc/terraform.tfstate');
    expect(viaInit.location.loadOptions?.s3).not.toHaveProperty('region');
    // A recorded backend of another type is stale and not used.
    const stale = await locate({
      ...partial,
      '.terraform/terraform.tfstate': JSON.stringify({
        backend: { type: 'gcs', config: { bucket: 'x' } },
      }),
    });
    expect(stale.location.stateSource).toBeUndefined();
    const corrupt = await locate({ ...partial, '.terraform/terraform.tfstate': 'not json' });
    expect(corrupt.location.alerts[0]?.code).toBe('config-backend-incomplete');
  });
});

describe('stateLocation: gcs, http, remote and unsupported backends', () => {
  it('gcs: prefix plus the workspace, with token or credentials file', async () => {
    const { location } = await locate(
      {
        'b.tf': backend(
          'gcs',
          '    bucket = "acme-tf"\n    prefix = "/network/"\n    credentials = "/secrets/sa.json"',
        ),
      },
      { TF_WORKSPACE: 'prod' },
    );
    expect(location).toMatchObject({
      stateSource: 'gs://acme-tf/network',
      loadOptions: { gcs: { workspace: 'prod', credentialsFile: '/secrets/sa.json' } },
    });
    const inline = await locate({
      'b.tf': backend(
        'gcs',
        '    bucket = "acme-tf"\n    access_token = "ya29.token"\n    credentials = "{\\"type\\": \\"service_account\\"}"',
      ),
    });
    expect(inline.location).toMatchObject({
      stateSource: 'gs://acme-tf/',
      loadOptions: { gcs: { workspace: 'default', token: 'ya29.token' } },
    });
    expect(inline.location.loadOptions?.gcs).not.toHaveProperty('credentialsFile');
    const noBucket = await locate({ 'b.tf': backend('gcs', '') });
    expect(noBucket.location.alerts[0]?.code).toBe('config-backend-incomplete');
  });

  it('http: the address, with credentials from the block or TF_HTTP_*', async () => {
    const { location } = await locate({
      'b.tf': backend(
        'http',
        '    address  = "https://state.example/api/app"\n    username = "ci"\n    password = "hunter22"',
      ),
    });
    expect(location).toMatchObject({
      stateSource: 'https://state.example/api/app',
      loadOptions: { username: 'ci', password: 'hunter22' },
    });
    const fromEnv = await locate(
      { 'b.tf': backend('http', '') },
      { TF_HTTP_ADDRESS: 'http://127.0.0.1:1/state', TF_HTTP_USERNAME: 'u', TF_HTTP_PASSWORD: 'p' },
    );
    expect(fromEnv.location).toMatchObject({
      stateSource: 'http://127.0.0.1:1/state',
      loadOptions: { username: 'u', password: 'p' },
    });
    const none = await locate({ 'b.tf': backend('http', '') });
    expect(none.location.alerts[0]?.message).toContain('address');
  });

  it('remote: a named workspace, or a prefix plus the selected workspace', async () => {
    const named = await locate({
      'b.tf': backend(
        'remote',
        '    organization = "acme"\n    token = "tfc-token"\n    workspaces {\n      name = "network-prod"\n    }',
      ),
    });
    expect(named.location).toMatchObject({
      stateSource: 'tfc://app.terraform.io/acme/network-prod',
      loadOptions: { tfc: { token: 'tfc-token' } },
    });
    const prefixed = {
      'b.tf': backend(
        'remote',
        '    hostname = "tfe.acme.example"\n    organization = "acme"\n    workspaces {\n      prefix = "network-"\n    }',
      ),
    };
    const dev = await locate(prefixed, { TF_WORKSPACE: 'dev' });
    expect(dev.location.stateSource).toBe('tfc://tfe.acme.example/acme/network-dev');
    expect(dev.location.loadOptions).toBeUndefined();
    const unselected = await locate(prefixed);
    expect(unselected.location.stateSource).toBeUndefined();
    expect(unselected.location.alerts[0]?.code).toBe('config-backend-unresolved');
    const noOrg = await locate({
      'b.tf': backend('remote', '    workspaces {\n      name = "x"\n    }'),
    });
    expect(noOrg.location.alerts[0]?.message).toContain('organization');
  });

  it('an unsupported backend gives an alert and no source', async () => {
    const { location } = await locate({
      'b.tf': backend('azurerm', '    container_name = "tfstate"'),
    });
    expect(location.stateSource).toBeUndefined();
    expect(location.alerts).toEqual([
      {
        code: 'config-backend-unsupported',
        message: expect.stringContaining('"azurerm"') as unknown,
      },
    ]);
  });
});

describe('stateLocation: cloud block', () => {
  it('with tags, the workspace comes from TF_WORKSPACE or .terraform/environment', async () => {
    const config = await parseConfig(join(FIXTURES, 'cloud-workspace'));
    const unselected = await stateLocation(config, { env: {} });
    expect(unselected.stateSource).toBeUndefined();
    expect(unselected.alerts[0]?.code).toBe('config-backend-unresolved');
    const selected = await stateLocation(config, { env: { TF_WORKSPACE: 'ledger-prod' } });
    expect(selected.stateSource).toBe('tfc://tfe.acme.example/acme/ledger-prod');
  });

  it('with a name, and hostname/organization from TF_CLOUD_* when the block leaves them out', async () => {
    const { location } = await locate(
      {
        'main.tf':
          'terraform {\n  cloud {\n    token = "secret-token"\n    workspaces {\n      name = "billing"\n    }\n  }\n}\n',
      },
      { TF_CLOUD_ORGANIZATION: 'acme', TF_CLOUD_HOSTNAME: 'tfe.internal' },
    );
    expect(location).toMatchObject({
      stateSource: 'tfc://tfe.internal/acme/billing',
      loadOptions: { tfc: { token: 'secret-token' } },
      workspace: 'billing',
    });
    const noOrg = await locate({
      'main.tf':
        'terraform {\n  cloud {\n    workspaces {\n      name = "billing"\n    }\n  }\n}\n',
    });
    expect(noOrg.location.alerts[0]).toMatchObject({ code: 'config-backend-incomplete' });
  });
});
