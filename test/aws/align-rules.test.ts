import { describe, expect, it } from 'vitest';
import { alignRules } from '../../src/providers/aws/align-rules.js';
import type { InlineRule } from '../../src/providers/aws/align-rules.js';

const rule = (over: Partial<InlineRule>): InlineRule => ({
  cidr_blocks: [],
  description: '',
  from_port: 5432,
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  protocol: 'tcp',
  security_groups: [],
  self: false,
  to_port: 5432,
  ...over,
});

// AWS groups every source of one permission and description into one rule.
const live = [rule({ cidr_blocks: ['0.0.0.0/0'], security_groups: ['sg-a', 'sg-b'] })];

describe('alignRules (Terraform reads inline rules against the prior state)', () => {
  it('keeps the state split when the same sources exist live', () => {
    const prior = [
      rule({ cidr_blocks: ['0.0.0.0/0'] }),
      rule({ security_groups: ['sg-b'] }),
      rule({ security_groups: ['sg-a'] }),
    ];
    expect(alignRules(live, prior)).toEqual(prior);
  });

  it('matches protocol names and numbers, and string ports', () => {
    const prior = [
      {
        ...rule({ cidr_blocks: ['0.0.0.0/0'], security_groups: ['sg-a', 'sg-b'] }),
        protocol: '6',
        from_port: '5432',
      },
    ];
    expect(alignRules(live, prior)).toHaveLength(1);
  });

  it('appends live sources the state does not have, grouped like AWS', () => {
    const prior = [rule({ cidr_blocks: ['0.0.0.0/0'] })];
    expect(alignRules(live, prior)).toEqual([
      rule({ cidr_blocks: ['0.0.0.0/0'] }),
      rule({ security_groups: ['sg-a', 'sg-b'] }),
    ]);
  });

  it('drops a state rule whose source is gone, keeping what remains live', () => {
    const prior = [
      rule({ cidr_blocks: ['0.0.0.0/0', '10.0.0.0/8'] }),
      rule({ security_groups: ['sg-a', 'sg-b'] }),
    ];
    expect(alignRules(live, prior)).toEqual([
      rule({ security_groups: ['sg-a', 'sg-b'] }),
      rule({ cidr_blocks: ['0.0.0.0/0'] }),
    ]);
  });

  it('keeps self references and descriptions apart', () => {
    const withSelf = [
      rule({ self: true, description: 'peers' }),
      rule({ cidr_blocks: ['10.0.0.0/8'] }),
    ];
    const prior = [rule({ self: true, description: 'peers' })];
    expect(alignRules(withSelf, prior)).toEqual(withSelf);
    expect(alignRules(withSelf, [rule({ self: true })])).toEqual(withSelf);
  });

  it('returns the live rules as they are without a prior state', () => {
    expect(alignRules(live, undefined)).toEqual(live);
    expect(alignRules(live, [])).toEqual(live);
  });
});
