import { describe, expect, it } from 'vitest';
import { diffResource } from '../../src/diff/diff-resource.js';
import { BUILTIN_RESOLVED } from '../../src/packs/builtin-packs.js';
import { applied } from './helpers.js';

describe('diffResource', () => {
  it('projection: only read attributes are compared; unread ones holding a value are notChecked', () => {
    const state = {
      name: 'a',
      instance_type: 't3.micro',
      user_data: 'x',
      ebs_optimized: null,
      arn: 'arn',
    };
    const live = { name: 'b', instance_type: 't3.large' };
    const result = diffResource(state, live, {
      type: 'aws_instance',
      address: 'aws_instance.a',
      read: ['name'],
    });
    expect(result.patch).toEqual([{ op: 'replace', path: '/name', value: 'b' }]);
    // Computed (`arn`) and empty (`ebs_optimized: null`) attributes are not reported.
    expect(result.notChecked).toEqual(['/instance_type', '/user_data']);
  });

  it('every patch applies to the state value and yields the live value up to normalization', () => {
    const state = {
      name: 'sg',
      ingress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] }],
      tags_all: { Name: 'sg', Owner: 'a' },
      arn: 'arn:1',
    };
    const live = {
      name: 'sg2',
      ingress: [
        { protocol: '6', from_port: '443', to_port: 443, cidr_blocks: ['10.0.0.0/8'] },
        { protocol: 'udp', from_port: 53, to_port: 53, cidr_blocks: ['10.0.0.0/8'] },
      ],
      tags_all: { Name: 'sg', Team: 'b', 'aws:x': 'y' },
      arn: 'arn:2',
    };
    const result = diffResource(state, live, {
      type: 'aws_security_group',
      address: 'aws_security_group.s',
    });
    const after = applied(state, result.patch) as Record<string, unknown>;
    expect(
      diffResource(after, live, { type: 'aws_security_group', address: 'aws_security_group.s' })
        .patch,
    ).toEqual([]);
    expect(result.changes.map((c) => `${c.op} ${c.path}`)).toEqual([
      'replace /name',
      'add /ingress/-',
      'remove /tags_all/Owner',
      'add /tags_all/Team',
    ]);
  });

  it('ignorePaths and built-in rules combine, and results do not leak between calls', () => {
    const state = { bucket: 'b', tags_all: { LastScanned: '1', Env: 'p' } };
    const live = { bucket: 'b', tags_all: { LastScanned: '2', Env: 'p' } };
    const opts = { type: 'aws_s3_bucket', address: 'aws_s3_bucket.b' };
    expect(
      diffResource(state, live, { ...opts, ignorePaths: ['/tags_all/LastScanned'] }).patch,
    ).toEqual([]);
    expect(diffResource(state, live, opts).patch).toHaveLength(1);
    expect(
      diffResource(state, live, { ...opts, ignorePaths: ['/tags_all/LastScanned'] }).patch,
    ).toEqual([]);
  });

  it('stays correct past the compiled-rules cache limit (many distinct ignore lists)', () => {
    const opts = { type: 'aws_vpc', address: 'aws_vpc.v' };
    for (let i = 0; i < 4200; i++) {
      const result = diffResource(
        { [`k${i}`]: 1, keep: 1 },
        { [`k${i}`]: 2, keep: 2 },
        {
          ...opts,
          ignorePaths: [`/k${i}`],
        },
      );
      if (result.patch.length !== 1) throw new Error(`wrong patch at ${i}`);
    }
    expect(diffResource({ k0: 1 }, { k0: 2 }, { ...opts, ignorePaths: ['/k0'] }).patch).toEqual([]);
  });

  it('handles a non-object live side and emits JSON values only', () => {
    const result = diffResource({ a: 1n, b: -0 }, null as unknown as Record<string, unknown>, {
      type: 'aws_vpc',
      address: 'aws_vpc.v',
      revealSensitive: true,
    });
    expect(result.patch).toEqual([
      { op: 'remove', path: '/a' },
      { op: 'remove', path: '/b' },
    ]);
    expect(result.changes[0]?.expected).toBe(1);
    expect(Object.is(result.changes[1]?.expected, 0)).toBe(true);
  });

  it('no built-in rule entry is an empty placeholder', () => {
    const empty = Object.entries(BUILTIN_RESOLVED.rules)
      .filter(
        ([, rules]) =>
          Object.values(rules as object).every((v) => Array.isArray(v) && v.length === 0) ||
          Object.keys(rules as object).length === 0,
      )
      .map(([type]) => type);
    expect(empty).toEqual([]);
  });

  // One behaviour per built-in entry named in docs/diff.md: without the entry, each pair
  // below would be drift.
  it.each([
    [
      'aws_instance',
      { vpc_security_group_ids: ['sg-1', 'sg-2'] },
      { vpc_security_group_ids: ['sg-2', 'sg-1'] },
    ],
    [
      'aws_route53_record',
      { name: 'www.example.com.', ttl: '300' },
      { name: 'WWW.example.com', ttl: 300 },
    ],
    [
      'aws_ecs_service',
      { load_balancer: [{ port: 1 }, { port: 2 }] },
      { load_balancer: [{ port: 2 }, { port: 1 }] },
    ],
    [
      'aws_lb',
      { load_balancer_type: 'application', dns_name: 'a' },
      { load_balancer_type: 'APPLICATION', dns_name: 'b' },
    ],
    ['aws_s3_bucket_versioning', { mfa: '123456 000000', bucket: 'b' }, { bucket: 'b' }],
    ['aws_s3_bucket_public_access_block', { skip_destroy: true, bucket: 'b' }, { bucket: 'b' }],
    [
      'google_compute_instance',
      { tags: ['a', 'b'], cpu_platform: 'x' },
      { tags: ['b', 'a'], cpu_platform: 'y' },
    ],
    ['google_storage_bucket', { storage_class: 'standard' }, { storage_class: 'STANDARD' }],
    ['google_project_iam_member', { etag: 'a' }, { etag: 'b' }],
    ['azurerm_storage_account', { primary_access_key: 'a' }, { primary_access_key: 'b' }],
    [
      'azurerm_virtual_network',
      { address_space: ['10.0.0.0/16', '10.1.0.0/16'] },
      { address_space: ['10.1.0.0/16', '10.0.0.0/16'] },
    ],
  ])('%s: its built-in rules make an equivalent live side in sync', (type, state, live) => {
    const opts = { type, address: `${type}.x` };
    expect(diffResource(state, live, opts).patch).toEqual([]);
    // The same pair is drift under rules of no type: the entry is what makes it equal.
    expect(diffResource(state, live, { ...opts, type: 'nothing_known' }).patch).not.toEqual([]);
  });

  it('a write-only value is reported as not checked, never as drift', () => {
    const result = diffResource(
      { bucket: 'b', mfa: '123456 000000' },
      { bucket: 'b' },
      { type: 'aws_s3_bucket_versioning', address: 'aws_s3_bucket_versioning.v' },
    );
    expect(result).toMatchObject({ patch: [], notChecked: ['/mfa'] });
  });

  it('provider-wide rules: azure locations, google self links', () => {
    expect(
      diffResource(
        { location: 'West Europe' },
        { location: 'westeurope' },
        {
          type: 'azurerm_resource_group',
          address: 'azurerm_resource_group.rg',
        },
      ).patch,
    ).toEqual([]);
    expect(
      diffResource(
        { self_link: 'a' },
        { self_link: 'b' },
        {
          type: 'google_compute_disk',
          address: 'google_compute_disk.d',
        },
      ).patch,
    ).toEqual([]);
  });
});
