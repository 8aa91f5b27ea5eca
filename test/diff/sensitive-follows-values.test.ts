/**
 * Redaction follows secret values, not only the positions the state names: through
 * `tags_all` mirroring, set matching, re-keyed maps, JSON text, and (for states that record
 * `sensitive_attributes: []`) through the provider schemas' sensitive attributes and secret
 * names at any depth.
 */
import { describe, expect, it } from 'vitest';
import { diffResource } from '../../src/diff/diff-resource.js';
import { REDACTED } from '../../src/diff/redaction.js';
import { isSecretName } from '../../src/shared/secret-names.js';

function leaks(result: unknown, ...secrets: string[]): string[] {
  const text = JSON.stringify(result);
  return secrets.filter((s) => text.includes(s));
}

describe('redaction follows values', () => {
  it('a sensitive /tags/Owner diffed on /tags_all/Owner is redacted on both sides', () => {
    const state = {
      id: 'i-1',
      tags: { Owner: 'owner-secret-old-1a2b' },
      tags_all: { Owner: 'owner-secret-old-1a2b' },
    };
    const live = {
      id: 'i-1',
      tags: { Owner: 'owner-secret-new-3c4d' },
      tags_all: { Owner: 'owner-secret-new-3c4d' },
    };
    const result = diffResource(state, live, {
      type: 'aws_instance',
      address: 'aws_instance.a',
      sensitivePaths: ['/tags/Owner'],
    });
    expect(result.changes.map((c) => c.path)).toEqual(['/tags_all/Owner']);
    expect(result.changes[0]).toMatchObject({ expected: REDACTED, actual: REDACTED });
    expect(leaks(result, 'owner-secret')).toEqual([]);
  });

  it('a set element whose sensitive member drifted is redacted in `add /ingress/-`', () => {
    const rule = (description: string) => ({
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
      cidr_blocks: ['10.0.0.0/8'],
      description,
    });
    const result = diffResource(
      { id: 'sg-1', ingress: [rule('desc-secret-old-5e6f')] },
      { id: 'sg-1', ingress: [rule('desc-secret-new-7a8b')] },
      {
        type: 'aws_security_group',
        address: 'aws_security_group.a',
        sensitivePaths: ['/ingress/0/description'],
      },
    );
    const add = result.patch.find((op) => op.op === 'add');
    expect(add?.path).toBe('/ingress/-');
    expect((add as { value: Record<string, unknown> }).value).toMatchObject({
      from_port: 443,
      description: REDACTED,
    });
    expect(leaks(result, 'desc-secret')).toEqual([]);
  });

  it('a secret moved under a new map key is redacted in `add`', () => {
    const result = diffResource(
      { function_name: 'f', environment: [{ variables: { OLD_NAME: 'moved-secret-9c0d1e' } }] },
      { function_name: 'f', environment: [{ variables: { NEW_NAME: 'moved-secret-9c0d1e' } }] },
      {
        type: 'aws_lambda_function',
        address: 'aws_lambda_function.f',
        sensitivePaths: ['/environment/0/variables/OLD_NAME'],
      },
    );
    expect(result.patch).toContainEqual({
      op: 'add',
      path: '/environment/0/variables/NEW_NAME',
      value: REDACTED,
    });
    expect(leaks(result, 'moved-secret')).toEqual([]);
  });

  it('a secret copied into another attribute or embedded in a longer string is redacted', () => {
    const result = diffResource(
      { password: 'copied-secret-2f3a4b', description: 'd' },
      { password: 'copied-secret-2f3a4b', description: 'was copied-secret-2f3a4b here' },
      { type: 'aws_db_instance', address: 'aws_db_instance.d' },
    );
    expect(result.changes).toEqual([
      {
        op: 'replace',
        path: '/description',
        expected: 'd',
        actual: REDACTED,
        sensitive: true,
      },
    ]);
  });

  it('ECS container definitions (JSON text): secret env pairs are redacted inside, the rest stays', () => {
    const defs = (token: string, image: string) =>
      JSON.stringify([
        {
          name: 'app',
          image,
          environment: [
            { name: 'GITHUB_TOKEN', value: token },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
        },
      ]);
    const result = diffResource(
      { container_definitions: defs('ghp_oldtoken1234', 'app:1') },
      { container_definitions: defs('ghp_newtoken5678', 'app:2') },
      { type: 'aws_ecs_task_definition', address: 'aws_ecs_task_definition.t' },
    );
    expect(leaks(result, 'ghp_oldtoken1234', 'ghp_newtoken5678')).toEqual([]);
    expect(JSON.stringify(result.changes)).toContain('app:2');
    expect(result.changes[0]?.sensitive).toBe(true);
  });

  it('the value of a { name, value } pair is redacted when only the value changed', () => {
    const env = (value: string) => [{ name: 'DB_PASSWORD', value }];
    const result = diffResource(
      { spec: [{ env: env('pair-secret-old-77') }] },
      { spec: [{ env: env('pair-secret-new-88') }] },
      { type: 'kubernetes_deployment', address: 'kubernetes_deployment.d' },
    );
    expect(result.changes.map((c) => c.path)).toEqual(['/spec/0/env/0/value']);
    expect(leaks(result, 'pair-secret')).toEqual([]);
  });

  it('revealSensitive still shows values that were redacted by value', () => {
    const result = diffResource(
      { password: 'shown-secret-5a5a', note: 'a' },
      { password: 'shown-secret-5a5a', note: 'shown-secret-5a5a' },
      { type: 'aws_db_instance', address: 'aws_db_instance.d', revealSensitive: true },
    );
    expect(result.changes).toEqual([
      { op: 'replace', path: '/note', expected: 'a', actual: 'shown-secret-5a5a', sensitive: true },
    ]);
  });
});

/**
 * Secret-like attributes of states that record `sensitive_attributes: []` (Terraform 1.7 and
 * older): each is redacted by the provider schema or by its name alone.
 */
const UNMARKED: [type: string, path: string, state: Record<string, unknown>][] = [
  ['random_password', '/result', { result: 'PLANT' }],
  ['random_password', '/bcrypt_hash', { bcrypt_hash: 'PLANT' }],
  ['kubernetes_secret', '/data/tls.key', { data: { 'tls.key': 'PLANT' } }],
  ['kubernetes_secret_v1', '/binary_data/blob', { binary_data: { blob: 'PLANT' } }],
  ['github_actions_secret', '/plaintext_value', { plaintext_value: 'PLANT' }],
  ['vault_generic_secret', '/data_json', { data_json: 'PLANT' }],
  ['vault_kv_secret_v2', '/data/k', { data: { k: 'PLANT' } }],
  ['tls_private_key', '/private_key_pem', { private_key_pem: 'PLANT' }],
  ['datadog_api_key', '/key', { key: 'PLANT' }],
  ['cloudflare_api_token', '/value', { value: 'PLANT' }],
  ['google_service_account_key', '/private_key', { private_key: 'PLANT' }],
  ['azurerm_key_vault_secret', '/value', { value: 'PLANT' }],
  ['azurerm_linux_virtual_machine', '/custom_data', { custom_data: 'PLANT' }],
  ['aws_db_instance', '/password', { password: 'PLANT' }],
  ['aws_iam_access_key', '/secret', { secret: 'PLANT' }],
  ['aws_ssm_parameter', '/value', { value: 'PLANT' }],
  ['aws_api_gateway_api_key', '/value', { value: 'PLANT' }],
  ['aws_appsync_api_key', '/key', { key: 'PLANT' }],
  ['aws_amplify_app', '/access_token', { access_token: 'PLANT' }],
  [
    'aws_lb_listener',
    '/default_action/0/authenticate_oidc/0/client_secret',
    {
      default_action: [{ authenticate_oidc: [{ client_secret: 'PLANT' }] }],
    },
  ],
  ['helm_release', '/set_sensitive/0/value', { set_sensitive: [{ name: 'a', value: 'PLANT' }] }],
  ['custom_thing', '/access_token', { access_token: 'PLANT' }],
  ['custom_thing', '/api_token', { api_token: 'PLANT' }],
  ['custom_thing', '/passphrase', { passphrase: 'PLANT' }],
  ['custom_thing', '/settings/0/admin_password', { settings: [{ admin_password: 'PLANT' }] }],
  ['custom_thing', '/env/GITHUB_TOKEN', { env: { GITHUB_TOKEN: 'PLANT' } }],
  ['custom_thing', '/env/AWS_SECRET_ACCESS_KEY', { env: { AWS_SECRET_ACCESS_KEY: 'PLANT' } }],
  ['custom_thing', '/env/AWS_SESSION_TOKEN', { env: { AWS_SESSION_TOKEN: 'PLANT' } }],
  ['custom_thing', '/env/STRIPE_KEY', { env: { STRIPE_KEY: 'PLANT' } }],
  ['custom_thing', '/env/DATABASE_URL', { env: { DATABASE_URL: 'PLANT' } }],
  ['custom_thing', '/config/clientSecret', { config: { clientSecret: 'PLANT' } }],
  ['custom_thing', '/ses_smtp_password_v4', { ses_smtp_password_v4: 'PLANT' }],
  ['custom_thing', '/secret_string_wo', { secret_string_wo: 'PLANT' }],
  ['custom_thing', '/private_key_pem_pkcs8', { private_key_pem_pkcs8: 'PLANT' }],
  ['custom_thing', '/primary_blob_connection_string', { primary_blob_connection_string: 'PLANT' }],
  ['custom_thing', '/args/--DB_PASSWORD', { args: { '--DB_PASSWORD': 'PLANT' } }],
];

function replacePlant(value: unknown, secret: string): unknown {
  if (value === 'PLANT') return secret;
  if (Array.isArray(value)) return value.map((v) => replacePlant(v, secret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlant(v, secret)]));
  }
  return value;
}

describe('states without sensitive_attributes', () => {
  it.each(UNMARKED)('%s %s is redacted with no sensitive paths', (type, path, shape) => {
    const before = `plant-${type}-old-${path}`;
    const after = `plant-${type}-new-${path}`;
    const result = diffResource(
      { id: 'x', ...(replacePlant(shape, before) as Record<string, unknown>) },
      { id: 'x', ...(replacePlant(shape, after) as Record<string, unknown>) },
      { type, address: `${type}.x`, sensitivePaths: [] },
    );
    expect(result.changes.length).toBeGreaterThan(0);
    expect(result.changes.every((c) => c.sensitive)).toBe(true);
    expect(leaks(result, before, after)).toEqual([]);
  });

  it('names that only mention a secret stay visible', () => {
    for (const name of [
      'password_reset_required',
      'manage_master_user_password_rotation',
      'secret_arn',
      'kms_key_id',
      'token_expiry',
      'public_key',
      'key_name',
      'AWS_ACCESS_KEY_ID',
      'description',
      'secret_name',
      'tokenizer',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
    for (const name of ['dbPassword', 'MasterUserPassword', 'SecretString', 'x-api-key']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('a boolean under a secret name is not redacted', () => {
    const result = diffResource(
      { manage_master_user_password: false },
      { manage_master_user_password: true },
      { type: 'custom_thing', address: 'custom_thing.x' },
    );
    expect(result.changes).toEqual([
      {
        op: 'replace',
        path: '/manage_master_user_password',
        expected: false,
        actual: true,
        sensitive: false,
      },
    ]);
  });
});
