import { describe, expect, it } from 'vitest';
import { ownedPartsReconciler } from '../../../src/detect/stages/reconcile-owned-parts.js';
import { makeInstance } from '../../../src/testing/make-instance.js';
import { BUILTIN_RESOLVED } from '../../../src/packs/builtin-packs.js';

const ruleOf = (over: Record<string, unknown>) => ({
  cidr_blocks: [],
  description: '',
  from_port: 443,
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  protocol: 'tcp',
  security_groups: [],
  self: false,
  to_port: 443,
  ...over,
});

const inline = ruleOf({ cidr_blocks: ['10.0.0.0/8'] });
const owned = ruleOf({ cidr_blocks: ['10.1.0.0/16'] });
const group = makeInstance({
  type: 'aws_security_group',
  name: 'web',
  attributes: { id: 'sg-web', name: 'web', ingress: [inline, owned] },
});
const separate = makeInstance({
  type: 'aws_vpc_security_group_ingress_rule',
  name: 'https',
  attributes: {
    id: 'sgr-1',
    security_group_id: 'sg-web',
    ip_protocol: 'tcp',
    from_port: 443,
    to_port: 443,
    cidr_ipv4: '10.1.0.0/16',
  },
});

describe('stage: reconcile owned parts', () => {
  it('gives the live side the state value of a part a separate resource owns', () => {
    const reconcile = ownedPartsReconciler([group, separate], BUILTIN_RESOLVED);
    // The separate rule is gone live: that is its own `missing`, not drift on the group.
    const live = { ...group.attributes, ingress: [inline] };
    const out = reconcile(group, group.attributes, live);
    // The owned source joins the live element of the same protocol and ports, as AWS keeps it.
    expect(out.ingress).toEqual([ruleOf({ cidr_blocks: ['10.0.0.0/8', '10.1.0.0/16'] })]);
    expect(live.ingress).toEqual([inline]); // the live side is not changed in place
  });

  it('leaves parts nobody owns as they are, so they still show as drift', () => {
    const reconcile = ownedPartsReconciler([group, separate], BUILTIN_RESOLVED);
    const added = ruleOf({ from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] });
    const live = { ...group.attributes, ingress: [inline, owned, added] };
    expect(reconcile(group, group.attributes, live).ingress).toContainEqual(added);
  });

  it('returns the live object itself when no other resource of the scan owns a part', () => {
    const reconcile = ownedPartsReconciler([group], BUILTIN_RESOLVED);
    const live = { ...group.attributes, ingress: [] };
    expect(reconcile(group, group.attributes, live)).toBe(live);
  });
});
