/**
 * One test (at least) per normalization rule of the diff engine (docs/diff.md). Each rule is shown to
 * suppress the equivalent spelling AND to still report a real change.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { diffResource, type DiffResourceOptions } from '../../src/diff/diff-resource.js';
import type { TypeRules } from '../../src/diff/types.js';
import { applied } from './helpers.js';

function resource(
  type: string,
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  extra: Partial<DiffResourceOptions> = {},
) {
  return diffResource(expected, actual, { type, address: `${type}.this`, ...extra });
}

const policy = (statement: unknown): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement });

describe('normalization rules', () => {
  it('1: computed and volatile attributes are dropped, real attributes are not', () => {
    const state = { identifier: 'db', latest_restorable_time: '2024-01-01T00:00:00Z', arn: 'a' };
    const live = { identifier: 'db', latest_restorable_time: '2025-01-01T00:00:00Z', arn: 'b' };
    expect(resource('aws_db_instance', state, live).patch).toEqual([]);
    expect(resource('aws_db_instance', state, { ...live, identifier: 'db2' }).patch).toEqual([
      { op: 'replace', path: '/identifier', value: 'db2' },
    ]);
  });

  it('2: normalization is symmetric (same function on both sides)', () => {
    const rules: TypeRules = { emptyEqualsNull: true, sets: ['/s'] };
    expect(diff({ a: [], s: [1, 2] }, { s: [2, 1] }, rules)).toEqual([]);
    expect(diff({ s: [2, 1] }, { a: [], s: [1, 2] }, rules)).toEqual([]);
  });

  it('3: JSON-in-string compared structurally; a real change replaces the string', () => {
    const rules: TypeRules = { json: ['/doc'] };
    expect(diff({ doc: '{"a":1,"b":2}' }, { doc: '{ "b":2, "a":1 }' }, rules)).toEqual([]);
    expect(diff({ doc: '{"a":1}' }, { doc: '{"a":2}' }, rules)).toEqual([
      { op: 'replace', path: '/doc', value: '{"a":2}' },
    ]);
    // A provider that returns the document already parsed.
    expect(diff({ doc: '{"a":[1,2]}' }, { doc: { a: [1, 2] } }, rules)).toEqual([]);
    expect(diff({ doc: '{"a":[1,2]}' }, { doc: { a: [2, 1] } }, rules)).toHaveLength(1);
    // Not JSON on either side: compared as plain strings.
    expect(diff({ doc: 'x' }, { doc: 'x' }, rules)).toEqual([]);
    expect(diff({ doc: 'x' }, { doc: 'y' }, rules)).toHaveLength(1);
  });

  it('4: IAM documents may arrive URL-encoded', () => {
    const doc = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const state = { name: 'r', policy: doc };
    expect(
      resource('aws_iam_role_policy', state, { name: 'r', policy: encodeURIComponent(doc) }).patch,
    ).toEqual([]);
    expect(
      resource('aws_iam_role_policy', state, { name: 'r', policy: '%7Bbroken' }).patch,
    ).toHaveLength(1);
  });

  it('5: statement order, scalar ≡ one-element array, Action/Resource as sets', () => {
    const a = policy([
      { Effect: 'Allow', Action: 's3:Get*', Resource: ['arn:1', 'arn:2'] },
      { Effect: 'Deny', Action: ['ec2:*'], Resource: '*' },
    ]);
    const b = policy([
      { Effect: 'Deny', Action: 'ec2:*', Resource: ['*'] },
      { Effect: 'Allow', Action: ['s3:Get*'], Resource: ['arn:2', 'arn:1'] },
    ]);
    expect(diff({ p: a }, { p: b }, { compare: { '/p': 'iam-policy' } })).toEqual([]);
  });

  it('6: a bare account id is its :root principal', () => {
    const a = policy({
      Effect: 'Allow',
      Principal: { AWS: '123456789012' },
      Action: 'sts:AssumeRole',
    });
    const b = policy({
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::123456789012:root'] },
      Action: 'sts:AssumeRole',
    });
    const other = policy({
      Effect: 'Allow',
      Principal: { AWS: '210987654321' },
      Action: 'sts:AssumeRole',
    });
    expect(
      resource('aws_iam_role', { assume_role_policy: a }, { assume_role_policy: b }).patch,
    ).toEqual([]);
    expect(
      resource('aws_iam_role', { assume_role_policy: a }, { assume_role_policy: other }).patch,
    ).toHaveLength(1);
  });

  it('7: case folding where the service is case-insensitive (values and IAM actions)', () => {
    expect(diff({ e: 'NONE' }, { e: 'none' }, { caseInsensitive: ['/e'] })).toEqual([]);
    expect(diff({ e: 'NONE' }, { e: 'none' })).toHaveLength(1);
    const a = policy({ Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: '*' });
    const b = policy({ Effect: 'allow', Action: 'IAM:listaccesskeys', Resource: '*' });
    expect(diff({ p: a }, { p: b }, { compare: { '/p': 'iam-policy' } })).toEqual([]);
  });

  it('8: DNS names ignore a trailing dot', () => {
    const state = { name: 'example.com', type: 'A', records: ['1.2.3.4'] };
    expect(resource('aws_route53_record', state, { ...state, name: 'Example.com.' }).patch).toEqual(
      [],
    );
    expect(
      resource('aws_route53_record', state, { ...state, name: 'example.org.' }).patch,
    ).toHaveLength(1);
  });

  it('9: null ≡ absent ≡ empty where allowed (and not without the rule)', () => {
    expect(
      resource('aws_vpc', { a: null, b: '', c: [], d: {} }, { b: null, c: null }).patch,
    ).toEqual([]);
    expect(diff({ a: null }, {}, { emptyEqualsNull: ['/a'] })).toEqual([]);
    expect(diff({ a: null }, {})).toEqual([{ op: 'remove', path: '/a' }]);
    expect(resource('aws_vpc', { description: null }, { description: 'x' }).patch).toEqual([
      { op: 'replace', path: '/description', value: 'x' },
    ]);
  });

  it('10: a default is suppressed only when live equals it and state is null or absent', () => {
    expect(
      resource('aws_iam_role', { max_session_duration: null }, { max_session_duration: 3600 })
        .patch,
    ).toEqual([]);
    expect(resource('aws_iam_role', {}, { max_session_duration: 3600 }).patch).toEqual([]);
    // An empty state value is null-equivalent under the `*` rules.
    expect(resource('aws_iam_role', { path: '' }, { path: '/' }).patch).toEqual([]);
    expect(resource('aws_iam_role', { path: '' }, { path: '/x/' }).patch).toHaveLength(1);
    expect(resource('aws_iam_role', {}, { max_session_duration: 7200 }).patch).toEqual([
      { op: 'add', path: '/max_session_duration', value: 7200 },
    ]);
    // Moving back to the default from an explicit value is drift.
    expect(
      resource('aws_iam_role', { max_session_duration: 7200 }, { max_session_duration: 3600 })
        .patch,
    ).toHaveLength(1);
  });

  it('11: sets are multisets of canonical elements', () => {
    const rules: TypeRules = { sets: ['/s'] };
    expect(diff({ s: [{ a: 1 }, { b: 2 }] }, { s: [{ b: 2 }, { a: 1 }] }, rules)).toEqual([]);
    // Multiplicity counts.
    expect(diff({ s: ['x', 'x'] }, { s: ['x'] }, rules)).toEqual([{ op: 'remove', path: '/s/1' }]);
    // Deterministic: the same live set in another order gives the same patch.
    const p1 = diff({ s: [] }, { s: ['b', 'a', 'c'] }, rules);
    const p2 = diff({ s: [] }, { s: ['c', 'b', 'a'] }, rules);
    expect(p1).toEqual(p2);
    expect(p1.map((op) => (op as { value: unknown }).value)).toEqual(
      ['"a"', '"b"', '"c"'].map((s) => JSON.parse(s)),
    );
  });

  it('12: scalar coercion by declared type', () => {
    const rules: TypeRules = { coerce: { '/n': 'number', '/b': 'boolean', '/s': 'string' } };
    expect(diff({ n: 443, b: true, s: 1 }, { n: '443', b: 'true', s: '1' }, rules)).toEqual([]);
    expect(diff({ n: 1 }, { n: '1.0' }, rules)).toEqual([]);
    expect(diff({ n: 1 }, { n: '2' }, rules)).toEqual([{ op: 'replace', path: '/n', value: '2' }]);
    expect(diff({ n: 443 }, { n: '443' })).toHaveLength(1);
  });

  it('13: protocol aliases', () => {
    const rule = { type: 'ingress', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] };
    expect(
      resource('aws_security_group_rule', { ...rule, protocol: 'tcp' }, { ...rule, protocol: '6' })
        .patch,
    ).toEqual([]);
    expect(
      resource('aws_security_group_rule', { ...rule, protocol: '-1' }, { ...rule, protocol: 'all' })
        .patch,
    ).toEqual([]);
    expect(
      resource(
        'aws_security_group_rule',
        { ...rule, protocol: 'tcp' },
        { ...rule, protocol: 'udp' },
      ).patch,
    ).toHaveLength(1);
  });

  it('14: CIDR and IP addresses compared in canonical form', () => {
    const rules: TypeRules = { compare: { '/c': 'cidr', '/l/*': 'cidr' } };
    expect(diff({ c: '2001:0db8:0000::/32' }, { c: '2001:db8::/32' }, rules)).toEqual([]);
    expect(diff({ l: ['::FFFF:10.0.0.1'] }, { l: ['::ffff:a00:1'] }, rules)).toEqual([]);
    expect(diff({ c: '10.0.0.0/16' }, { c: '10.0.0.0/24' }, rules)).toHaveLength(1);
  });

  it('15: a name equals the ARN that ends with it', () => {
    const state = { iam_instance_profile: 'web' };
    const live = { iam_instance_profile: 'arn:aws:iam::111111111111:instance-profile/web' };
    expect(resource('aws_instance', state, live).patch).toEqual([]);
    expect(
      resource('aws_instance', state, {
        iam_instance_profile: 'arn:aws:iam::1:instance-profile/db',
      }).patch,
    ).toHaveLength(1);
  });

  it('16: tags compared through tags_all, aws:* dropped, [{Key,Value}] ≡ map', () => {
    const state = { tags: { Name: 'web' }, tags_all: { Name: 'web', Env: 'prod' } };
    expect(
      resource('aws_instance', state, {
        tags: { Name: 'web', 'aws:cloudformation:stack-name': 's' },
        tags_all: { Name: 'web', Env: 'prod', 'aws:cloudformation:stack-name': 's' },
      }).patch,
    ).toEqual([]);
    // A live side that returns only `tags` is compared as `tags_all`.
    const onlyTags = resource('aws_instance', state, { tags: { Name: 'web', Env: 'dev' } });
    expect(onlyTags.patch).toEqual([{ op: 'replace', path: '/tags_all/Env', value: 'dev' }]);
    // The API's list form.
    const list = resource('aws_instance', state, {
      tags_all: [
        { Key: 'Env', Value: 'prod' },
        { Key: 'Name', Value: 'web' },
      ],
    });
    expect(list.patch).toEqual([]);
  });

  it('17: timestamps compared as instants', () => {
    const rules: TypeRules = { timestamps: ['/t'] };
    expect(
      diff({ t: '2024-01-01T00:00:00Z' }, { t: '2024-01-01T00:00:00.000+00:00' }, rules),
    ).toEqual([]);
    expect(diff({ t: '2024-01-01T00:00:00Z' }, { t: '2024-01-01T00:00:01Z' }, rules)).toHaveLength(
      1,
    );
  });

  it('19: ignore rules remove paths on both sides, then prune emptied containers', () => {
    const state = { name: 'x', annotations: { restartedAt: '1' } };
    const live = { name: 'x' };
    expect(
      resource('aws_instance', state, live, { ignorePaths: ['/annotations/restartedAt'] }).patch,
    ).toEqual([]);
    expect(resource('aws_instance', state, live).patch).toEqual([
      { op: 'remove', path: '/annotations' },
    ]);
    // Without empty-equals-null the pruning still applies (ignore leaves no `{}` behind).
    expect(diff({ m: { k: 1 } }, {}, { computed: ['/m/k'] })).toEqual([]);
    expect(diff({ m: { k: 1, j: 2 } }, {}, { computed: ['/m/k'] })).toEqual([
      { op: 'remove', path: '/m' },
    ]);
    // `**` matches any depth.
    expect(
      resource(
        'aws_instance',
        { a: { b: { LastScanned: 1 } } },
        { a: { b: { LastScanned: 2 } } },
        {
          ignorePaths: ['/**/LastScanned'],
        },
      ).patch,
    ).toEqual([]);
  });

  it('20: write-only values absent live are not checked (not drift)', () => {
    const result = resource(
      'aws_db_instance',
      { identifier: 'db', password: 's3cr3t' },
      { identifier: 'db' },
    );
    expect(result.patch).toEqual([]);
    expect(result.notChecked).toEqual(['/password']);
  });

  it('keyed lists match elements by key and diff them in place', () => {
    const rules: TypeRules = { keyedLists: { '/rule': 'id' } };
    const a = {
      rule: [
        { id: 'a', days: 1 },
        { id: 'b', days: 2 },
        { id: 'c', days: 3 },
      ],
    };
    const b = {
      rule: [
        { id: 'c', days: 3 },
        { id: 'a', days: 5 },
        { id: 'd', days: 4 },
      ],
    };
    const patch = diff(a, b, rules);
    expect(patch).toEqual([
      { op: 'replace', path: '/rule/0/days', value: 5 },
      { op: 'remove', path: '/rule/1' },
      { op: 'add', path: '/rule/-', value: { id: 'd', days: 4 } },
    ]);
    const result = applied(a, patch) as typeof a;
    expect(result.rule.map((r) => r.id).sort()).toEqual(['a', 'c', 'd']);
  });

  it('rules from options are merged over the built-in rules', () => {
    const state = { name: 'x', custom: [1, 2] };
    const live = { name: 'x', custom: [2, 1] };
    expect(resource('aws_instance', state, live).patch).toHaveLength(2);
    expect(
      resource('aws_instance', state, live, { rules: { aws_instance: { sets: ['/custom'] } } })
        .patch,
    ).toEqual([]);
    // A different rules object does not see the first one's compiled rules.
    expect(
      resource('aws_instance', state, live, { rules: { aws_vpc: { sets: ['/custom'] } } }).patch,
    ).toHaveLength(2);
    // `*` and provider-prefix keys apply too.
    expect(
      resource('aws_instance', state, live, { rules: { 'aws_*': { sets: ['/custom'] } } }).patch,
    ).toEqual([]);
  });
});

describe('documented examples', () => {
  it('the diff() TSDoc example and the docs/diff.md example give what they say', () => {
    expect(
      diff(
        { ingress: [{ port: 443 }, { port: 80 }], tags: { Env: 'prod' } },
        { ingress: [{ port: 80 }, { port: 443 }], tags: { Env: 'dev' } },
        { sets: ['/ingress'] },
      ),
    ).toEqual([{ op: 'replace', path: '/tags/Env', value: 'dev' }]);
    expect(
      diff(
        {
          ingress: [
            { protocol: 'tcp', port: 443 },
            { protocol: 'tcp', port: 80 },
          ],
          tags: { Env: 'prod' },
        },
        {
          ingress: [
            { protocol: '6', port: '80' },
            { protocol: 'tcp', port: 443 },
          ],
          tags: { Env: 'dev' },
        },
        {
          sets: ['/ingress'],
          compare: { '/ingress/*/protocol': 'ip-protocol' },
          coerce: { '/ingress/*/port': 'number' },
        },
      ),
    ).toEqual([{ op: 'replace', path: '/tags/Env', value: 'dev' }]);
  });
});
