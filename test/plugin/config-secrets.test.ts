import { describe, expect, it } from 'vitest';
import {
  addSecrets,
  secretConfigValues,
  secretEnvValues,
  sensitiveConfigValues,
} from '../../src/plugin/config-secrets.js';
import type { SchemaAttribute, SchemaBlock } from '../../src/plugin/schema.js';

function attr(name: string, extra: Partial<SchemaAttribute> = {}): SchemaAttribute {
  return {
    name,
    type: 'string',
    required: false,
    optional: true,
    computed: false,
    sensitive: false,
    writeOnly: false,
    ...extra,
  } as SchemaAttribute;
}

describe('which configuration values are secrets', () => {
  it('by name, at any depth: everything under a secret name, nothing under region or endpoints', () => {
    const values = secretConfigValues({
      region: 'eu-west-1',
      profile: 'prod-admin',
      access_key: 'AKIAEXAMPLE0001',
      secret_key: 'wJalrXUtnFEMI/K7MDENG',
      endpoints: [{ s3: 'http://127.0.0.1:4569', dynamodb: 'http://127.0.0.1:4567' }],
      assume_role: [{ role_arn: 'arn:aws:iam::1:role/x', session_token: 'FwoGZXIvYXdzEXAMPLE' }],
      credentials: { client: 'abc-client', list: ['first-secret', 42424242] },
      max_retries: 25,
      token: 'abc', // too short to scrub without mangling words
    });
    expect(values.sort()).toEqual(
      [
        'AKIAEXAMPLE0001',
        'wJalrXUtnFEMI/K7MDENG',
        'FwoGZXIvYXdzEXAMPLE',
        'abc-client',
        'first-secret',
        '42424242',
      ].sort(),
    );
  });

  it('by the provider schema: sensitive and write-only attributes, in nested blocks and nested attributes, whatever their names', () => {
    const block: SchemaBlock = {
      attributes: [
        attr('region'),
        attr('magic', { sensitive: true }),
        attr('once', { writeOnly: true }),
        attr('opts', {
          nested: { nesting: 'MAP', attributes: [attr('label'), attr('pin', { sensitive: true })] },
        }),
      ],
      blockTypes: [
        {
          name: 'login',
          nesting: 'LIST',
          block: { attributes: [attr('user'), attr('word', { sensitive: true })], blockTypes: [] },
        },
        {
          name: 'single',
          nesting: 'SINGLE',
          block: { attributes: [attr('cert', { sensitive: true })], blockTypes: [] },
        },
      ],
    };
    const values = sensitiveConfigValues(block, {
      region: 'eu-west-1',
      magic: 'open-sesame',
      once: ['write-only-1', { deep: 'write-only-2' }],
      opts: { a: { label: 'visible-a', pin: '12345678' }, b: { label: 'visible-b' } },
      login: [{ user: 'alice-user', word: 'swordfish' }, { word: 'trout-fish' }],
      single: { cert: 'MIIB-cert-body' },
      unknown_attribute: 'not-in-schema',
    });
    expect(values.sort()).toEqual(
      [
        'open-sesame',
        'write-only-1',
        'write-only-2',
        '12345678',
        'swordfish',
        'trout-fish',
        'MIIB-cert-body',
      ].sort(),
    );
    expect(sensitiveConfigValues(block, 'not an object')).toEqual([]);
  });

  it('by environment variable name: credentials yes, region and paths of the machine no', () => {
    expect(
      secretEnvValues({
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI',
        AWS_SESSION_TOKEN: 'IQoJb3JpZ2luEXAMPLE',
        GITHUB_TOKEN: 'ghp_example_value',
        TF_VAR_db_password: 'hunter22',
        AWS_REGION: 'eu-west-1',
        HOME: '/home/someone',
        TF_LOG: 'WARN',
        EMPTY_TOKEN: undefined,
      }).sort(),
    ).toEqual(['IQoJb3JpZ2luEXAMPLE', 'ghp_example_value', 'hunter22', 'wJalrXUtnFEMI'].sort());
  });

  it('survives hostile depth without overflowing', () => {
    let deep: unknown = { password: 'bottom-secret' };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    // No provider schema nests that deep; the walk stops rather than overflow the stack.
    expect(() => secretConfigValues(deep)).not.toThrow();
    expect(secretConfigValues({ a: { b: { c: { token: 'near-secret' } } } })).toEqual([
      'near-secret',
    ]);
  });

  it('adds each secret once, however often a session starts again', () => {
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) addSecrets(secrets, ['open-sesame', 'swordfish', 'open-sesame']);
    expect(secrets).toEqual(['open-sesame', 'swordfish']);
  });
});
