/**
 * Plant and grep: every managed instance of every real state in the corpus gets unique
 * secrets planted (at its provider schema's sensitive attributes, at the state's own
 * sensitive paths, under secret names at any depth, in `{ name, value }` pairs, in
 * `tags`/`tags_all`, and moved under a new map key on the live side), the live side changes
 * every one of them, and every report format, the JSON report and the log lines are grepped:
 * no planted value may appear. Run twice: with the state's `sensitive_attributes`, and with
 * them emptied as Terraform 1.7 and older often wrote them, where only the schemas and the
 * names protect.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SECRETS } from '../../src/packs/schema-secrets.generated.js';
import { escapeToken, splitPointer, unescapeToken } from '../../src/diff/json-pointer.js';
import {
  REPORT_FORMATS,
  detectDrift,
  formatReport,
  parseState,
  snapshotProvider,
} from '../../src/index.js';
import type { Logger, TerraformState } from '../../src/index.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';

const PLANT = /PLANT-[SL]-\d+-[a-z0-9]+/g;

type Json = Record<string, unknown>;

interface Planter {
  next(): [stateValue: string, liveValue: string];
  count: number;
}

function planter(): Planter {
  let n = 0;
  return {
    get count() {
      return n;
    },
    next() {
      n++;
      const salt = (n * 7919).toString(36);
      return [`PLANT-S-${n}-${salt}`, `PLANT-L-${n}-${salt}`];
    },
  };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every container and key a pointer glob (`*` = any element or key) reaches in `doc`. */
function resolveGlob(doc: unknown, tokens: string[]): [Json | unknown[], string][] {
  if (tokens.length === 0) return [];
  const [head, ...rest] = tokens as [string, ...string[]];
  const keys: string[] = [];
  if (head === '*') {
    if (Array.isArray(doc)) keys.push(...doc.map((_, i) => String(i)));
    else if (isObject(doc)) keys.push(...Object.keys(doc));
  } else keys.push(unescapeToken(head));
  const out: [Json | unknown[], string][] = [];
  for (const key of keys) {
    if (!(Array.isArray(doc) || isObject(doc))) continue;
    const child = (doc as Json)[key];
    if (rest.length === 0) out.push([doc as Json, key]);
    else out.push(...resolveGlob(child, rest));
  }
  return out;
}

function plantAt(state: Json, live: Json, pointer: string, p: Planter): number {
  let planted = 0;
  for (const [container, key] of resolveGlob(state, splitPointer(pointer))) {
    const current = (container as Json)[key];
    if (current === undefined || current === null) continue;
    const [s, l] = p.next();
    (container as Json)[key] = s;
    planted++;
    // The same place on the live side (state and live start as copies).
    const livePointer = pathTo(state, container, key);
    if (livePointer !== undefined) setAt(live, livePointer, l);
  }
  return planted;
}

/** The path (keys) from `root` to `container[key]`. */
function pathTo(
  root: unknown,
  container: unknown,
  key: string,
  trail: string[] = [],
): string[] | undefined {
  if (root === container) return [...trail, key];
  if (Array.isArray(root) || isObject(root)) {
    for (const [k, v] of Object.entries(root)) {
      if (v !== null && typeof v === 'object') {
        const found = pathTo(v, container, key, [...trail, k]);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

function setAt(doc: unknown, keys: string[], value: unknown): void {
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Json)[key];
  }
  if (node !== null && typeof node === 'object')
    (node as Json)[keys[keys.length - 1] as string] = value;
}

function plantNamed(state: Json, live: Json, p: Planter): void {
  const pair = (): [string, string] => p.next();
  const [tokenS, tokenL] = pair();
  const [apiS, apiL] = pair();
  const [phraseS, phraseL] = pair();
  const [adminS, adminL] = pair();
  const [ghS, ghL] = pair();
  const [awsS, awsL] = pair();
  const [dbS, dbL] = pair();
  const [stripeS, stripeL] = pair();
  state.access_token = tokenS;
  live.access_token = tokenL;
  state.api_token = apiS;
  live.api_token = apiL;
  state.passphrase = phraseS;
  live.passphrase = phraseL;
  state.planted_block = [{ name: 'b', admin_password: adminS }];
  live.planted_block = [{ name: 'b', admin_password: adminL }];
  state.planted_env = { GITHUB_TOKEN: ghS, AWS_SECRET_ACCESS_KEY: awsS, DB_PASSWORD: dbS };
  // The live side changes each value and moves the old GitHub token under a new key.
  live.planted_env = {
    GITHUB_TOKEN: ghL,
    AWS_SECRET_ACCESS_KEY: awsL,
    DB_PASSWORD: dbL,
    RENAMED_GITHUB_TOKEN_ALIAS: ghS,
  };
  state.planted_pairs = [{ name: 'STRIPE_SECRET_KEY', value: stripeS }];
  live.planted_pairs = [{ name: 'STRIPE_SECRET_KEY', value: stripeL }];
}

interface Planted {
  state: TerraformState;
  live: Record<string, { attributes: Json }>;
  secrets: number;
  instances: number;
}

function plantState(text: string, keepSensitivePaths: boolean, p: Planter): Planted | undefined {
  let state: TerraformState;
  try {
    state = parseState(text);
  } catch {
    return undefined;
  }
  const live: Record<string, { attributes: Json }> = {};
  const before = p.count;
  let instances = 0;
  for (const instance of state.resources) {
    if (instance.mode !== 'managed' || instance.deposed !== undefined) continue;
    if (live[instance.address] !== undefined) continue;
    const stateAttrs = structuredClone(instance.attributes) as Json;
    const liveAttrs = structuredClone(instance.attributes) as Json;
    for (const glob of SCHEMA_SECRETS[instance.type] ?? []) plantAt(stateAttrs, liveAttrs, glob, p);
    const sensitivePaths = keepSensitivePaths ? [...instance.sensitivePaths] : [];
    if (keepSensitivePaths) {
      for (const pointer of instance.sensitivePaths) plantAt(stateAttrs, liveAttrs, pointer, p);
      // A sensitive tag, diffed through tags_all.
      const [ownerS, ownerL] = p.next();
      for (const [attrs, value] of [
        [stateAttrs, ownerS],
        [liveAttrs, ownerL],
      ] as const) {
        for (const key of ['tags', 'tags_all']) {
          attrs[key] = { ...(isObject(attrs[key]) ? attrs[key] : {}), PlantedOwner: value };
        }
      }
      sensitivePaths.push(`/tags/${escapeToken('PlantedOwner')}`);
    }
    plantNamed(stateAttrs, liveAttrs, p);
    instance.attributes = stateAttrs;
    instance.sensitivePaths = sensitivePaths;
    live[instance.address] = { attributes: liveAttrs };
    instances++;
  }
  if (instances === 0) return undefined;
  return { state, live, secrets: p.count - before, instances };
}

function grepPlanted(text: string): string[] {
  return [...new Set(text.match(PLANT) ?? [])];
}

describe.skipIf(!hasCorpus)('plant and grep over every corpus state', () => {
  for (const keepSensitivePaths of [true, false]) {
    const mode = keepSensitivePaths ? 'with sensitive_attributes' : 'with sensitive_attributes: []';
    it(`no planted secret in any format, log or JSON report (${mode})`, async () => {
      const p = planter();
      let instances = 0;
      let drifted = 0;
      // Raw states, and `terraform show -json` states.
      const files: [folder: string, file: string][] = [
        ...corpusFiles('state').map((f): [string, string] => ['state', f]),
        ...corpusFiles('plan')
          .filter((f) => f.endsWith('.show-state.json'))
          .map((f): [string, string] => ['plan', f]),
      ];
      for (const [folder, file] of files) {
        const text = readFileSync(corpusPath(folder, file), 'utf8');
        const planted = plantState(text, keepSensitivePaths, p);
        if (planted === undefined) continue;
        instances += planted.instances;
        const logs: string[] = [];
        const log = (message: string, fields?: Record<string, unknown>): void => {
          logs.push(message, JSON.stringify(fields ?? {}));
        };
        const logger: Logger = { debug: log, info: log, warn: log, error: log };
        const report = await detectDrift({
          state: planted.state,
          providers: [snapshotProvider({ data: { resources: planted.live } })],
          logger,
        });
        drifted += report.resources.filter(
          (r) => r.status === 'drifted' && r.changes.some((c) => c.sensitive),
        ).length;
        const outputs = [
          ['report', JSON.stringify(report)],
          ['logs', logs.join('\n')],
          ...REPORT_FORMATS.map((format) => [format, formatReport(report, format)]),
          ['text verbose', formatReport(report, 'text', { verbose: true, color: true })],
        ];
        for (const [name, output] of outputs) {
          expect(grepPlanted(output as string), `${file} ${name}`).toEqual([]);
        }
      }
      // Every planted instance drifted with a redacted change: the grep had something to find.
      expect(drifted).toBe(instances);
      expect(instances).toBeGreaterThan(500);
      expect(p.count).toBeGreaterThan(instances * 8);
      console.log(`[plant-and-grep ${mode}] ${p.count} secrets planted in ${instances} instances`);
    });
  }
});
