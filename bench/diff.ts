/**
 * Diff engine benchmark: tfdrift's `diff` (raw) and `diffResource` (built-in rules, ignore
 * globs, redaction) against fast-json-patch `compare`, deep-diff, microdiff and jsondiffpatch
 * on the same realistic resource pairs.
 *
 * Pairs: attributes of every managed instance in the corpus states (plain JSON.parse) plus
 * the synthetic state of `bench/synthetic-state.ts`, 10,000 pairs per profile (times
 * TFDRIFT_BENCH_SCALE). The live side is always a separate object with its keys in another
 * order, as a live read builds it. Two profiles: a typical scan (5% of pairs drifted, 5%
 * different only in set order) and heavy drift (50% drifted, 10% set order). A drifted pair
 * has one out-of-band change (a scalar anywhere, a tag changed or added, a list or set element
 * added or removed) chosen among the attributes the built-in rules compare: a mutation whose
 * patch under the rules is empty is discarded and another is drawn.
 *
 * Fairness: every differ gets the same pair objects in the same order, rounds interleave
 * the differs, and each call's result is consumed. Peers run with their defaults except
 * microdiff, whose cycle detection is turned off because tfdrift does none.
 *
 * Run: `node --expose-gc --import tsx bench/diff.ts`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import deepDiff from 'deep-diff';
import jsonpatch from 'fast-json-patch';
import { create as createJsondiffpatch } from 'jsondiffpatch';
import microdiff from 'microdiff';
import { diff } from '../src/diff/diff.js';
import { diffResource } from '../src/diff/diff-resource.js';
import { createRandom, generateState } from './synthetic-state.js';

interface Pair {
  type: string;
  address: string;
  expected: Record<string, unknown>;
  actual: Record<string, unknown>;
  /** The live side's top-level attributes, as a provider that reports what it read passes them. */
  read?: string[];
}

interface Sample {
  type: string;
  attributes: Record<string, unknown>;
}

function samplesOf(state: unknown): Sample[] {
  const out: Sample[] = [];
  const resources = (state as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return out;
  for (const resource of resources as Record<string, unknown>[]) {
    if (resource.mode !== 'managed' || typeof resource.type !== 'string') continue;
    const instances = Array.isArray(resource.instances) ? resource.instances : [];
    for (const instance of instances as Record<string, unknown>[]) {
      const attributes = instance.attributes;
      if (attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)) {
        out.push({ type: resource.type, attributes: attributes as Record<string, unknown> });
      }
    }
  }
  return out;
}

function corpusSamples(): Sample[] {
  const dir = resolve(
    process.env.TFDRIFT_CORPUS ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'),
    'state',
  );
  if (!existsSync(dir)) return [];
  const out: Sample[] = [];
  for (const file of readdirSync(dir).sort()) {
    try {
      out.push(...samplesOf(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
    } catch {
      // Not JSON (encrypted, binary, merge conflict): not a sample.
    }
  }
  return out;
}

/** A step into a value: an object key or an array index. */
type Step = string | number;

/** Every scalar leaf of `value` (strings, numbers, booleans), as the path to reach it. */
function leaves(value: unknown, path: Step[] = [], out: Step[][] = []): Step[][] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else if (value !== null && path.length > 0) out.push(path);
  return out;
}

/** Every non-empty array in `value`, as the path to reach it. */
function arrays(value: unknown, path: Step[] = [], out: Step[][] = []): Step[][] {
  if (Array.isArray(value)) {
    if (value.length > 0) out.push(path);
    value.forEach((v, i) => arrays(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) arrays(v, [...path, k], out);
  }
  return out;
}

function at(root: unknown, path: Step[]): unknown {
  let v = root;
  for (const step of path) v = (v as Record<Step, unknown>)[step];
  return v;
}

/**
 * Drift as it happens out of band: one change to a value, in the places a console edit or
 * an API call changes (any scalar, a tag, an element added to or removed from a list or set).
 * Returns what it did, or null when the value offers no such place.
 */
type Mutation = (value: Record<string, unknown>, random: () => number) => string | null;

function pickFrom<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

const MUTATIONS: Mutation[] = [
  function scalarChanged(value, random) {
    const path = pickFrom(
      leaves(value).filter((p) => p[0] !== 'id' && p[0] !== 'tags' && p[0] !== 'tags_all'),
      random,
    );
    if (path === undefined) return null;
    const parent = at(value, path.slice(0, -1)) as Record<Step, unknown>;
    const key = path[path.length - 1] as Step;
    const old = parent[key];
    parent[key] =
      typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : `${String(old)}-edited`;
    return 'scalar changed';
  },
  function tagChanged(value, random) {
    const tags = value.tags_all as Record<string, unknown> | null | undefined;
    if (tags === null || typeof tags !== 'object') return null;
    const key = random() < 0.5 ? pickFrom(Object.keys(tags), random) : undefined;
    const name = key ?? 'ChangedBy';
    const edited = { ...tags, [name]: 'console-user' };
    value.tags_all = edited;
    if (value.tags !== null && typeof value.tags === 'object') value.tags = { ...edited };
    return key === undefined ? 'tag added' : 'tag changed';
  },
  function elementAdded(value, random) {
    const path = pickFrom(arrays(value), random);
    if (path === undefined) return null;
    const list = at(value, path) as unknown[];
    list.push(structuredClone(list[0]));
    // A duplicate is no change for a set: make the new element differ.
    const leaf = pickFrom(leaves(list[list.length - 1]), random);
    if (leaf === undefined) {
      list[list.length - 1] = `${String(list[0])}-added`;
    } else {
      const parent = at(list[list.length - 1], leaf.slice(0, -1)) as Record<Step, unknown>;
      const key = leaf[leaf.length - 1] as Step;
      const old = parent[key];
      parent[key] = typeof old === 'number' ? old + 1000 : `${String(old)}-added`;
    }
    return 'element added';
  },
  function elementRemoved(value, random) {
    const path = pickFrom(arrays(value), random);
    if (path === undefined) return null;
    (at(value, path) as unknown[]).splice(
      Math.floor(random() * (at(value, path) as unknown[]).length),
      1,
    );
    return 'element removed';
  },
];

/** The same values rebuilt in another key order, as a live read builds its own objects. */
function reshaped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reshaped);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).reverse();
    return Object.fromEntries(entries.map(([k, v]) => [k, reshaped(v)]));
  }
  return value;
}

/** How a benchmark profile spreads the pairs. */
export interface Profile {
  name: string;
  /** Share of pairs with one out-of-band change on an attribute the rules compare. */
  drift: number;
  /** Share of pairs that differ only in ways the rules normalize away (a set reordered). */
  equivalent: number;
}

const IGNORE_PATHS = ['/tags_all/LastScanned'];

function drifts(pair: Omit<Pair, 'address'>): boolean {
  return (
    diffResource(pair.expected, pair.actual, {
      type: pair.type,
      address: `${pair.type}.x`,
      ignorePaths: IGNORE_PATHS,
    }).patch.length > 0
  );
}

/** Tries mutations on a copy until one changes an attribute the rules compare. */
function driftedCopy(
  sample: Sample,
  random: () => number,
): { actual: Record<string, unknown>; what: string } | null {
  for (let attempt = 0; attempt < 20; attempt++) {
    const actual = reshaped(sample.attributes) as Record<string, unknown>;
    const mutation = pickFrom(MUTATIONS, random) as Mutation;
    const what = mutation(actual, random);
    if (what !== null && drifts({ type: sample.type, expected: sample.attributes, actual })) {
      return { actual, what };
    }
  }
  return null;
}

/** A copy whose set-typed arrays are reversed: different for a plain differ, equal under the rules. */
function equivalentCopy(sample: Sample): Record<string, unknown> | null {
  const actual = reshaped(sample.attributes) as Record<string, unknown>;
  let changed = false;
  for (const path of arrays(actual)) {
    const list = at(actual, path) as unknown[];
    if (list.length < 2) continue;
    const before = JSON.stringify(list);
    list.reverse();
    if (JSON.stringify(list) === before) continue;
    if (drifts({ type: sample.type, expected: sample.attributes, actual })) list.reverse();
    else changed = true;
  }
  return changed ? actual : null;
}

export function buildPairs(
  count: number,
  profile: Profile,
): {
  pairs: Pair[];
  kinds: Record<string, number>;
  fromCorpus: number;
} {
  const corpus = corpusSamples();
  const synthetic = samplesOf(
    generateState(Math.max(1, count - Math.min(corpus.length, count)), 7),
  );
  const samples = [...corpus, ...synthetic];
  const random = createRandom(42);
  const pairs: Pair[] = [];
  const kinds: Record<string, number> = {};
  const count1 = (what: string): void => {
    kinds[what] = (kinds[what] ?? 0) + 1;
  };
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length] as Sample;
    const expected = structuredClone(sample.attributes);
    const roll = random();
    let actual: Record<string, unknown> | null = null;
    if (roll < profile.drift) {
      const drifted = driftedCopy(sample, random);
      if (drifted !== null) {
        actual = drifted.actual;
        count1(`drift: ${drifted.what}`);
      }
    } else if (roll < profile.drift + profile.equivalent) {
      actual = equivalentCopy(sample);
      if (actual !== null) count1('equivalent: set reordered');
    }
    if (actual === null) {
      actual = reshaped(sample.attributes) as Record<string, unknown>;
      count1('same values, live key order');
    }
    pairs.push({ type: sample.type, address: `${sample.type}.p${i}`, expected, actual });
  }
  return { pairs, kinds, fromCorpus: Math.min(corpus.length, count) };
}

interface Contender {
  name: string;
  run: (pair: Pair) => unknown;
}

function measureOnce(contender: Contender, pairs: readonly Pair[]): number {
  // CPU time of this process, not wall time: the machine is shared, and waiting for a core
  // says nothing about the differ.
  const start = process.cpuUsage();
  let sink = 0;
  for (const pair of pairs) if (contender.run(pair) !== undefined) sink++;
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  if (sink < 0) console.log(sink);
  return ms;
}

/**
 * Rounds interleave the contenders (A B C…, A B C…) and each keeps its best round, so load
 * from other processes on a shared machine hits all of them alike.
 */
function measureAll(
  contenders: readonly Contender[],
  pairs: readonly Pair[],
  rounds: number,
): number[] {
  const best = contenders.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, i) => {
      best[i] = Math.min(best[i] as number, measureOnce(c, pairs));
    });
  }
  return best;
}

/** Typical: most resources in sync. Heavy: half of them drifted (a bad day, or a first scan). */
export const PROFILES: readonly Profile[] = [
  { name: 'typical scan', drift: 0.05, equivalent: 0.05 },
  { name: 'heavy drift', drift: 0.5, equivalent: 0.1 },
];

/** Runs the diff benchmark and prints one table per profile. */
export async function run(): Promise<void> {
  const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
  const count = Math.max(100, Math.round(10_000 * scale));
  console.log(
    "What this measures: diffing one resource's state attributes against its live attributes, " +
      'the work a scan does per resource after the read. The live side is always a separate ' +
      'object in its own key order (as a live read builds it); some pairs drift on an attribute ' +
      'the rules compare (checked: each yields a non-empty patch), some differ only in ways the ' +
      'rules normalize (a set reordered), the rest carry the same values. Peers report every ' +
      'raw difference and apply no rules; tfdrift also applies its built-in rules, an ignore ' +
      'rule and redaction.',
  );
  for (const profile of PROFILES) await runProfile(count, profile);
}

async function runProfile(count: number, profile: Profile): Promise<void> {
  const { pairs, kinds, fromCorpus } = buildPairs(count, profile);
  const jdp = createJsondiffpatch();
  const microdiffOptions = { cyclesFix: false };
  const ignorePaths = IGNORE_PATHS;
  const contenders: Contender[] = [
    {
      name: 'tfdrift diffResource (rules)',
      run: (p) =>
        diffResource(p.expected, p.actual, { type: p.type, address: p.address, ignorePaths }),
    },
    {
      // A provider that reports what it read (the AWS provider does) takes this path: no
      // whole-object equality shortcut, every read attribute walked under the rules.
      name: 'tfdrift diffResource (rules, read list)',
      run: (p) =>
        diffResource(p.expected, p.actual, {
          type: p.type,
          address: p.address,
          ignorePaths,
          read: p.read,
        }),
    },
    { name: 'tfdrift diff (no rules)', run: (p) => diff(p.expected, p.actual) },
    { name: 'fast-json-patch compare', run: (p) => jsonpatch.compare(p.expected, p.actual) },
    // Cycle detection off: tfdrift does none either (JSON has no cycles), so both do the
    // same work.
    { name: 'microdiff', run: (p) => microdiff(p.expected, p.actual, microdiffOptions) },
    { name: 'deep-diff', run: (p) => deepDiff.diff(p.expected, p.actual) ?? 0 },
    { name: 'jsondiffpatch', run: (p) => jdp.diff(p.expected, p.actual) ?? 0 },
  ];
  for (const pair of pairs) pair.read = Object.keys(pair.actual);
  measureAll(contenders, pairs.slice(0, 1000), 2); // warm-up
  // One collection up front only: a forced full GC right before each timed round clears
  // V8's megamorphic caches and penalises whichever differ runs next.
  (globalThis as { gc?: () => void }).gc?.();
  const rounds = 7;
  const best = measureAll(contenders, pairs, rounds);
  const times = contenders.map((c, i) => ({ name: c.name, ms: best[i] as number }));
  const reference = times[0]?.ms ?? 1;
  let drifted = 0;
  let rawDifferent = 0;
  for (const p of pairs) {
    if (drifts(p)) drifted++;
    if (diff(p.expected, p.actual).length > 0) rawDifferent++;
  }
  console.log(
    `\n${profile.name}: ${pairs.length} resource pairs (${fromCorpus} from corpus states, rest synthetic)`,
  );
  console.log(
    `  pairs: ${Object.entries(kinds)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  drifted under tfdrift's rules: ${drifted} (${((drifted / pairs.length) * 100).toFixed(1)}%); ` +
      `raw differences (no rules): ${rawDifferent}`,
  );
  console.log(`  CPU time, best of ${rounds} interleaved rounds`);
  console.log('| differ | ms | × tfdrift diffResource |');
  console.log('|---|---:|---:|');
  for (const t of times) {
    console.log(`| ${t.name} | ${t.ms.toFixed(1)} | ${(t.ms / reference).toFixed(2)} |`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
