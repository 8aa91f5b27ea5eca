/**
 * Shape checks of a pack given by a caller: a pack is plain data plus functions, and a
 * mistake in it (a comparator that is not a function, a relation without parents) should
 * fail before the scan with the JSON Pointer of the bad spot, not as a crash mid-diff.
 */
import { InvalidOptionError } from '../errors.js';
import { escapeToken } from '../diff/json-pointer.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

function fail(path: string, message: string): never {
  throw new InvalidOptionError(`Invalid pack at ${path}: ${message}`, {
    option: path,
    issues: [{ path, message }],
  });
}

function checkRecordOf(
  value: unknown,
  path: string,
  what: string,
  each: (entry: unknown, path: string) => void,
): void {
  if (value === undefined) return;
  if (!isRecord(value)) fail(path, `expected an object of ${what}`);
  for (const [key, entry] of Object.entries(value)) each(entry, `${path}/${escapeToken(key)}`);
}

function checkComparator(value: unknown, path: string): void {
  if (!isRecord(value) || typeof value.canonical !== 'function') {
    fail(path, 'a comparator needs a `canonical(text)` function');
  }
}

function checkSharedAttribute(value: unknown, path: string): void {
  if (!isRecord(value)) fail(path, 'expected a shared attribute');
  const { shape } = value;
  if (shape === 'atoms') {
    const atoms = value.atoms;
    for (const name of ['holds', 'filter', 'key', 'shapeKey', 'merge']) {
      if (!isRecord(atoms) || typeof atoms[name] !== 'function') {
        fail(`${path}/atoms`, `an atoms shape needs a \`${name}\` function`);
      }
    }
  } else if (shape === 'values' || shape === 'elements') {
    if (value.key !== undefined && typeof value.key !== 'function') {
      fail(`${path}/key`, 'expected a function');
    }
  } else if (shape !== 'whole') {
    fail(`${path}/shape`, 'expected `whole`, `values`, `elements` or `atoms`');
  }
}

function checkParent(value: unknown, path: string): void {
  if (!isRecord(value) || !isStringList(value.identity)) {
    fail(`${path}/identity`, 'expected a list of attribute names');
  }
  checkRecordOf(value.shared, `${path}/shared`, 'shared attributes', checkSharedAttribute);
}

function checkRelation(value: unknown, path: string): void {
  if (!isRecord(value)) fail(path, 'expected an ownership relation');
  if (typeof value.owner !== 'string' || value.owner === '')
    fail(`${path}/owner`, 'expected a type');
  if (!isStringList(value.parents)) fail(`${path}/parents`, 'expected a list of types');
  if (typeof value.parentRef !== 'string') fail(`${path}/parentRef`, 'expected an attribute name');
  if (typeof value.claims !== 'function') fail(`${path}/claims`, 'expected a function');
}

function checkDerivedMap(value: unknown, path: string): void {
  if (!isRecord(value) || typeof value.attribute !== 'string') {
    fail(`${path}/attribute`, 'expected an attribute name');
  }
  if (!isStringList(value.parts) || (value.parts as string[]).length === 0) {
    fail(`${path}/parts`, 'expected a non-empty list of attribute names');
  }
  if (value.whenLiveLacks !== 'use-first-part' && value.whenLiveLacks !== 'compare-first-part') {
    fail(`${path}/whenLiveLacks`, 'expected `use-first-part` or `compare-first-part`');
  }
}

function checkRemovals(value: unknown, path: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) fail(path, 'expected an object of removals');
  for (const key of [
    'packs',
    'comparators',
    'derivedMaps',
    'relations',
    'parents',
    'secrets',
    'deleteCommands',
  ]) {
    if (value[key] !== undefined && !isStringList(value[key])) {
      fail(`${path}/${key}`, 'expected a list of names');
    }
  }
  checkRecordOf(value.rules, `${path}/rules`, 'rule removals', (entry, p) => {
    if (entry !== true && !isRecord(entry)) fail(p, 'expected `true` or rules to remove');
  });
}

/**
 * Throws an `InvalidOptionError` (option: the JSON Pointer of the bad spot under `path`)
 * unless `pack` has a pack's shape.
 * @internal
 */
export function checkPack(pack: unknown, path: string): void {
  if (!isRecord(pack)) fail(path, 'expected a pack object');
  if (typeof pack.source !== 'string' || pack.source === '') {
    fail(`${path}/source`, 'expected a provider source such as `acme/widgets`');
  }
  checkRecordOf(pack.rules, `${path}/rules`, 'type rules', (entry, p) => {
    if (!isRecord(entry)) fail(p, 'expected type rules');
  });
  checkRecordOf(pack.comparators, `${path}/comparators`, 'comparators', checkComparator);
  if (pack.derivedMaps !== undefined) {
    if (!Array.isArray(pack.derivedMaps)) fail(`${path}/derivedMaps`, 'expected a list');
    pack.derivedMaps.forEach((m, i) => checkDerivedMap(m, `${path}/derivedMaps/${i}`));
  }
  const ownership = pack.ownership;
  if (ownership !== undefined) {
    if (!isRecord(ownership)) fail(`${path}/ownership`, 'expected an object');
    checkRecordOf(ownership.parents, `${path}/ownership/parents`, 'parents', checkParent);
    if (ownership.relations !== undefined) {
      if (!Array.isArray(ownership.relations)) {
        fail(`${path}/ownership/relations`, 'expected a list');
      }
      ownership.relations.forEach((r, i) => checkRelation(r, `${path}/ownership/relations/${i}`));
    }
  }
  checkRecordOf(pack.secrets, `${path}/secrets`, 'pointer globs', (entry, p) => {
    if (!isStringList(entry)) fail(p, 'expected a list of JSON Pointer globs');
  });
  checkRecordOf(pack.deleteCommands, `${path}/deleteCommands`, 'delete commands', (entry, p) => {
    if (!isRecord(entry) || typeof entry.command !== 'string' || entry.command === '') {
      fail(p, 'expected `{ command, idFlag?, idPrefix?, locationFlag? }`');
    }
    for (const key of ['idFlag', 'idPrefix', 'locationFlag']) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') {
        fail(`${p}/${key}`, 'expected a string');
      }
    }
  });
  checkRemovals(pack.remove, `${path}/remove`);
}
