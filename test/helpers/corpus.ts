/**
 * Where the shared corpus lives. CI sets TFDRIFT_CORPUS and then it must exist; in a user's
 * fresh clone there is no ../shared, and corpus tests skip with a visible note.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const fromEnv = process.env.TFDRIFT_CORPUS;
const dir = resolve(fromEnv ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'));

if (fromEnv !== undefined && !existsSync(dir)) {
  throw new Error(`TFDRIFT_CORPUS is set to ${fromEnv} but ${dir} does not exist`);
}

/** Whether the corpus is present. */
export const hasCorpus = existsSync(dir);

if (!hasCorpus) {
  console.warn(`[tfdrift tests] corpus not found at ${dir}: corpus tests are skipped`);
}

/** Absolute path of a file or folder in the corpus. */
export function corpusPath(...parts: string[]): string {
  return join(dir, ...parts);
}

/** File names in a corpus folder (empty when the corpus is absent). */
export function corpusFiles(folder: string): string[] {
  return hasCorpus ? readdirSync(join(dir, folder)).sort() : [];
}
