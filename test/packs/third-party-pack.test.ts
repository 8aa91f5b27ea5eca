/**
 * A pack for a made-up Terraform provider, `acme/widgets`, written only against the public
 * API: it gets what the built-in AWS pack gets. Its firewall rules, owned by separate
 * `acme_firewall_rule` resources, are reconciled onto the firewall (a changed rule is drift
 * on the rule resource only, an out-of-band rule is still drift on the firewall), its
 * `acme-size` comparator is used by its rules (`1GiB` ≡ `1024`), and it ships secrets.
 */
import { describe, expect, it } from 'vitest';
import {
  definePack,
  defineProvider,
  detectDrift,
  InvalidOptionError,
  snapshotProvider,
  type DriftReport,
  type Pack,
  type Provider,
} from '../../src/index.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

type Attrs = Record<string, unknown>;

const SIZE = /^(\d+)\s*(MiB|GiB|TiB)?$/i;
const FACTOR: Record<string, number> = { mib: 1, gib: 1024, tib: 1024 * 1024 };

/** Sizes in MiB: the API answers `1GiB` where the configuration wrote `1024`. */
function sizeInMiB(text: string): string {
  const match = SIZE.exec(text.trim());
  if (match === null) return text;
  return String(Number(match[1]) * (FACTOR[(match[2] ?? 'MiB').toLowerCase()] ?? 1));
}

const ruleKey = (rule: unknown): string | null => {
  const r = rule as Attrs | null;
  return r !== null && typeof r === 'object' && typeof r.name === 'string' ? r.name : null;
};

const acme = definePack({
  source: 'acme/widgets',
  rules: {
    acme_firewall: { sets: ['/rule'], computed: ['/revision'] },
    acme_volume: { compare: { '/size': 'acme-size' } },
  },
  comparators: { 'acme-size': { canonical: sizeInMiB } },
  ownership: {
    parents: {
      acme_firewall: { identity: ['id'], shared: { rule: { shape: 'elements', key: ruleKey } } },
    },
    relations: [
      {
        owner: 'acme_firewall_rule',
        parents: ['acme_firewall'],
        parentRef: 'firewall_id',
        claims: (rule) => [
          { attribute: 'rule', keys: typeof rule.name === 'string' ? [rule.name] : [] },
        ],
      },
    ],
  },
  secrets: { acme_volume: ['/unlock_phrase'] },
});

const web = { name: 'web', port: 443 };
const admin = { name: 'admin', port: 8443 };
const firewall = makeInstance({
  type: 'acme_firewall',
  name: 'edge',
  attributes: { id: 'fw-1', revision: 7, rule: [web, admin] },
});
const adminRule = makeInstance({
  type: 'acme_firewall_rule',
  name: 'admin',
  attributes: { id: 'fwr-2', firewall_id: 'fw-1', name: 'admin', port: 8443 },
});
const volume = makeInstance({
  type: 'acme_volume',
  name: 'data',
  attributes: { id: 'vol-1', size: '1024', unlock_phrase: 'k3y-0f-the-v0lume' },
});
const state = makeState([firewall, adminRule, volume]);

/** The live side: the admin rule's port changed out of band, the volume reads as `1GiB`. */
function live(extra: { rules?: Attrs[]; size?: string; key?: string } = {}) {
  const changed = { ...admin, port: 9443 };
  return {
    resources: {
      [firewall.address]: {
        attributes: { id: 'fw-1', revision: 9, rule: [changed, web, ...(extra.rules ?? [])] },
      },
      [adminRule.address]: { attributes: { ...adminRule.attributes, port: 9443 } },
      [volume.address]: {
        attributes: {
          id: 'vol-1',
          size: extra.size ?? '1GiB',
          unlock_phrase: extra.key ?? 'k3y-0f-the-v0lume',
        },
      },
    },
  };
}

const status = (report: DriftReport): Record<string, string> =>
  Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
const patchOf = (report: DriftReport, address: string) =>
  report.resources.find((r) => r.address === address)?.patch;

describe('a third-party pack (acme/widgets)', () => {
  it('without the pack, the owned rule is drift twice and the size spelling is drift', async () => {
    const report = await detectDrift({ state, providers: [snapshotProvider({ data: live() })] });
    expect(status(report)).toEqual({
      'acme_firewall.edge': 'drifted',
      'acme_firewall_rule.admin': 'drifted',
      'acme_volume.data': 'drifted',
    });
  });

  it('with the pack: the rule change is drift on the rule resource only, 1GiB ≡ 1024', async () => {
    const report = await detectDrift({
      state,
      providers: [snapshotProvider({ data: live() })],
      packs: [acme],
    });
    expect(status(report)).toEqual({
      'acme_firewall.edge': 'in-sync',
      'acme_firewall_rule.admin': 'drifted',
      'acme_volume.data': 'in-sync',
    });
    expect(patchOf(report, 'acme_firewall_rule.admin')).toEqual([
      { op: 'replace', path: '/port', value: 9443 },
    ]);
  });

  it('with the pack: an out-of-band rule and a real size change are still drift', async () => {
    const rogue = { name: 'rogue', port: 22 };
    const report = await detectDrift({
      state,
      providers: [snapshotProvider({ data: live({ rules: [rogue], size: '2GiB' }) })],
      packs: [acme],
    });
    expect(patchOf(report, 'acme_firewall.edge')).toEqual([
      { op: 'add', path: '/rule/-', value: rogue },
    ]);
    expect(patchOf(report, 'acme_volume.data')).toEqual([
      { op: 'replace', path: '/size', value: '2GiB' },
    ]);
  });

  it('its schema secrets are redacted (an attribute no name heuristic calls secret)', async () => {
    const data = live({ key: 'an0ther-v0lume-key' });
    const without = await detectDrift({ state, providers: [snapshotProvider({ data })] });
    expect(JSON.stringify(without)).toContain('an0ther-v0lume-key');
    const report = await detectDrift({
      state,
      providers: [snapshotProvider({ data: live({ key: 'an0ther-v0lume-key' }) })],
      packs: [acme],
    });
    const text = JSON.stringify(report);
    expect(patchOf(report, 'acme_volume.data')).toEqual([
      { op: 'replace', path: '/unlock_phrase', value: '(sensitive)' },
    ]);
    expect(text).not.toContain('an0ther-v0lume-key');
    expect(text).not.toContain('k3y-0f-the-v0lume');
  });

  it('a provider can bring the pack itself (Provider.packs)', async () => {
    const data = live();
    const acmeReader: Provider = defineProvider({
      name: 'acme',
      supports: ['acme_*'],
      packs: [acme],
      read: async (batch) =>
        batch.map((i) => {
          const found = (data.resources as Record<string, { attributes: Attrs } | undefined>)[
            i.address
          ];
          return found === undefined
            ? { address: i.address, status: 'not-found' as const }
            : { address: i.address, status: 'found' as const, attributes: found.attributes };
        }),
    });
    const report = await detectDrift({ state, providers: [acmeReader] });
    expect(status(report)).toEqual({
      'acme_firewall.edge': 'in-sync',
      'acme_firewall_rule.admin': 'drifted',
      'acme_volume.data': 'in-sync',
    });
  });
});

describe('pack errors', () => {
  const error = (run: () => unknown): InvalidOptionError => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOptionError);
      return e as InvalidOptionError;
    }
    throw new Error('expected an InvalidOptionError');
  };

  it('definePack points at the bad spot', () => {
    const bad = { source: 'acme/widgets', comparators: { x: { canonical: 'nope' } } };
    expect(error(() => definePack(bad as unknown as Pack)).option).toBe('/comparators/x');
    expect(error(() => definePack({ source: '' })).option).toBe('/source');
    const relation = { owner: 'acme_a', parents: ['acme_b'], parentRef: 'b_id' };
    expect(
      error(() =>
        definePack({ source: 'a/b', ownership: { relations: [relation] } } as unknown as Pack),
      ).option,
    ).toBe('/ownership/relations/0/claims');
  });

  it('detectDrift rejects a malformed pack and an unknown comparator before reading', async () => {
    const provider = snapshotProvider({ data: live() });
    await expect(
      detectDrift({ state, providers: [provider], packs: [{ source: 7 } as unknown as Pack] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', option: '/packs/0/source' });
    await expect(
      detectDrift({
        state,
        providers: [provider],
        rules: { acme_volume: { compare: { '/size': 'acme-size' } } },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      option: '/rules/acme_volume/compare/~1size',
    });
    await expect(
      detectDrift({ state, providers: [provider], packs: acme as unknown as Pack[] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', option: '/packs' });
  });
});
