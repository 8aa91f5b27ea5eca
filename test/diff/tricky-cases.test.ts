/**
 * Tricky comparisons seen in real drift reports, numbered for reference. Cases marked drift must
 * report it, with the exact operation; every emitted patch must apply to the state value.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { diffResource } from '../../src/diff/diff-resource.js';
import { applied } from './helpers.js';

function check(type: string, expected: Record<string, unknown>, actual: Record<string, unknown>) {
  const result = diffResource(expected, actual, {
    type,
    address: `${type}.t`,
    revealSensitive: true,
  });
  // Whatever it emits must apply cleanly.
  applied(expected, result.patch);
  return result;
}

const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

describe('tricky cases', () => {
  it('1: URL-encoded, pretty-printed, Statement as object, Action as array: no drift', () => {
    const live = encodeURIComponent(
      JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
        },
        null,
        2,
      ),
    );
    expect(
      check('aws_iam_policy', { policy: JSON.stringify(doc) }, { policy: live }).patch,
    ).toEqual([]);
  });

  it('2: account id principal ≡ its :root ARN: no drift', () => {
    const a = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' },
      ],
    });
    const b = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    expect(
      check('aws_iam_role', { assume_role_policy: a }, { assume_role_policy: b }).patch,
    ).toEqual([]);
  });

  it('3: an action removed from a policy is drift: replace of the string attribute', () => {
    const a = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }],
    });
    const b = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: '*' }],
    });
    const result = check('aws_iam_policy', { policy: a }, { policy: b });
    expect(result.patch).toEqual([{ op: 'replace', path: '/policy', value: b }]);
    expect(result.changes).toEqual([
      { op: 'replace', path: '/policy', expected: a, actual: b, sensitive: false },
    ]);
  });

  const https = {
    protocol: 'tcp',
    from_port: 443,
    to_port: 443,
    cidr_blocks: ['10.0.0.0/8', '10.1.0.0/16'],
    self: false,
  };
  const http = {
    protocol: 'tcp',
    from_port: 80,
    to_port: 80,
    cidr_blocks: ['0.0.0.0/0'],
    self: false,
  };

  it('4: security group rules reversed, protocol "6", CIDRs reordered: no drift', () => {
    const live = {
      ingress: [
        { ...http, protocol: '6' },
        { ...https, protocol: '6', cidr_blocks: ['10.1.0.0/16', '10.0.0.0/8'] },
      ],
    };
    expect(check('aws_security_group', { ingress: [https, http] }, live).patch).toEqual([]);
  });

  it('5: a rule added live is drift: add /ingress/-', () => {
    const ssh = {
      protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      cidr_blocks: ['0.0.0.0/0'],
      self: false,
    };
    const result = check('aws_security_group', { ingress: [https] }, { ingress: [https, ssh] });
    expect(result.patch).toEqual([{ op: 'add', path: '/ingress/-', value: ssh }]);
  });

  it('5b: a change inside a set element is drift: remove + add', () => {
    const changed = { ...https, to_port: 444 };
    const result = check(
      'aws_security_group',
      { ingress: [http, https] },
      { ingress: [changed, http] },
    );
    expect(result.patch).toEqual([
      { op: 'remove', path: '/ingress/1' },
      { op: 'add', path: '/ingress/-', value: changed },
    ]);
  });

  it('6: an aws:* tag added live is not drift', () => {
    const tags = { Name: 'web', Env: 'prod' };
    expect(
      check(
        'aws_instance',
        { tags_all: tags },
        { tags_all: { ...tags, 'aws:cloudformation:stack-name': 'x' } },
      ).patch,
    ).toEqual([]);
  });

  it('7: a tag key holding "/" is escaped as ~1', () => {
    const result = check(
      'aws_subnet',
      { tags_all: { 'kubernetes.io/cluster/x': 'owned' } },
      { tags_all: { 'kubernetes.io/cluster/x': 'shared' } },
    );
    expect(result.patch).toEqual([
      { op: 'replace', path: '/tags_all/kubernetes.io~1cluster~1x', value: 'shared' },
    ]);
    expect(diff({ 'a~b': 1 }, { 'a~b': 2 })).toEqual([{ op: 'replace', path: '/a~0b', value: 2 }]);
  });

  it('8: [] ≡ absent and null ≡ "": no drift', () => {
    expect(
      check('aws_security_group', { ingress: [], description: null }, { description: '' }).patch,
    ).toEqual([]);
  });

  it('9: a CIDR list emptied live is drift: remove /cidr_blocks/0', () => {
    const result = check(
      'aws_security_group_rule',
      { cidr_blocks: ['10.0.0.0/8'] },
      { cidr_blocks: [] },
    );
    expect(result.patch).toEqual([{ op: 'remove', path: '/cidr_blocks/0' }]);
  });

  it('10: an ordered list reversed is drift (Lambda layers)', () => {
    const result = check('aws_lambda_function', { layers: ['A', 'B'] }, { layers: ['B', 'A'] });
    expect(result.patch).toEqual([
      { op: 'replace', path: '/layers/0', value: 'B' },
      { op: 'replace', path: '/layers/1', value: 'A' },
    ]);
  });

  it('11: "NONE" ≡ "none" and 443 ≡ "443" where the schema says so', () => {
    const rules = {
      aws_kinesis_stream: {
        caseInsensitive: ['/encryption_type'],
        coerce: { '/port': 'number' as const },
      },
    };
    const result = diffResource(
      { encryption_type: 'NONE', port: 443 },
      { encryption_type: 'none', port: '443' },
      { type: 'aws_kinesis_stream', address: 'aws_kinesis_stream.s', rules },
    );
    expect(result.patch).toEqual([]);
    expect(check('aws_db_instance', { port: 5432 }, { port: '5432' }).patch).toEqual([]);
  });

  it('12: a CIDR changed is drift', () => {
    expect(
      check('aws_vpc', { cidr_block: '10.0.0.0/16' }, { cidr_block: '10.0.0.0/24' }).patch,
    ).toEqual([{ op: 'replace', path: '/cidr_block', value: '10.0.0.0/24' }]);
  });

  it('13: arn and updated/volatile attributes differing: no drift (computed)', () => {
    expect(
      check(
        'aws_lambda_function',
        { arn: 'a', last_modified: '1', function_name: 'f' },
        { arn: 'b', last_modified: '2', function_name: 'f' },
      ).patch,
    ).toEqual([]);
  });

  it('14: a password not returned live is NOT_CHECKED', () => {
    const result = check(
      'aws_db_instance',
      { password: 's3cr3t', username: 'u' },
      { username: 'u' },
    );
    expect(result.patch).toEqual([]);
    expect(result.notChecked).toEqual(['/password']);
  });

  it('15: a big integer unchanged is not drift, whatever its spelling; a changed one is', () => {
    const big = 12345678901234567890n;
    expect(diff({ n: big }, { n: 12345678901234567890n })).toEqual([]);
    expect(diff({ n: big }, { n: '12345678901234567890' })).toEqual([]);
    // A live JSON.parse rounded it: indistinguishable, so not drift.
    expect(diff({ n: big }, { n: Number('12345678901234567890') })).toEqual([]);
    expect(diff({ n: Number('12345678901234567890') }, { n: '12345678901234567890' })).toEqual([]);
    const changed = diff({ n: big }, { n: 12345678901234567891n + 1000n });
    expect(changed).toEqual([{ op: 'replace', path: '/n', value: '12345678901234568891' }]);
    // Patches carry JSON only: an exact double stays a number, otherwise its digits.
    expect(diff({ n: 1 }, { n: 2n ** 60n })).toEqual([
      { op: 'replace', path: '/n', value: 2 ** 60 },
    ]);
    expect(JSON.stringify(changed)).toContain('12345678901234568891');
    // Inside sets too.
    expect(diff({ s: [big, 1] }, { s: [1, '12345678901234567890'] }, { sets: ['/s'] })).toEqual([]);
  });

  it('16: [a,b,c,d] → [a] removes /3, /2, /1 in that order', () => {
    const patch = diff({ l: ['a', 'b', 'c', 'd'] }, { l: ['a'] });
    expect(patch).toEqual([
      { op: 'remove', path: '/l/3' },
      { op: 'remove', path: '/l/2' },
      { op: 'remove', path: '/l/1' },
    ]);
    expect(applied({ l: ['a', 'b', 'c', 'd'] }, patch)).toEqual({ l: ['a'] });
    // A run removed from (or inserted into) the middle of an ordered list: only that run.
    expect(diff({ l: ['a', 'b', 'c', 'd', 'e'] }, { l: ['a', 'd', 'e'] })).toEqual([
      { op: 'remove', path: '/l/2' },
      { op: 'remove', path: '/l/1' },
    ]);
    const inserted = diff({ l: ['a', 'd'] }, { l: ['a', 'b', 'c', 'd'] });
    expect(inserted).toEqual([
      { op: 'add', path: '/l/1', value: 'b' },
      { op: 'add', path: '/l/2', value: 'c' },
    ]);
    expect(applied({ l: ['a', 'd'] }, inserted)).toEqual({ l: ['a', 'b', 'c', 'd'] });
    // Same for unmatched set elements.
    const setPatch = diff({ s: ['a', 'b', 'c', 'd'] }, { s: ['c'] }, { sets: ['/s'] });
    expect(setPatch.map((op) => op.path)).toEqual(['/s/3', '/s/1', '/s/0']);
  });
});
