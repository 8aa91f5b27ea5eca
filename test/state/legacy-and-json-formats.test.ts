/**
 * Legacy state versions 1–3 and the JSON output formats (`show -json`, plan JSON), on
 * crafted documents covering what the corpus lacks (deposed and tainted legacy objects,
 * version 2, deposed show-json entries, sensitive_values mirrors).
 */
import { describe, expect, it } from 'vitest';
import { StateParseError } from '../../src/errors.js';
import { expandFlatmap } from '../../src/state/flatmap.js';
import { parseState } from '../../src/state/parse-state.js';

/** The JSON Pointers of the issues a document that must not parse is rejected with. */
function issuePaths(document: unknown): string[] {
  try {
    parseState(JSON.stringify(document));
  } catch (error) {
    expect(error).toBeInstanceOf(StateParseError);
    return (error as StateParseError).issues.map((i) => i.path);
  }
  return expect.unreachable();
}

describe('legacy v3', () => {
  const v3 = {
    version: 3,
    terraform_version: '0.11.14',
    serial: 9,
    lineage: 'lin',
    modules: [
      {
        path: ['root'],
        outputs: {
          ip: { sensitive: false, type: 'string', value: '1.2.3.4' },
          pw: { sensitive: true, type: 'string', value: 's' },
        },
        resources: {
          'aws_instance.web.0': {
            type: 'aws_instance',
            depends_on: ['aws_security_group.sg', 'module.net', 'var.x'],
            provider: 'provider.aws.west',
            primary: {
              id: 'i-1',
              attributes: {
                ami: 'ami-1',
                'tags.%': '1',
                'tags.Name': 'web',
                'vpc_security_group_ids.#': '1',
                'vpc_security_group_ids.1234': 'sg-1',
              },
              meta: {
                schema_version: '1',
                'e2bfb730-ecaa-11e6-8f88-34363bc7c4c0': { create: 600 },
              },
              tainted: true,
            },
            deposed: [{ id: 'i-old', attributes: { id: 'i-old' } }],
          },
          'data.aws_ami.ubuntu': {
            type: 'aws_ami',
            provider: '',
            primary: { id: 'ami-1', attributes: { id: 'ami-1' } },
          },
        },
      },
      {
        path: ['root', 'net', 'subnets'],
        outputs: { ignored: { value: 'child outputs are not kept' } },
        resources: {
          'aws_subnet.a': {
            type: 'aws_subnet',
            provider: 'aws.east',
            primary: { id: 'subnet-1', attributes: {} },
          },
        },
      },
    ],
  };

  it('converts modules, keys, tainted and deposed objects, meta and providers', () => {
    const state = parseState(JSON.stringify(v3));
    expect(state).toMatchObject({
      format: 'v3',
      version: 3,
      terraformVersion: '0.11.14',
      serial: 9,
      lineage: 'lin',
    });
    expect(Object.keys(state.outputs)).toEqual(['ip', 'pw']);
    expect(state.outputs.pw).toEqual({ value: 's', sensitive: true });
    const [web, deposed, ami, subnet] = state.resources;
    expect(web).toMatchObject({
      address: 'aws_instance.web[0]',
      indexKey: 0,
      status: 'tainted',
      id: 'i-1',
      schemaVersion: 1,
      provider: 'registry.terraform.io/-/aws',
      providerAlias: 'west',
      providerConfig: 'provider["registry.terraform.io/-/aws"].west',
      dependencies: ['aws_security_group.sg'],
      lossy: true,
      attributes: {
        ami: 'ami-1',
        id: 'i-1',
        tags: { Name: 'web' },
        vpc_security_group_ids: ['sg-1'],
      },
    });
    expect(JSON.parse(Buffer.from(web?.private ?? '', 'base64').toString())).toEqual({
      'e2bfb730-ecaa-11e6-8f88-34363bc7c4c0': { create: 600 },
    });
    expect(deposed).toMatchObject({
      address: 'aws_instance.web[0]',
      deposed: '00000001',
      id: 'i-old',
    });
    expect(deposed?.status).toBeUndefined();
    expect(ami).toMatchObject({
      address: 'data.aws_ami.ubuntu',
      mode: 'data',
      provider: 'registry.terraform.io/-/aws',
    });
    expect(subnet).toMatchObject({
      address: 'module.net.module.subnets.aws_subnet.a',
      module: 'module.net.module.subnets',
      providerConfig: 'module.net.module.subnets.provider["registry.terraform.io/-/aws"].east',
      id: 'subnet-1',
      attributes: { id: 'subnet-1' },
    });
  });

  it('points at bad legacy spots', () => {
    const bad = {
      version: 3,
      modules: [
        { path: ['root'], resources: { 'not a key': {}, 'aws_x.y': 'nope' } },
        { resources: {} },
      ],
    };
    expect(issuePaths(bad)).toEqual([
      '/modules/0/resources/not a key',
      '/modules/0/resources/aws_x.y',
      '/modules/1/path',
    ]);
  });

  it('reads version 2 (map sizes written as .#) and version 1 (tainted list, string outputs)', () => {
    const v2 = parseState(
      JSON.stringify({
        version: 2,
        modules: [
          {
            path: ['root'],
            resources: {
              'aws_s3_bucket.b': {
                primary: { id: 'b', attributes: { 'tags.#': '1', 'tags.Env': 'prod' } },
              },
            },
          },
        ],
      }),
    );
    expect(v2).toMatchObject({ format: 'v3', version: 2 });
    expect(v2.resources[0]?.attributes).toEqual({ id: 'b', tags: { Env: 'prod' } });

    const v1 = parseState(
      JSON.stringify({
        version: 1,
        serial: 2,
        modules: [
          {
            path: ['root'],
            outputs: { address: '10.0.0.1' },
            resources: {
              'aws_instance.a': { type: 'aws_instance', tainted: [{ id: 'i-t', attributes: {} }] },
            },
          },
        ],
      }),
    );
    expect(v1).toMatchObject({ format: 'v1', version: 1, serial: 2 });
    expect(v1.outputs.address).toEqual({ value: '10.0.0.1', sensitive: false });
    expect(v1.resources[0]).toMatchObject({
      address: 'aws_instance.a',
      status: 'tainted',
      id: 'i-t',
    });
  });
});

describe('expandFlatmap', () => {
  it('expands lists, sets by hash order, maps with dotted keys, nested blocks', () => {
    expect(
      expandFlatmap({
        'ingress.#': '2',
        'ingress.2541437006.from_port': '22',
        'ingress.2541437006.cidr_blocks.#': '1',
        'ingress.2541437006.cidr_blocks.0': '0.0.0.0/0',
        'ingress.100.from_port': '80',
        'tags.%': '2',
        'tags.kubernetes.io/cluster/x': 'owned',
        'tags.__proto__': 'kept',
        'empty.#': '0',
        'root_block_device.0.volume_size': '8',
        'root_block_device.#': '1',
        enabled: 'true',
      }),
    ).toEqual({
      ingress: [{ from_port: '80' }, { from_port: '22', cidr_blocks: ['0.0.0.0/0'] }],
      tags: JSON.parse('{"kubernetes.io/cluster/x":"owned","__proto__":"kept"}'),
      empty: [],
      root_block_device: [{ volume_size: '8' }],
      enabled: 'true',
    });
    expect(({} as Record<string, unknown>).kept).toBeUndefined();
  });
});

describe('terraform show -json and plan JSON', () => {
  const show = {
    format_version: '1.0',
    terraform_version: '1.6.0',
    values: {
      outputs: { o: { sensitive: true, value: 'x', type: 'string' } },
      root_module: {
        resources: [
          {
            address: 'aws_db_instance.db',
            mode: 'managed',
            type: 'aws_db_instance',
            name: 'db',
            provider_name: 'registry.terraform.io/hashicorp/aws',
            schema_version: 2,
            values: { id: 'db-1', password: 'p', tags: { a: 'b' }, list: [{ s: 1 }] },
            sensitive_values: { password: true, tags: {}, list: [{ s: true }] },
            depends_on: ['aws_subnet.a'],
          },
          {
            address: 'aws_db_instance.db',
            mode: 'managed',
            type: 'aws_db_instance',
            name: 'db',
            provider_name: 'registry.terraform.io/hashicorp/aws',
            deposed_key: 'abcd1234',
            tainted: true,
            values: { id: 'db-0' },
            sensitive_values: {},
          },
        ],
        child_modules: [
          {
            address: 'module.m["k"]',
            resources: [
              {
                address: 'module.m["k"].data.aws_ami.x[1]',
                mode: 'data',
                type: 'aws_ami',
                name: 'x',
                index: 1,
                provider_name: 'registry.terraform.io/hashicorp/aws',
                values: { id: 'ami' },
                identity: { id: 'ami' },
              },
            ],
            child_modules: [],
          },
        ],
      },
    },
  };

  it('reads resources, child modules, deposed entries and sensitive mirrors', () => {
    const state = parseState(JSON.stringify(show));
    expect(state).toMatchObject({
      format: 'show-json',
      version: 1,
      terraformVersion: '1.6.0',
      writer: 'terraform',
    });
    expect(state.outputs.o).toEqual({ value: 'x', type: 'string', sensitive: true });
    expect(state.resources.map((r) => [r.address, r.deposed, r.status, r.module])).toEqual([
      ['aws_db_instance.db', undefined, undefined, undefined],
      ['aws_db_instance.db', 'abcd1234', 'tainted', undefined],
      ['module.m["k"].data.aws_ami.x[1]', undefined, undefined, 'module.m["k"]'],
    ]);
    expect(state.resources[0]).toMatchObject({
      id: 'db-1',
      schemaVersion: 2,
      sensitivePaths: ['/password', '/list/0/s'],
      dependencies: ['aws_subnet.a'],
    });
    expect(state.resources[2]).toMatchObject({
      indexKey: 1,
      identity: { id: 'ami' },
      mode: 'data',
    });
  });

  it('reads prior_state of plan JSON, and an empty state when the plan has none', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      prior_state: show,
      resource_changes: [],
    };
    const state = parseState(JSON.stringify(plan));
    expect(state).toMatchObject({ format: 'plan-json', version: 1 });
    expect(state.resources).toHaveLength(3);
    const empty = parseState(
      JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: {} }),
    );
    expect(empty).toMatchObject({ format: 'plan-json', resources: [], terraformVersion: '1.9.0' });
  });

  it('reads an empty show -json state ({"format_version":"1.0"})', () => {
    expect(parseState('{"format_version":"1.0"}')).toMatchObject({
      format: 'show-json',
      resources: [],
    });
  });

  it('points at bad spots inside prior_state', () => {
    const bad = {
      format_version: '1.2',
      prior_state: { values: { root_module: { resources: [{ mode: 'managed', name: 'n' }] } } },
    };
    expect(issuePaths(bad)).toEqual([
      '/prior_state/values/root_module/resources/0/type',
      '/prior_state/values/root_module/resources/0/provider_name',
    ]);
    try {
      parseState(JSON.stringify({ format_version: '1.2', prior_state: 'x' }));
      expect.unreachable();
    } catch (error) {
      expect((error as StateParseError).pointer).toBe('/prior_state');
    }
  });
});
