/**
 * The leaf canonicalizers on their own: CIDR/IP spellings and IAM policy equivalence
 * (including the cases that must stay different).
 */
import { describe, expect, it } from 'vitest';
import { canonicalCidr } from '../../src/packs/common/cidr.js';
import { canonicalPolicy } from '../../src/packs/hashicorp-aws/iam-policy.js';

describe('canonicalCidr', () => {
  it.each([
    ['2001:0DB8:0000::/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['10.000.0.1/08', '10.0.0.1/8'],
    [' 10.0.0.0/8 ', '10.0.0.0/8'],
    ['10.0.0.0/8', '10.0.0.0/8'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalCidr(input)).toBe(expected);
  });

  it('keeps host bits and leaves non-addresses alone', () => {
    expect(canonicalCidr('10.0.0.1/8')).not.toBe(canonicalCidr('10.0.0.0/8'));
    for (const text of ['sg-123', '256.0.0.1', '1:2:3', '1::2::3', '10.0.0.0/x', 'pl-1234']) {
      expect(canonicalCidr(text)).toBe(text.trim());
    }
  });
});

describe('canonicalPolicy', () => {
  const doc = (statement: unknown, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statement });
  const same = (a: string, b: string): boolean => canonicalPolicy(a) === canonicalPolicy(b);

  it('condition values are sets and true ≡ "true"', () => {
    const a = doc([
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': true }, StringEquals: { 'aws:x': ['b', 'a'] } },
      },
    ]);
    const b = doc([
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:x': ['a', 'b'] },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
    ]);
    expect(same(a, b)).toBe(true);
    const c = b.replace('"true"', '"false"');
    expect(same(a, c)).toBe(false);
  });

  it('Principal "*" ≡ {"AWS":"*"}; NotPrincipal and NotAction are sets', () => {
    const a = doc({ Effect: 'Deny', Principal: '*', NotAction: ['b:B', 'a:A'], Resource: '*' });
    const b = doc({
      Effect: 'Deny',
      Principal: { AWS: ['*'] },
      NotAction: ['a:A', 'b:B'],
      Resource: '*',
    });
    expect(same(a, b)).toBe(true);
  });

  it('Sid, Version and Id must match; duplicate statements collapse', () => {
    const s = { Effect: 'Allow', Action: 'a:A', Resource: '*' };
    expect(same(doc([{ ...s, Sid: 'one' }]), doc([{ ...s, Sid: 'two' }]))).toBe(false);
    expect(same(doc([s]), doc([s], { Version: '2008-10-17' }))).toBe(false);
    expect(same(doc([s]), doc([s], { Id: 'x' }))).toBe(false);
    expect(same(doc([s]), doc([s, s]))).toBe(true);
  });

  it('empty documents, non-JSON and URL-encoded text', () => {
    expect(canonicalPolicy('')).toBe(canonicalPolicy('{}'));
    expect(canonicalPolicy('not json')).toBeNull();
    expect(canonicalPolicy('%E0%A4%A')).toBeNull();
    const text = doc({ Effect: 'Allow', Action: 'a:A', Resource: '*' });
    expect(canonicalPolicy(encodeURIComponent(text))).toBe(canonicalPolicy(text));
    expect(canonicalPolicy('[1,2]')).toBe('[1,2]');
  });

  it('different resources or effects are different policies', () => {
    const s = { Effect: 'Allow', Action: 'a:A', Resource: 'arn:1' };
    expect(same(doc(s), doc({ ...s, Resource: 'arn:2' }))).toBe(false);
    expect(same(doc(s), doc({ ...s, Effect: 'Deny' }))).toBe(false);
    expect(same(doc(s), doc({ ...s, Resource: 'ARN:1' }))).toBe(false);
  });
});
