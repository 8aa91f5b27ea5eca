/**
 * Switching built-in knowledge off or replacing it, through the public API: a pack's
 * `remove` drops entries of the packs resolved before it (the built-in ones first), and its
 * own entries replace those of the same name.
 */
import { describe, expect, it } from 'vitest';
import {
  builtinPacks,
  definePack,
  detectDrift,
  snapshotProvider,
  type DriftReport,
  type Pack,
} from '../../src/index.js';
import type { ResourceInstance } from '../../src/model/state.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

type Attrs = Record<string, unknown>;

/** Scans `instances` against live attributes given by address, with `packs`. */
async function scan(
  instances: ResourceInstance[],
  live: Record<string, Attrs>,
  packs?: Pack[],
): Promise<DriftReport> {
  const resources = Object.fromEntries(
    Object.entries(live).map(([address, attributes]) => [address, { attributes }]),
  );
  return detectDrift({
    state: makeState(instances),
    // Every scanned type is in the snapshot, so an instance it lacks is `missing`.
    providers: [snapshotProvider({ data: { resources, types: instances.map((i) => i.type) } })],
    packs,
  });
}

const patch = (report: DriftReport) => report.resources[0]?.patch;

describe('removing built-in entries', () => {
  // The provider's default tags: in tags_all, not in the configured tags.
  const bucket = makeInstance({
    type: 'aws_s3_bucket',
    name: 'logs',
    attributes: {
      id: 'logs',
      tags: { Env: 'prod' },
      tags_all: { Env: 'prod', Owner: 'platform' },
    },
  });
  // A reader that returns every tag on the bucket under both names, as the AWS API has them.
  const live = {
    [bucket.address]: {
      id: 'logs',
      tags: { Env: 'prod', Owner: 'platform' },
      tags_all: { Env: 'prod', Owner: 'platform' },
    },
  };

  it('derivedMaps: without tags_all, tags are compared on their own', async () => {
    expect(patch(await scan([bucket], live))).toEqual([]);
    const seeTags = definePack({ source: 'me/see-tags', remove: { derivedMaps: ['tags_all'] } });
    expect(patch(await scan([bucket], live, [seeTags]))).toEqual([
      { op: 'add', path: '/tags/Owner', value: 'platform' },
    ]);
  });

  it('derivedMaps: without effective_labels, the configured labels are compared', async () => {
    const disk = makeInstance({
      type: 'google_compute_disk',
      name: 'data',
      attributes: {
        name: 'data',
        labels: { team: 'web' },
        effective_labels: { team: 'web', 'goog-terraform-provisioned': 'true' },
      },
    });
    const liveDisk = {
      [disk.address]: {
        name: 'data',
        labels: { team: 'data' },
        effective_labels: { team: 'web', 'goog-terraform-provisioned': 'true' },
      },
    };
    expect(patch(await scan([disk], liveDisk))).toEqual([]);
    const seeLabels = definePack({
      source: 'me/see-labels',
      remove: { derivedMaps: ['effective_labels'] },
    });
    expect(patch(await scan([disk], liveDisk, [seeLabels]))).toEqual([
      { op: 'replace', path: '/labels/team', value: 'data' },
    ]);
  });

  it('rules: one glob of a type, or a whole type entry', async () => {
    const vm = makeInstance({
      type: 'aws_instance',
      name: 'web',
      attributes: { id: 'i-1', public_ip: '1.2.3.4', instance_state: 'running' },
    });
    const liveVm = { [vm.address]: { id: 'i-1', public_ip: '5.6.7.8', instance_state: 'stopped' } };
    expect(patch(await scan([vm], liveVm))).toEqual([]);
    const publicIp = definePack({
      source: 'me/public-ip',
      remove: { rules: { aws_instance: { computed: ['/public_ip'] } } },
    });
    expect(patch(await scan([vm], liveVm, [publicIp]))).toEqual([
      { op: 'replace', path: '/public_ip', value: '5.6.7.8' },
    ]);
    const noRules = definePack({
      source: 'me/no-rules',
      remove: { rules: { aws_instance: true } },
    });
    expect(patch(await scan([vm], liveVm, [noRules]))).toEqual([
      { op: 'replace', path: '/public_ip', value: '5.6.7.8' },
      { op: 'replace', path: '/instance_state', value: 'stopped' },
    ]);
  });

  it('relations: without the rule resource relation, a deleted rule is drift on the group too', async () => {
    const https = { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] };
    const group = makeInstance({
      type: 'aws_security_group',
      name: 'web',
      attributes: { id: 'sg-1', ingress: [https] },
    });
    const rule = makeInstance({
      type: 'aws_security_group_rule',
      name: 'https',
      attributes: {
        id: 'sgr-1',
        type: 'ingress',
        security_group_id: 'sg-1',
        protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_blocks: ['10.0.0.0/8'],
      },
    });
    // The rule was deleted out of band: gone from the group and as a resource.
    const liveSg = { [group.address]: { id: 'sg-1', ingress: [] } };
    const statuses = (r: DriftReport) => r.resources.map((x) => `${x.address} ${x.status}`);
    expect(statuses(await scan([group, rule], liveSg))).toEqual([
      'aws_security_group.web in-sync',
      'aws_security_group_rule.https missing',
    ]);
    const noRelation = definePack({
      source: 'me/no-relation',
      remove: { relations: ['aws_security_group_rule'] },
    });
    expect(statuses(await scan([group, rule], liveSg, [noRelation]))).toEqual([
      'aws_security_group.web drifted',
      'aws_security_group_rule.https missing',
    ]);
  });

  it('packs: a whole built-in pack', async () => {
    const role = makeInstance({
      type: 'aws_iam_role',
      name: 'app',
      attributes: { id: 'app', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' },
    });
    const liveRole = {
      [role.address]: {
        id: 'app',
        assume_role_policy: '{ "Statement": [], "Version": "2012-10-17" }',
      },
    };
    expect(patch(await scan([role], liveRole))).toEqual([]);
    const noAws = definePack({ source: 'me/no-aws', remove: { packs: ['hashicorp/aws'] } });
    expect(patch(await scan([role], liveRole, [noAws]))).toHaveLength(1);
  });

  it('secrets: a type whose schema secrets are switched off shows its values', async () => {
    // `content` is secret by the AWS provider's schema only: no name heuristic calls it so.
    const version = makeInstance({
      type: 'aws_appconfig_hosted_configuration_version',
      name: 'v',
      attributes: { id: 'v1', content: 'alpha-config-1' },
    });
    const liveVersion = { [version.address]: { id: 'v1', content: 'beta-config-2' } };
    expect(patch(await scan([version], liveVersion))).toEqual([
      { op: 'replace', path: '/content', value: '(sensitive)' },
    ]);
    const reveal = definePack({
      source: 'me/reveal',
      remove: { secrets: ['aws_appconfig_hosted_configuration_version'] },
    });
    expect(patch(await scan([version], liveVersion, [reveal]))).toEqual([
      { op: 'replace', path: '/content', value: 'beta-config-2' },
    ]);
  });

  it('comparators: removing one still named by a rule is an error before the scan', async () => {
    const noCidr = definePack({ source: 'me/no-cidr', remove: { comparators: ['cidr'] } });
    await expect(scan([], {}, [noCidr])).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining('"cidr"') as unknown,
    });
  });
});

describe('overriding built-in entries', () => {
  const rule = makeInstance({
    type: 'aws_security_group_rule',
    name: 'any',
    attributes: { id: 'sgr-1', type: 'ingress', protocol: '6', from_port: 1, to_port: 1 },
  });
  const live = { [rule.address]: { ...rule.attributes, protocol: 'tcp' } };

  it('a comparator of the same name replaces the built-in one', async () => {
    expect(patch(await scan([rule], live))).toEqual([]);
    const strict = definePack({
      source: 'me/strict-protocols',
      comparators: { 'ip-protocol': { canonical: (text) => text } },
    });
    expect(patch(await scan([rule], live, [strict]))).toEqual([
      { op: 'replace', path: '/protocol', value: 'tcp' },
    ]);
  });

  it('the built-in packs can be read and re-composed', () => {
    expect(builtinPacks.map((p) => p.source)).toEqual([
      'tfdrift/common',
      'hashicorp/aws',
      'hashicorp/google',
      'hashicorp/azurerm',
    ]);
    expect(Object.isFrozen(builtinPacks)).toBe(true);
  });
});
