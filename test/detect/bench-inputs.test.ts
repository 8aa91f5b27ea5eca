/**
 * The benchmarks print what they measure; these tests hold the inputs to what they print.
 * The detect benchmark's live side must differ from the state (not the state written back)
 * and still give exactly the drift it was built with; the diff benchmark's drifted pairs must
 * drift under the rules; the large reports of the format benchmark must count what they hold.
 */
import { describe, expect, it } from 'vitest';
import { buildPairs } from '../../bench/diff.js';
import { generateSnapshot } from '../../bench/synthetic-snapshot.js';
import { generateState } from '../../bench/synthetic-state.js';
import { expandReport, generateBaseReport } from '../../bench/synthetic-report.js';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { diff } from '../../src/diff/diff.js';
import { diffResource } from '../../src/diff/diff-resource.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { parseState } from '../../src/state/parse-state.js';

describe('the detect benchmark input', () => {
  const raw = generateState(2000, 42);
  const { snapshot, mix } = generateSnapshot(raw, { seed: 7 });

  it('gives exactly the drift, deletions and unmanaged objects it was built with', async () => {
    const report = await detectDrift({
      state: parseState(JSON.stringify(raw)),
      providers: [snapshotProvider({ data: snapshot })],
      unmanaged: true,
    });
    expect(mix.drifted).toBeGreaterThan(50);
    expect(report.summary).toMatchObject({
      total: 2000,
      inSync: mix.reshaped,
      drifted: mix.drifted,
      missing: mix.missing,
      unknown: 0,
      unmanaged: mix.unmanaged,
    });
  });

  it('is not the state written back: in-sync objects differ from the state byte for byte', () => {
    const state = parseState(JSON.stringify(raw));
    const live = (snapshot as { resources: Record<string, { attributes: object } | null> })
      .resources;
    const inSync = state.resources.filter((r) => live[r.address] !== null);
    const sameText = inSync.filter(
      (r) => JSON.stringify(live[r.address]!.attributes) === JSON.stringify(r.attributes),
    );
    expect(inSync.length).toBeGreaterThan(1000);
    expect(sameText).toEqual([]);
    // ...and a plain differ sees changes where the rules see none (reordered sets).
    const rawChanges = inSync.filter(
      (r) => diff(r.attributes, live[r.address]!.attributes as Record<string, unknown>).length > 0,
    );
    expect(rawChanges.length).toBeGreaterThan(100);
  });
});

describe('the diff benchmark input', () => {
  it('drifts under the rules exactly where it says, never on normalized-only pairs', () => {
    const { pairs, kinds } = buildPairs(400, { name: 'test', drift: 0.3, equivalent: 0.2 });
    const drifted = (p: (typeof pairs)[number]) =>
      diffResource(p.expected, p.actual, {
        type: p.type,
        address: p.address,
        ignorePaths: ['/tags_all/LastScanned'],
      }).patch.length > 0;
    const said = Object.entries(kinds)
      .filter(([kind]) => kind.startsWith('drift:'))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(said).toBeGreaterThan(60);
    expect(pairs.filter(drifted)).toHaveLength(said);
    expect(kinds['equivalent: set reordered']).toBeGreaterThan(0);
    // The live side is built in its own key order, as a live read builds it.
    const sameOrder = pairs.filter(
      (p) =>
        Object.keys(p.expected).length > 1 &&
        Object.keys(p.expected)[0] === Object.keys(p.actual)[0],
    );
    expect(sameOrder).toEqual([]);
  });
});

describe('the format benchmark reports', () => {
  it('count what they hold, for the typical mix and the all-missing worst case', async () => {
    const base = await generateBaseReport();
    for (const scenario of ['typical', 'all-missing'] as const) {
      const report = expandReport(base, 12_345, scenario);
      expect(report.resources).toHaveLength(12_345);
      expect(new Set(report.resources.map((r) => r.address)).size).toBe(12_345);
      const count = (status: string) => report.resources.filter((r) => r.status === status).length;
      expect(report.summary).toMatchObject({
        total: 12_345,
        inSync: count('in-sync'),
        drifted: count('drifted'),
        missing: count('missing'),
        unknown: count('unknown'),
        unsupported: count('unsupported'),
        unmanaged: report.unmanaged.length,
      });
      if (scenario === 'all-missing') expect(count('missing')).toBe(12_345);
      else
        for (const status of ['drifted', 'missing', 'unknown', 'unsupported'])
          expect(count(status), status).toBeGreaterThan(0);
    }
  });
});
