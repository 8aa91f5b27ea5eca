import { describe, expect, it } from 'vitest';
import { diffResource } from '../../src/diff/diff-resource.js';
import { REDACTED } from '../../src/diff/redaction.js';

const base = { type: 'aws_instance', address: 'aws_instance.a' };

describe('sensitive values', () => {
  it('state sensitive paths are redacted in both patch and changes, the change still reported', () => {
    const result = diffResource(
      { user_data: 'old-secret' },
      { user_data: 'new-secret' },
      {
        ...base,
        sensitivePaths: ['/user_data'],
      },
    );
    expect(result.patch).toEqual([{ op: 'replace', path: '/user_data', value: REDACTED }]);
    expect(result.changes).toEqual([
      { op: 'replace', path: '/user_data', expected: REDACTED, actual: REDACTED, sensitive: true },
    ]);
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('revealSensitive shows the values, still marked sensitive', () => {
    const result = diffResource(
      { user_data: 'a' },
      { user_data: 'b' },
      {
        ...base,
        sensitivePaths: ['/user_data'],
        revealSensitive: true,
      },
    );
    expect(result.patch).toEqual([{ op: 'replace', path: '/user_data', value: 'b' }]);
    expect(result.changes).toEqual([
      { op: 'replace', path: '/user_data', expected: 'a', actual: 'b', sensitive: true },
    ]);
  });

  it('a sensitive path covers its descendants, and secrets inside a changed container are redacted', () => {
    const nested = diffResource(
      { settings: { a: { b: 'x' } } },
      { settings: { a: { b: 'y' } } },
      {
        ...base,
        sensitivePaths: ['/settings'],
      },
    );
    expect(nested.patch).toEqual([{ op: 'replace', path: '/settings/a/b', value: REDACTED }]);
    const inside = diffResource(
      {},
      { settings: { user: 'u', key: 'k' } },
      {
        ...base,
        sensitivePaths: ['/settings/key'],
      },
    );
    expect(inside.patch).toEqual([
      { op: 'add', path: '/settings', value: { user: 'u', key: REDACTED } },
    ]);
    expect(inside.changes[0]?.sensitive).toBe(true);
  });

  it('known secret attribute names are redacted even when state does not mark them', () => {
    const result = diffResource(
      { name: 'n', master_password: 'p1', config: [{ client_secret: 's1', id: 'x' }] },
      { name: 'n', master_password: 'p2', config: [{ client_secret: 's2', id: 'x' }] },
      { type: 'custom_thing', address: 'custom_thing.a' },
    );
    expect(result.patch).toEqual([
      { op: 'replace', path: '/master_password', value: REDACTED },
      { op: 'replace', path: '/config/0/client_secret', value: REDACTED },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/p1|p2|s1|s2/);
  });

  it("rules' sensitive globs redact (secret_string of a secret version)", () => {
    const result = diffResource(
      { secret_string: '{"a":1}' },
      { secret_string: '{"a":2}' },
      {
        type: 'aws_secretsmanager_secret_version',
        address: 'aws_secretsmanager_secret_version.v',
      },
    );
    expect(result.changes).toEqual([
      {
        op: 'replace',
        path: '/secret_string',
        expected: REDACTED,
        actual: REDACTED,
        sensitive: true,
      },
    ]);
    const ssm = diffResource(
      { value: 'a' },
      { value: 'b' },
      { type: 'aws_ssm_parameter', address: 'aws_ssm_parameter.p' },
    );
    expect(ssm.patch).toEqual([{ op: 'replace', path: '/value', value: REDACTED }]);
  });

  it('a removed secret does not leak through changes; set elements added with secrets are redacted', () => {
    const removed = diffResource({ token: 't0p' }, {}, { type: 'x_y', address: 'x_y.z' });
    expect(removed.patch).toEqual([{ op: 'remove', path: '/token' }]);
    expect(removed.changes).toEqual([
      { op: 'remove', path: '/token', expected: REDACTED, sensitive: true },
    ]);
    const added = diffResource(
      { users: [] },
      { users: [{ name: 'a', password: 'pw' }] },
      {
        type: 'x_y',
        address: 'x_y.z',
        rules: { x_y: { sets: ['/users'] } },
      },
    );
    expect(added.patch).toEqual([
      { op: 'add', path: '/users/-', value: { name: 'a', password: REDACTED } },
    ]);
  });

  it('pointer-escaped sensitive paths match', () => {
    const result = diffResource(
      { m: { 'a/b': 1 } },
      { m: { 'a/b': 2 } },
      {
        ...base,
        sensitivePaths: ['/m/a~1b'],
      },
    );
    expect(result.patch).toEqual([{ op: 'replace', path: '/m/a~1b', value: REDACTED }]);
  });
});
