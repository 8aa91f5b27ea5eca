/**
 * Every shape check of the converters, one mutation each: the error is a StateParseError with
 * the expected reason and the JSON Pointer of the mutated spot, and never quotes the value.
 */
import { describe, expect, it } from 'vitest';
import { StateParseError } from '../../src/errors.js';
import { parseState } from '../../src/state/parse-state.js';

// The mutations below deliberately break the document's shape anywhere, which no precise type
// can describe; one loosely typed alias keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const SECRET = 's3cr3t-value-never-printed';
const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

function v4(mutate: (doc: Record<string, Loose>) => void): Record<string, unknown> {
  const doc: Record<string, Loose> = {
    version: 4,
    terraform_version: '1.9.0',
    serial: 1,
    lineage: 'l',
    outputs: { o: { value: 1, type: 'number' } },
    resources: [
      {
        mode: 'managed',
        type: 't',
        name: 'n',
        provider: AWS,
        instances: [{ schema_version: 0, attributes: { id: 'x' } }],
      },
    ],
    check_results: [
      {
        object_kind: 'resource',
        config_addr: 't.n',
        status: 'pass',
        objects: [{ object_addr: 't.n', status: 'pass' }],
      },
    ],
  };
  mutate(doc);
  return doc;
}

function v3(mutate: (doc: Record<string, Loose>) => void): Record<string, unknown> {
  const doc: Record<string, Loose> = {
    version: 3,
    modules: [
      {
        path: ['root'],
        outputs: {},
        resources: { 't.n': { primary: { id: 'x', attributes: {} }, deposed: [] } },
      },
    ],
  };
  mutate(doc);
  return doc;
}

function show(mutate: (doc: Record<string, Loose>) => void): Record<string, unknown> {
  const doc: Record<string, Loose> = {
    format_version: '1.0',
    values: {
      outputs: {},
      root_module: {
        resources: [
          {
            address: 't.n',
            mode: 'managed',
            type: 't',
            name: 'n',
            provider_name: 'registry.terraform.io/hashicorp/t',
            values: {},
          },
        ],
        child_modules: [{ address: 'module.m', resources: [] }],
      },
    },
  };
  mutate(doc);
  return doc;
}

const instance = '/resources/0/instances/0';
const CASES: [string, Record<string, unknown>, string, string][] = [
  ['v4 resources not an array', v4((d) => (d.resources = SECRET)), 'WRONG_TYPE', '/resources'],
  ['v4 resource not an object', v4((d) => (d.resources[0] = SECRET)), 'WRONG_TYPE', '/resources/0'],
  ['v4 mode missing', v4((d) => delete d.resources[0].mode), 'MISSING_FIELD', '/resources/0/mode'],
  ['v4 name wrong type', v4((d) => (d.resources[0].name = 5)), 'WRONG_TYPE', '/resources/0/name'],
  [
    'v4 module wrong type',
    v4((d) => (d.resources[0].module = 5)),
    'WRONG_TYPE',
    '/resources/0/module',
  ],
  [
    'v4 provider wrong type',
    v4((d) => (d.resources[0].provider = 5)),
    'WRONG_TYPE',
    '/resources/0/provider',
  ],
  [
    'v4 instances wrong type',
    v4((d) => (d.resources[0].instances = SECRET)),
    'WRONG_TYPE',
    '/resources/0/instances',
  ],
  [
    'v4 instance not an object',
    v4((d) => (d.resources[0].instances[0] = SECRET)),
    'WRONG_TYPE',
    instance,
  ],
  [
    'v4 index_key negative',
    v4((d) => (d.resources[0].instances[0].index_key = -1)),
    'WRONG_TYPE',
    `${instance}/index_key`,
  ],
  [
    'v4 attributes_flat wrong type',
    v4((d) => {
      delete d.resources[0].instances[0].attributes;
      d.resources[0].instances[0].attributes_flat = SECRET;
    }),
    'WRONG_TYPE',
    `${instance}/attributes_flat`,
  ],
  [
    'v4 attributes wrong type',
    v4((d) => (d.resources[0].instances[0].attributes = SECRET)),
    'WRONG_TYPE',
    `${instance}/attributes`,
  ],
  [
    'v4 schema_version wrong type',
    v4((d) => (d.resources[0].instances[0].schema_version = '1')),
    'WRONG_TYPE',
    `${instance}/schema_version`,
  ],
  [
    'v4 dependencies wrong type',
    v4((d) => (d.resources[0].instances[0].dependencies = [SECRET, 1])),
    'WRONG_TYPE',
    `${instance}/dependencies`,
  ],
  [
    'v4 depends_on wrong type',
    v4((d) => (d.resources[0].instances[0].depends_on = SECRET)),
    'WRONG_TYPE',
    `${instance}/depends_on`,
  ],
  [
    'v4 instance provider wrong type',
    v4((d) => (d.resources[0].instances[0].provider = 1)),
    'WRONG_TYPE',
    `${instance}/provider`,
  ],
  [
    'v4 deposed wrong type',
    v4((d) => (d.resources[0].instances[0].deposed = 1)),
    'WRONG_TYPE',
    `${instance}/deposed`,
  ],
  [
    'v4 identity wrong type',
    v4((d) => (d.resources[0].instances[0].identity = SECRET)),
    'WRONG_TYPE',
    `${instance}/identity`,
  ],
  [
    'v4 private wrong type',
    v4((d) => (d.resources[0].instances[0].private = 1)),
    'WRONG_TYPE',
    `${instance}/private`,
  ],
  ['v4 outputs wrong type', v4((d) => (d.outputs = [SECRET])), 'WRONG_TYPE', '/outputs'],
  [
    'v4 output sensitive wrong type',
    v4((d) => (d.outputs.o.sensitive = 'yes')),
    'WRONG_TYPE',
    '/outputs/o/sensitive',
  ],
  [
    'v4 terraform_version wrong type',
    v4((d) => (d.terraform_version = 1)),
    'WRONG_TYPE',
    '/terraform_version',
  ],
  ['v4 lineage wrong type', v4((d) => (d.lineage = 1)), 'WRONG_TYPE', '/lineage'],
  [
    'v4 check_results wrong type',
    v4((d) => (d.check_results = SECRET)),
    'WRONG_TYPE',
    '/check_results',
  ],
  [
    'v4 check result not an object',
    v4((d) => (d.check_results[0] = 1)),
    'WRONG_TYPE',
    '/check_results/0',
  ],
  [
    'v4 check result missing status',
    v4((d) => delete d.check_results[0].status),
    'MISSING_FIELD',
    '/check_results/0/status',
  ],
  [
    'v4 check result kind wrong type',
    v4((d) => (d.check_results[0].object_kind = 1)),
    'WRONG_TYPE',
    '/check_results/0/object_kind',
  ],
  [
    'v4 check objects wrong type',
    v4((d) => (d.check_results[0].objects = SECRET)),
    'WRONG_TYPE',
    '/check_results/0/objects',
  ],
  [
    'v4 check object not an object',
    v4((d) => (d.check_results[0].objects[0] = 1)),
    'WRONG_TYPE',
    '/check_results/0/objects/0',
  ],
  [
    'v4 check object addr missing',
    v4((d) => delete d.check_results[0].objects[0].object_addr),
    'WRONG_TYPE',
    '/check_results/0/objects/0/object_addr',
  ],
  ['v3 modules wrong type', v3((d) => (d.modules = SECRET)), 'WRONG_TYPE', '/modules'],
  ['v3 module not an object', v3((d) => (d.modules[0] = SECRET)), 'WRONG_TYPE', '/modules/0'],
  ['v3 path wrong type', v3((d) => (d.modules[0].path = SECRET)), 'WRONG_TYPE', '/modules/0/path'],
  [
    'v3 outputs wrong type',
    v3((d) => (d.modules[0].outputs = SECRET)),
    'WRONG_TYPE',
    '/modules/0/outputs',
  ],
  [
    'v3 resources wrong type',
    v3((d) => (d.modules[0].resources = SECRET)),
    'WRONG_TYPE',
    '/modules/0/resources',
  ],
  [
    'v3 deposed wrong type',
    v3((d) => (d.modules[0].resources['t.n'].deposed = SECRET)),
    'WRONG_TYPE',
    '/modules/0/resources/t.n/deposed',
  ],
  [
    'v3 primary not an object',
    v3((d) => (d.modules[0].resources['t.n'].primary = SECRET)),
    'WRONG_TYPE',
    '/modules/0/resources/t.n/primary',
  ],
  [
    'v3 attributes wrong type',
    v3((d) => (d.modules[0].resources['t.n'].primary.attributes = SECRET)),
    'WRONG_TYPE',
    '/modules/0/resources/t.n/primary/attributes',
  ],
  ['show values wrong type', show((d) => (d.values = SECRET)), 'WRONG_TYPE', '/values'],
  [
    'show resources wrong type',
    show((d) => (d.values.root_module.resources = SECRET)),
    'WRONG_TYPE',
    '/values/root_module/resources',
  ],
  [
    'show resource not an object',
    show((d) => (d.values.root_module.resources[0] = SECRET)),
    'WRONG_TYPE',
    '/values/root_module/resources/0',
  ],
  [
    'show mode invalid',
    show((d) => (d.values.root_module.resources[0].mode = 'other')),
    'INVALID_VALUE',
    '/values/root_module/resources/0/mode',
  ],
  [
    'show index wrong type',
    show((d) => (d.values.root_module.resources[0].index = [SECRET])),
    'WRONG_TYPE',
    '/values/root_module/resources/0/index',
  ],
  [
    'show values of a resource wrong type',
    show((d) => (d.values.root_module.resources[0].values = SECRET)),
    'WRONG_TYPE',
    '/values/root_module/resources/0/values',
  ],
  [
    'show child_modules wrong type',
    show((d) => (d.values.root_module.child_modules = SECRET)),
    'WRONG_TYPE',
    '/values/root_module/child_modules',
  ],
  [
    'show child module not an object',
    show((d) => (d.values.root_module.child_modules[0] = SECRET)),
    'WRONG_TYPE',
    '/values/root_module/child_modules/0',
  ],
  [
    'show child module without address',
    show((d) => delete d.values.root_module.child_modules[0].address),
    'MISSING_FIELD',
    '/values/root_module/child_modules/0/address',
  ],
  [
    'show root_module not an object',
    show((d) => (d.values.root_module = SECRET)),
    'WRONG_TYPE',
    '/values/root_module',
  ],
];

describe('shape errors', () => {
  it.each(CASES)('%s', (_name, document, reason, pointer) => {
    for (const input of [document, JSON.stringify(document)]) {
      let caught: unknown;
      try {
        parseState(input, { source: 'shape' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(StateParseError);
      const error = caught as StateParseError;
      expect(error.reason).toBe(reason);
      expect(error.pointer).toBe(pointer);
      expect(error.source).toBe('shape');
      expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(
        SECRET,
      );
    }
  });
});
