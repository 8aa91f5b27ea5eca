/**
 * Every real file of the shared corpus goes through parseState. Expected counts and addresses
 * were checked by hand against the files: instance counts by summing `instances` lengths per
 * resource (v4) or counting `primary` + `deposed` objects across `modules[].resources` (v1/v3)
 * with `python3 -c 'import json…'`, and the sample addresses by reading the resource's
 * `module`, `mode`, `type`, `name` and `index_key` in the file and spelling them out.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StateParseError, UnsupportedStateError } from '../../src/errors.js';
import { parseState } from '../../src/state/parse-state.js';
import type { TerraformState } from '../../src/model/state.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';

interface Valid {
  format: TerraformState['format'];
  count: number;
  addresses?: string[];
}

const VALID: Record<string, Valid> = {
  'state/fixture-v3-bigint-backend-hash.tfstate': {
    format: 'v3',
    count: 4,
    addresses: [
      'null_resource.bar[0]',
      'null_resource.bar[1]',
      'null_resource.baz',
      'module.child.null_resource.foo',
    ],
  },
  'state/tofu-1.6-aws-modules.tfstate': { format: 'v4', count: 15 },
  'state/tofu-1.7-apprunner-tainted-foreach.tfstate.backup': {
    format: 'v4',
    count: 4,
    addresses: [
      'aws_apprunner_auto_scaling_configuration_version.app_scaling',
      'aws_apprunner_service.app_services["announcements-dev"]',
      'aws_apprunner_service.app_services["announcements-prod"]',
      'aws_apprunner_service.app_services["announcements-qa"]',
    ],
  },
  'state/tofu-1.7-aws-eks-nested-keyed-modules.tfstate.backup': { format: 'v4', count: 86 },
  'state/v1-cloudstack.tfstate.backup': {
    format: 'v1',
    count: 1,
    addresses: ['cloudstack_network.Network01'],
  },
  'state/v3-aws-datasources-0.11.tfstate': {
    format: 'v3',
    count: 9,
    addresses: [
      'aws_internet_gateway.refinebio-frontend',
      'data.aws_iam_policy_document.refinebio-frontend-deployment',
    ],
  },
  'state/v3-azure-0.11.tfstate': { format: 'v3', count: 4 },
  'state/v3-gcp-0.9.tfstate': {
    format: 'v3',
    count: 1,
    addresses: ['google_compute_network.private'],
  },
  'state/v3-libvirt-nested-modules-0.11.tfstate': { format: 'v3', count: 25 },
  'state/v4-0.12-azure-errored-tainted-count.tfstate': {
    format: 'v4',
    count: 26,
    addresses: ['data.azurerm_public_ip.fixedip[0]', 'data.azurerm_public_ip.fixedip[1]'],
  },
  'state/v4-0.12-legacy-provider-depends-on.tfstate': { format: 'v4', count: 17 },
  'state/v4-0.12-pruned-318-resources.tfstate': { format: 'v4', count: 318 },
  'state/v4-0.12.0-null-each-list-depends-on.tfstate': { format: 'v4', count: 7 },
  'state/v4-0.14-helm-kubernetes.tfstate.backup': { format: 'v4', count: 18 },
  'state/v4-1.0-openstack-workspace.tfstate': { format: 'v4', count: 29 },
  'state/v4-1.1-databricks-aws-provider-alias.tfstate': {
    format: 'v4',
    count: 16,
    addresses: ['data.aws_subnet.ws_vpc_subnets["subnet-0c2d9882f68e15805"]'],
  },
  'state/v4-1.1-hcloud-aws.tfstate': { format: 'v4', count: 10 },
  'state/v4-1.1-null-sensitive-output-module.tfstate': { format: 'v4', count: 7 },
  'state/v4-1.11-aws-ecs-serial205.tfstate': { format: 'v4', count: 32 },
  'state/v4-1.11-aws-ecs-serial234.tfstate': { format: 'v4', count: 35 },
  'state/v4-1.11-aws-errored-sensitive-output-var-checks.tfstate': { format: 'v4', count: 48 },
  'state/v4-1.11-cloudflare-modules.tfstate.backup': { format: 'v4', count: 19 },
  'state/v4-1.11-errored-check-results-only.tfstate': { format: 'v4', count: 0 },
  'state/v4-1.12-empty.tfstate': { format: 'v4', count: 0 },
  'state/v4-1.13-aws-modules-sensitive.tfstate': {
    format: 'v4',
    count: 41,
    addresses: ['module.rds.module.db_instance.aws_db_instance.this[0]'],
  },
  'state/v4-1.13-module-scoped-provider-identity-errored.tfstate': { format: 'v4', count: 8 },
  'state/v4-1.14-azurerm-identity.tfstate': {
    format: 'v4',
    count: 9,
    addresses: ['module.network.azurerm_resource_group.network_rg'],
  },
  'state/v4-1.14-oci.tfstate': { format: 'v4', count: 7 },
  'state/v4-1.15-aws-ecs-fargate.tfstate': { format: 'v4', count: 46 },
  'state/v4-1.15-kubernetes-minimal.tfstate': {
    format: 'v4',
    count: 1,
    addresses: ['kubernetes_namespace.mlops_space'],
  },
  'state/v4-1.4-aws-modules-count-cbd.tfstate': {
    format: 'v4',
    count: 6,
    addresses: [
      'module.networking.data.aws_availability_zones.available',
      'module.networking.module.vpc.aws_internet_gateway.this[0]',
    ],
  },
  'state/v4-1.4-aws-tainted.tfstate': { format: 'v4', count: 4 },
  'state/v4-1.5-azurerm-azurecaf.tfstate': { format: 'v4', count: 3 },
  'state/v4-1.6-aws-errored-keyed-modules.tfstate': {
    format: 'v4',
    count: 61,
    addresses: [
      'module.eks.module.eks_managed_node_group["one"].data.aws_caller_identity.current',
      'module.eks.module.eks_managed_node_group["one"].data.aws_iam_policy_document.assume_role_policy[0]',
    ],
  },
  'state/v4-1.7-aws-large-modules.tfstate.backup': { format: 'v4', count: 87 },
  'state/v4-1.7-gcp-foreach.tfstate': {
    format: 'v4',
    count: 12,
    addresses: ['google_compute_network.vpc_name["cloud-vpc1"]'],
  },
  'state/v4-1.8-yandex-count.tfstate': { format: 'v4', count: 9 },
  'state/v4-1.9-gcp-check-results.tfstate': { format: 'v4', count: 2 },
  'state/v4-1.9-iosxr-modules-foreach.tfstate': { format: 'v4', count: 19 },
  'plan/tf-0.12.0-format-0.1.show-state.json': {
    format: 'show-json',
    count: 7,
    addresses: ['null_resource.baz[0]', 'null_resource.baz[2]', 'data.null_data_source.baz'],
  },
  'plan/tf-1.1.0-dev-basic-modules.plan.json': { format: 'plan-json', count: 0 },
  'plan/tf-1.1.0-sensitive-values-format-0.2.plan.json': { format: 'plan-json', count: 0 },
  'plan/tf-1.12.0-identity.show-state.json': { format: 'show-json', count: 2 },
  'plan/tf-1.13.0-dev-identity.plan.json': { format: 'plan-json', count: 1 },
  'plan/tf-1.13.3-aws-learn-modules.plan.json': {
    format: 'plan-json',
    count: 1,
    addresses: ['data.aws_ami.ubuntu'],
  },
  'plan/tf-1.5.4-checks.plan.json': { format: 'plan-json', count: 0 },
  'plan/tf-1.5.4-checks.show-state.json': {
    format: 'show-json',
    count: 2,
    addresses: [
      'module.files.local_file.foo["file1.txt"]',
      'module.files.local_file.foo["file2.txt"]',
    ],
  },
  'plan/tofu-equiv-drift-refresh-only.plan.json': { format: 'plan-json', count: 1 },
  'plan/tofu-equiv-drift-refresh-only.show-state.json': { format: 'show-json', count: 1 },
  'plan/tofu-equiv-drift-relevant-attributes.plan.json': { format: 'plan-json', count: 2 },
  'plan/tofu-equiv-moved-with-drift.plan.json': { format: 'plan-json', count: 2 },
};

const INVALID: Record<string, { error: 'parse' | 'unsupported'; code: string; pointer?: string }> =
  {
    'state/bad-age-armored.tfstate': { error: 'unsupported', code: 'age' },
    'state/bad-empty.tfstate': { error: 'parse', code: 'EMPTY' },
    'state/bad-git-crypt-binary.tfstate': { error: 'unsupported', code: 'git-crypt' },
    'state/bad-merge-conflict.tfstate': { error: 'unsupported', code: 'merge-conflict' },
    'state/not-state-backend-config-dot-terraform.tfstate': {
      error: 'unsupported',
      code: 'backend-config',
      pointer: '/backend',
    },
    'state/tofu-encrypted-pbkdf2-small.tfstate': {
      error: 'unsupported',
      code: 'encrypted',
      pointer: '/encryption_version',
    },
    'state/tofu-encrypted-pbkdf2.tfstate': {
      error: 'unsupported',
      code: 'encrypted',
      pointer: '/encryption_version',
    },
    'plan/bad-trailing-data.plan.json': { error: 'parse', code: 'TRAILING_DATA', pointer: '' },
  };

function read(name: string): Buffer {
  const [folder, file] = name.split('/') as [string, string];
  return readFileSync(corpusPath(folder, file));
}

describe.skipIf(!hasCorpus)('corpus', () => {
  it('has an expectation for every file, so a new file cannot go untested', () => {
    const files = [
      ...corpusFiles('state').map((f) => `state/${f}`),
      ...corpusFiles('plan').map((f) => `plan/${f}`),
    ];
    const known = new Set([...Object.keys(VALID), ...Object.keys(INVALID)]);
    expect(files.filter((f) => !known.has(f))).toEqual([]);
  });

  describe('valid files', () => {
    for (const [name, expected] of Object.entries(VALID)) {
      it(name, () => {
        const state = parseState(read(name), { source: name });
        expect(state.format).toBe(expected.format);
        expect(state.resources).toHaveLength(expected.count);
        expect(state.source).toBe(name);
        const addresses = state.resources.map((r) => r.address);
        for (const address of expected.addresses ?? []) expect(addresses).toContain(address);
        // Addresses are unique per (address, deposed key).
        const keys = state.resources.map((r) => `${r.address} ${r.deposed ?? ''}`);
        expect(new Set(keys).size).toBe(keys.length);
      });
    }
  });

  describe('invalid files', () => {
    for (const [name, expected] of Object.entries(INVALID)) {
      it(name, () => {
        let caught: unknown;
        try {
          parseState(read(name), { source: name });
        } catch (error) {
          caught = error;
        }
        if (expected.error === 'parse') {
          expect(caught).toBeInstanceOf(StateParseError);
          expect((caught as StateParseError).reason).toBe(expected.code);
          expect((caught as StateParseError).source).toBe(name);
          if (expected.pointer !== undefined)
            expect((caught as StateParseError).pointer).toBe(expected.pointer);
        } else {
          expect(caught).toBeInstanceOf(UnsupportedStateError);
          expect((caught as UnsupportedStateError).kind).toBe(expected.code);
          expect((caught as UnsupportedStateError).source).toBe(name);
          if (expected.pointer !== undefined)
            expect((caught as UnsupportedStateError).pointer).toBe(expected.pointer);
        }
      });
    }
  });

  describe('fields checked by hand', () => {
    it('tainted for_each instances (OpenTofu 1.7): 2 of 3 tainted, OpenTofu writer', () => {
      const state = parseState(read('state/tofu-1.7-apprunner-tainted-foreach.tfstate.backup'));
      const tainted = state.resources.filter((r) => r.status === 'tainted').map((r) => r.indexKey);
      expect(tainted).toEqual(['announcements-prod', 'announcements-qa']);
      expect(state.writer).toBe('opentofu');
      expect(state.resources[0]?.provider).toBe('registry.opentofu.org/hashicorp/aws');
    });

    it('provider alias and string keys (databricks)', () => {
      const state = parseState(read('state/v4-1.1-databricks-aws-provider-alias.tfstate'));
      const creds = state.resources.find((r) => r.address === 'databricks_mws_credentials.this');
      expect(creds).toMatchObject({
        provider: 'registry.terraform.io/databrickslabs/databricks',
        providerAlias: 'mws',
        providerConfig: 'provider["registry.terraform.io/databrickslabs/databricks"].mws',
      });
      expect(state.writer).toBe('terraform');
    });

    it('sensitive_attributes with index steps become pointers', () => {
      const state = parseState(read('state/v4-1.13-aws-modules-sensitive.tfstate'));
      const glue = state.resources.find((r) => r.address === 'aws_glue_job.python_shell_job');
      expect(glue?.sensitivePaths).toEqual([
        '/default_arguments/--DB_PASSWORD',
        '/default_arguments/--DB_USER',
      ]);
      const db = state.resources.find(
        (r) => r.address === 'module.rds.module.db_instance.aws_db_instance.this[0]',
      );
      expect(db?.sensitivePaths).toEqual(['/password', '/password_wo']);
      expect(db?.module).toBe('module.rds.module.db_instance');
      expect(db?.indexKey).toBe(0);
    });

    it('legacy depends_on and provider.x strings (0.12)', () => {
      const state = parseState(read('state/v4-0.12-legacy-provider-depends-on.tfstate'));
      const policy = state.resources.find((r) => r.address === 'vault_policy.allow_ca');
      expect(policy?.dependencies).toEqual(['data.vault_policy_document.allow_ca']);
      expect(policy?.provider).toBe('registry.terraform.io/-/vault');
      expect(policy?.providerConfig).toBe('provider.vault');
    });

    it('check_results (1.9)', () => {
      const state = parseState(read('state/v4-1.9-gcp-check-results.tfstate'));
      expect(state.checkResults).toEqual([
        {
          objectKind: 'var',
          configAddress: 'module.gke.var.node_metadata',
          status: 'unknown',
          objects: [],
        },
        {
          objectKind: 'var',
          configAddress: 'module.gke.var.timeouts',
          status: 'unknown',
          objects: [],
        },
      ]);
    });

    it('identity (1.14 azurerm) and module-scoped provider configs (1.13)', () => {
      const azure = parseState(read('state/v4-1.14-azurerm-identity.tfstate'));
      const rg = azure.resources.find(
        (r) => r.address === 'module.network.azurerm_resource_group.network_rg',
      );
      expect(rg?.identity).toEqual({
        name: 'rg-network-dev',
        subscription_id: 'af002358-1c90-4cba-8f03-e88788990b14',
      });
      const scoped = parseState(
        read('state/v4-1.13-module-scoped-provider-identity-errored.tfstate'),
      );
      const configs = new Set(scoped.resources.map((r) => r.providerConfig));
      expect(configs).toEqual(
        new Set([
          'provider["registry.terraform.io/hashicorp/aws"]',
          'module.vpc.provider["registry.terraform.io/hashicorp/aws"]',
        ]),
      );
      expect(new Set(scoped.resources.map((r) => r.provider))).toEqual(
        new Set(['registry.terraform.io/hashicorp/aws']),
      );
    });

    it('v3 flatmap is expanded and marked lossy; ids and providers follow Terraform', () => {
      const state = parseState(read('state/fixture-v3-bigint-backend-hash.tfstate'));
      const bar0 = state.resources.find((r) => r.address === 'null_resource.bar[0]');
      expect(bar0).toMatchObject({
        id: '604776346677326098',
        attributes: { id: '604776346677326098', triggers: { index: '0' } },
        provider: 'registry.terraform.io/-/null',
        lossy: true,
        indexKey: 0,
      });
      expect(state.lineage).toBe('0f5b2ff9-6ff5-8e9e-1f81-aa3ce9a483eb');
      expect(state.terraformVersion).toBe('0.11.1');
      expect(state.outputs.results?.sensitive).toBe(false);
    });

    it('show -json addresses equal Terraform’s own spelling (format 1.0)', () => {
      const text = read('plan/tf-1.5.4-checks.show-state.json').toString('utf8');
      const raw = JSON.parse(text) as {
        values: { root_module: { child_modules: { resources: { address: string }[] }[] } };
      };
      const fromFile = raw.values.root_module.child_modules.flatMap((m) =>
        m.resources.map((r) => r.address),
      );
      expect(parseState(text).resources.map((r) => r.address)).toEqual(fromFile);
    });
  });
});
