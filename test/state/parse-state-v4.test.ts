/**
 * State v4 fields on crafted documents: each test builds the smallest state that exercises
 * one field the corpus lacks (deposed objects, OpenTofu keyed providers…) or one shape.
 */
import { describe, expect, it } from 'vitest';
import { StateParseError } from '../../src/errors.js';
import { parseState } from '../../src/state/parse-state.js';

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

function state(resources: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.9.0',
    serial: 7,
    lineage: 'l-1',
    outputs: {},
    resources,
    check_results: null,
    ...extra,
  });
}

function instance(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { schema_version: 1, attributes: { id: 'i-1' }, ...fields };
}

describe('parseState v4', () => {
  it('reads the header, outputs and a plain instance', () => {
    const parsed = parseState(
      state(
        [
          {
            mode: 'managed',
            type: 'aws_instance',
            name: 'web',
            provider: AWS,
            instances: [instance()],
          },
        ],
        {
          outputs: {
            ip: { value: '10.0.0.1', type: 'string' },
            pw: { value: null, type: 'string', sensitive: true },
          },
        },
      ),
    );
    expect(parsed).toMatchObject({
      format: 'v4',
      version: 4,
      terraformVersion: '1.9.0',
      serial: 7,
      lineage: 'l-1',
      writer: 'terraform',
      source: '<input>',
      outputs: {
        ip: { value: '10.0.0.1', type: 'string', sensitive: false },
        pw: { value: null, type: 'string', sensitive: true },
      },
    });
    expect(parsed.resources).toEqual([
      {
        address: 'aws_instance.web',
        mode: 'managed',
        type: 'aws_instance',
        name: 'web',
        provider: 'registry.terraform.io/hashicorp/aws',
        providerConfig: AWS,
        id: 'i-1',
        schemaVersion: 1,
        attributes: { id: 'i-1' },
        sensitivePaths: [],
        dependencies: [],
      },
    ]);
    expect(parsed.checkResults).toBeUndefined();
  });

  it('keys count and for_each instances, keeps module paths, data mode', () => {
    const parsed = parseState(
      state([
        {
          module: 'module.net["eu.west"]',
          mode: 'data',
          type: 'aws_ami',
          name: 'x',
          provider: AWS,
          instances: [instance({ index_key: 0 }), instance({ index_key: 1 })],
        },
        {
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'b',
          provider: AWS,
          instances: [instance({ index_key: 'a"b' })],
        },
      ]),
    );
    expect(parsed.resources.map((r) => [r.address, r.indexKey, r.module, r.mode])).toEqual([
      ['module.net["eu.west"].data.aws_ami.x[0]', 0, 'module.net["eu.west"]', 'data'],
      ['module.net["eu.west"].data.aws_ami.x[1]', 1, 'module.net["eu.west"]', 'data'],
      ['aws_s3_bucket.b["a\\"b"]', 'a"b', undefined, 'managed'],
    ]);
  });

  it('gives deposed objects the address of the current object plus their key', () => {
    const parsed = parseState(
      state([
        {
          mode: 'managed',
          type: 'aws_instance',
          name: 'web',
          provider: AWS,
          instances: [
            instance({ index_key: 0, create_before_destroy: true }),
            instance({ index_key: 0, deposed: '0a1b2c3d', attributes: { id: 'i-old' } }),
          ],
        },
      ]),
    );
    expect(
      parsed.resources.map((r) => [r.address, r.deposed, r.id, r.createBeforeDestroy]),
    ).toEqual([
      ['aws_instance.web[0]', undefined, 'i-1', true],
      ['aws_instance.web[0]', '0a1b2c3d', 'i-old', undefined],
    ]);
  });

  it('reads tainted, private, dependencies, legacy depends_on and identity', () => {
    const parsed = parseState(
      state([
        {
          mode: 'managed',
          type: 'aws_instance',
          name: 'a',
          provider: AWS,
          instances: [
            instance({
              status: 'tainted',
              private: 'eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==',
              dependencies: ['module.vpc.aws_subnet.private'],
              identity_schema_version: 0,
              identity: { account_id: '1', id: 'i-1', region: 'eu-west-1' },
            }),
          ],
        },
        {
          mode: 'managed',
          type: 'aws_instance',
          name: 'b',
          provider: AWS,
          instances: [instance({ depends_on: ['aws_instance.a'] })],
        },
      ]),
    );
    expect(parsed.resources[0]).toMatchObject({
      status: 'tainted',
      private: 'eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==',
      dependencies: ['module.vpc.aws_subnet.private'],
      identity: { account_id: '1', id: 'i-1', region: 'eu-west-1' },
    });
    expect(parsed.resources[1]?.dependencies).toEqual(['aws_instance.a']);
  });

  it('turns every sensitive_attributes shape into RFC 6901 pointers', () => {
    const parsed = parseState(
      state([
        {
          mode: 'managed',
          type: 't',
          name: 'n',
          provider: AWS,
          instances: [
            instance({
              sensitive_attributes: [
                [{ type: 'get_attr', value: 'password' }],
                [
                  { type: 'get_attr', value: 'tags' },
                  { type: 'index', value: { value: 'a/b~c', type: 'string' } },
                ],
                [
                  { type: 'get_attr', value: 'blocks' },
                  { type: 'index', value: { value: 2, type: 'number' } },
                  { type: 'get_attr', value: 'secret' },
                ],
                // Tolerated: a bare index value.
                [
                  { type: 'get_attr', value: 'm' },
                  { type: 'index', value: 'k' },
                ],
                // Dropped, as Terraform drops it: a step type it does not know.
                [{ type: 'mystery', value: 'x' }],
                [],
              ],
            }),
          ],
        },
      ]),
    );
    expect(parsed.resources[0]?.sensitivePaths).toEqual([
      '/password',
      '/tags/a~1b~0c',
      '/blocks/2/secret',
      '/m/k',
      '',
    ]);
  });

  it('reads check_results with objects and tolerates unknown kinds', () => {
    const parsed = parseState(
      state([], {
        check_results: [
          {
            object_kind: 'resource',
            config_addr: 'aws_instance.web',
            status: 'fail',
            objects: [
              { object_addr: 'aws_instance.web[0]', status: 'fail', failure_messages: ['bad'] },
            ],
          },
          { object_kind: 'future_kind', config_addr: 'x', status: 'pass', objects: null },
        ],
      }),
    );
    expect(parsed.checkResults).toEqual([
      {
        objectKind: 'resource',
        configAddress: 'aws_instance.web',
        status: 'fail',
        objects: [{ address: 'aws_instance.web[0]', status: 'fail', failureMessages: ['bad'] }],
      },
      { objectKind: 'future_kind', configAddress: 'x', status: 'pass', objects: [] },
    ]);
  });

  it('reads OpenTofu per-instance keyed providers and extra fields', () => {
    const keyed = (region: string): string =>
      `provider["registry.opentofu.org/hashicorp/aws"].by_region["${region}"]`;
    const parsed = parseState(
      state(
        [
          {
            mode: 'managed',
            type: 'aws_vpc',
            name: 'v',
            instances: [
              instance({ index_key: 'eu', provider: keyed('eu-west-1'), skip_destroy: true }),
              instance({ index_key: 'us', provider: keyed('us-east-1') }),
            ],
          },
        ],
        { outputs: { o: { value: 1, type: 'number', deprecated: 'use p' } } },
      ),
    );
    expect(parsed.writer).toBe('opentofu');
    expect(parsed.resources.map((r) => [r.provider, r.providerAlias, r.providerConfig])).toEqual([
      ['registry.opentofu.org/hashicorp/aws', 'by_region["eu-west-1"]', keyed('eu-west-1')],
      ['registry.opentofu.org/hashicorp/aws', 'by_region["us-east-1"]', keyed('us-east-1')],
    ]);
    expect(parsed.outputs.o).toEqual({ value: 1, type: 'number', sensitive: false });
  });

  it('parses module-prefixed and legacy provider strings', () => {
    const parsed = parseState(
      state([
        {
          mode: 'managed',
          type: 'a_x',
          name: 'm',
          provider: `module.vpc.${AWS}.west`,
          instances: [instance()],
        },
        {
          mode: 'managed',
          type: 'a_x',
          name: 'l',
          provider: 'provider.aws.east',
          instances: [instance()],
        },
        {
          mode: 'managed',
          type: 'a_x',
          name: 'b',
          provider: 'provider["terraform.io/builtin/terraform"]',
          instances: [instance()],
        },
      ]),
    );
    expect(parsed.resources.map((r) => [r.provider, r.providerAlias])).toEqual([
      ['registry.terraform.io/hashicorp/aws', 'west'],
      ['registry.terraform.io/-/aws', 'east'],
      ['terraform.io/builtin/terraform', undefined],
    ]);
  });

  it('rejects provider strings that are not provider configuration addresses', () => {
    for (const provider of [
      'aws',
      'provider[registry.terraform.io/hashicorp/aws]',
      'module.x[0].provider.aws',
    ]) {
      try {
        parseState(
          state([{ mode: 'managed', type: 't', name: 'n', provider, instances: [instance()] }]),
        );
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ reason: 'INVALID_VALUE', pointer: '/resources/0/provider' });
      }
    }
    try {
      parseState(
        state([
          { mode: 'managed', type: 't', name: 'n', instances: [instance({ provider: 'nope' })] },
        ]),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        reason: 'INVALID_VALUE',
        pointer: '/resources/0/instances/0/provider',
      });
    }
  });

  it('ignores unknown fields everywhere', () => {
    const parsed = parseState(
      state(
        [
          {
            mode: 'managed',
            type: 't',
            name: 'n',
            provider: AWS,
            each: 'list',
            future: { x: 1 },
            instances: [instance({ index_key: 0, future_field: [1, 2] })],
          },
        ],
        { future_top: true },
      ),
    );
    expect(parsed.resources).toHaveLength(1);
    expect(parsed.resources[0]).not.toHaveProperty('future_field');
  });

  it('expands attributes_flat of upgraded objects and marks them lossy', () => {
    const parsed = parseState(
      state([
        {
          mode: 'managed',
          type: 'aws_instance',
          name: 'old',
          provider: AWS,
          instances: [
            {
              schema_version: 0,
              attributes_flat: {
                id: 'i-9',
                'tags.%': '1',
                'tags.Name': 'x',
                'sg.#': '2',
                'sg.0': 'a',
                'sg.1': 'b',
              },
            },
          ],
        },
      ]),
    );
    expect(parsed.resources[0]).toMatchObject({
      lossy: true,
      id: 'i-9',
      attributes: { id: 'i-9', tags: { Name: 'x' }, sg: ['a', 'b'] },
    });
  });

  it('keeps the attribute objects as parsed, without copying', () => {
    const document = JSON.parse(
      state([{ mode: 'managed', type: 't', name: 'n', provider: AWS, instances: [instance()] }]),
    ) as { resources: { instances: { attributes: object }[] }[] };
    const parsed = parseState(document);
    expect(parsed.resources[0]?.attributes).toBe(document.resources[0]?.instances[0]?.attributes);
  });

  it('names every bad spot with its JSON Pointer', () => {
    let caught: unknown;
    try {
      parseState(
        state([
          {
            mode: 'managed',
            type: 't',
            name: 'n',
            provider: AWS,
            instances: [instance({ status: 'weird' })],
          },
          { mode: 'other', type: 7, name: 'n', instances: [instance({ index_key: 1.5 })] },
          {
            mode: 'managed',
            type: 't',
            name: 'n',
            provider: AWS,
            instances: [instance({ attributes: [] })],
          },
          {
            mode: 'managed',
            type: 't',
            name: 'n',
            provider: AWS,
            instances: [instance({ sensitive_attributes: {} })],
          },
        ]),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateParseError);
    const error = caught as StateParseError;
    expect(error.reason).toBe('INVALID_VALUE');
    expect(error.issues.map((i) => i.path)).toEqual([
      '/resources/0/instances/0/status',
      '/resources/1/mode',
      '/resources/1/type',
      '/resources/1/instances/0/index_key',
      '/resources/1/instances/0/provider',
      '/resources/2/instances/0/attributes',
      '/resources/3/instances/0/sensitive_attributes',
    ]);
    expect(error.pointer).toBe('/resources/0/instances/0/status');
    expect(error.message).toContain('and 6 more');
  });
});
