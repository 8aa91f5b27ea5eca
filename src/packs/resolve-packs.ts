/**
 * Resolving packs: the built-in packs, then the providers' and the caller's, folded in order
 * into one table the diff engine and the scan read. Later packs add rules (lists
 * concatenate, records override), replace comparators, derived maps, ownership relations
 * and parents of the same name, and may first remove earlier entries (`remove`).
 */
import { InvalidOptionError } from '../errors.js';
import { escapeToken } from '../diff/json-pointer.js';
import { mergeRules } from '../diff/merge-rules.js';
import type { ComparatorTable, RuleBase } from '../diff/compiled-rules.js';
import type { SecretTable } from '../diff/secret-places.js';
import type { RuleSet, TypeRules } from '../diff/types.js';
import type {
  Comparator,
  DerivedMap,
  OwnedParent,
  OwnershipRelation,
  Pack,
  PackRemovals,
  RuleRemovals,
  DeleteCommand,
} from './types.js';

/**
 * Packs folded into one table.
 * @internal
 */
export interface ResolvedPacks extends RuleBase {
  /** The sources of the packs that took part, in order. */
  readonly sources: readonly string[];
  /** Derived maps, in pack order. */
  readonly derivedMaps: readonly DerivedMap[];
  /** Schema secrets and mirrored attributes. */
  readonly secrets: SecretTable;
  /** Ownership parents by type. */
  readonly parents: ReadonlyMap<string, OwnedParent>;
  /** Ownership relations by owner type (parents not in `parents` are never matched). */
  readonly relations: ReadonlyMap<string, OwnershipRelation>;
  /** Delete commands of unmanaged objects, by type. */
  readonly deleteCommands: ReadonlyMap<string, DeleteCommand>;
}

interface Table {
  rules: RuleSet;
  comparators: Map<string, Comparator>;
  derivedMaps: DerivedMap[];
  parents: Map<string, OwnedParent>;
  relations: Map<string, OwnershipRelation>;
  secrets: Map<string, readonly string[]>;
  deleteCommands: Map<string, DeleteCommand>;
}

const without = <T>(list: readonly T[] | undefined, drop: readonly T[] | undefined) =>
  list === undefined || drop === undefined ? list : list.filter((x) => !drop.includes(x));

/** `rules` without the globs and keys listed in `drop`. */
function removeFromType(rules: TypeRules, drop: TypeRules): TypeRules {
  const out: Record<string, unknown> = { ...rules };
  for (const [key, removed] of Object.entries(drop) as [keyof TypeRules, unknown][]) {
    const current = rules[key];
    if (current === undefined) continue;
    if (key === 'emptyEqualsNull') {
      if (removed === true) delete out[key];
      else if (Array.isArray(current) && Array.isArray(removed))
        out[key] = without(current, removed);
    } else if (Array.isArray(current) && Array.isArray(removed)) {
      out[key] = without(current, removed as string[]);
    } else if (typeof current === 'object' && typeof removed === 'object' && removed !== null) {
      const record = { ...(current as Record<string, unknown>) };
      for (const glob of Object.keys(removed)) delete record[glob];
      out[key] = record;
    }
  }
  return out;
}

function removeRules(rules: RuleSet, drop: RuleRemovals): RuleSet {
  const out: RuleSet = { ...rules };
  for (const [type, removal] of Object.entries(drop)) {
    const current = out[type];
    if (current === undefined) continue;
    if (removal === true) delete out[type];
    else out[type] = removeFromType(current, removal);
  }
  return out;
}

function applyRemovals(table: Table, remove: PackRemovals): void {
  if (remove.rules !== undefined) table.rules = removeRules(table.rules, remove.rules);
  for (const name of remove.comparators ?? []) table.comparators.delete(name);
  if (remove.derivedMaps !== undefined) {
    const drop = remove.derivedMaps;
    table.derivedMaps = table.derivedMaps.filter((m) => !drop.includes(m.attribute));
  }
  for (const owner of remove.relations ?? []) table.relations.delete(owner);
  for (const parent of remove.parents ?? []) table.parents.delete(parent);
  for (const type of remove.secrets ?? []) table.secrets.delete(type);
  for (const type of remove.deleteCommands ?? []) table.deleteCommands.delete(type);
}

function addPack(table: Table, pack: Pack): void {
  if (pack.remove !== undefined) applyRemovals(table, pack.remove);
  if (pack.rules !== undefined) table.rules = mergeRules(table.rules, pack.rules) ?? {};
  for (const [name, comparator] of Object.entries(pack.comparators ?? {})) {
    table.comparators.set(name, comparator);
  }
  for (const map of pack.derivedMaps ?? []) {
    table.derivedMaps = [...table.derivedMaps.filter((m) => m.attribute !== map.attribute), map];
  }
  for (const [type, parent] of Object.entries(pack.ownership?.parents ?? {})) {
    table.parents.set(type, parent);
  }
  for (const relation of pack.ownership?.relations ?? []) {
    table.relations.set(relation.owner, relation);
  }
  for (const [type, globs] of Object.entries(pack.secrets ?? {})) {
    table.secrets.set(type, [...(table.secrets.get(type) ?? []), ...globs]);
  }
  for (const [type, command] of Object.entries(pack.deleteCommands ?? {})) {
    table.deleteCommands.set(type, command);
  }
}

/** Attribute → the attributes that mirror its secret places (a derived map and its parts). */
function mirrorsOf(maps: readonly DerivedMap[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const link = (from: string, to: string) => out.set(from, [...(out.get(from) ?? []), to]);
  for (const map of maps) {
    for (const part of map.parts) {
      link(part, map.attribute);
      link(map.attribute, part);
    }
  }
  return out;
}

function foldPacks(packs: readonly Pack[]): Table {
  const table: Table = {
    rules: {},
    comparators: new Map(),
    derivedMaps: [],
    parents: new Map(),
    relations: new Map(),
    secrets: new Map(),
    deleteCommands: new Map(),
  };
  for (const pack of packs) addPack(table, pack);
  return table;
}

/** The packs that stay: a pack's `remove.packs` drops earlier packs of those sources. */
function survivors(packs: readonly Pack[]): Pack[] {
  const kept: Pack[] = [];
  for (const pack of packs) {
    const drop = pack.remove?.packs;
    if (drop !== undefined) {
      for (let i = kept.length - 1; i >= 0; i--) {
        if (drop.includes((kept[i] as Pack).source)) kept.splice(i, 1);
      }
    }
    kept.push(pack);
  }
  return kept;
}

/**
 * Throws an `InvalidOptionError` (option: `option` then the rule's place) when `rules`
 * name a comparator that is not in `comparators`: said up front, not mid-scan.
 * @internal
 */
export function checkComparatorNames(
  rules: RuleSet,
  comparators: ComparatorTable,
  option: string,
): void {
  for (const [type, typeRules] of Object.entries(rules)) {
    for (const [glob, name] of Object.entries(typeRules.compare ?? {})) {
      if (!comparators.has(name)) {
        throw new InvalidOptionError(
          `Rules for ${type} compare ${glob} with ${JSON.stringify(name)}, which no pack defines`,
          { option: `${option}/${escapeToken(type)}/compare/${escapeToken(glob)}` },
        );
      }
    }
  }
}

/**
 * Folds `packs` (shapes already checked, built-in ones first) into one table. Throws an
 * `InvalidOptionError` when the resolved rules name a comparator no pack defines (for
 * instance after a pack removed it).
 * @internal
 */
export function resolvePacks(packs: readonly Pack[]): ResolvedPacks {
  const kept = survivors(packs);
  const table = foldPacks(kept);
  checkComparatorNames(table.rules, table.comparators, '/packs/rules');
  return {
    sources: kept.map((p) => p.source),
    rules: table.rules,
    comparators: table.comparators,
    derivedMaps: table.derivedMaps,
    secrets: { byType: table.secrets, mirrors: mirrorsOf(table.derivedMaps) },
    parents: table.parents,
    relations: table.relations,
    deleteCommands: table.deleteCommands,
  };
}
