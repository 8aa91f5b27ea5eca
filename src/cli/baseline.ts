/**
 * `tfdrift baseline`: accept today's drift. It scans like `scan` and appends one `.driftignore`
 * rule per drifted attribute (address and JSON Pointer) and per missing resource (the whole
 * address), so a first run on a large estate shows only what changes from now on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { escapeControls, parseDriftignore } from '../index.js';
import type { DriftReport } from '../index.js';
import { CliError, SCAN_OPTIONS, SCAN_OPTIONS_HELP, parse } from './args.js';
import { EXIT_IN_SYNC } from './exit-codes.js';
import type { CliIO, InputFiles } from './io.js';
import { refuseInputAsOutput, writeFileAtomic } from './io.js';
import { ruleSpellingProblem } from './rule-spelling.js';
import { runScan } from './scan.js';

const BASELINE_HELP = `Usage: tfdrift baseline [options]

Scan, then write .driftignore rules that accept the drift found today: one rule per drifted
attribute (address and JSON Pointer) and one per missing resource (the whole address). A
changed list or set element is accepted by ignoring the list (or the attribute in every
element). Rules are appended to an existing file, which the scan already honours; rules it
holds already are not written again. Resources that could not be read are not baselined.

${SCAN_OPTIONS_HELP}

Baseline:
  --output FILE           where to write the rules (default: --ignore-file, else .driftignore;
                          - for stdout)
`;

/** Whether a pointer token may be an array position: an index, or `-` (an append). */
function isPosition(token: string): boolean {
  return token === '-' || /^(0|[1-9]\d*)$/.test(token);
}

/**
 * A pointer as a `.driftignore` path glob that the next scan honours.
 *
 * - Positions in lists and sets are not stable (a set element added out of band is `/-` in
 *   the patch, and set order is the API's), so an element added, removed or replaced is
 *   accepted by ignoring its whole list (`/ingress/-` → `/ingress`), and a change inside an
 *   element by ignoring that attribute in every element (the position becomes `*`).
 * - `*` in a token and ` #` (which would start a comment) cannot be written literally, so
 *   such a token becomes `*`.
 *
 * Every rule is a little wider than the change, never narrower; a numeric map key is read
 * as a position too.
 */
function pointerGlob(pointer: string): string {
  const tokens = pointer.split('/').slice(1);
  const last = tokens.findLastIndex((token) => !isPosition(token));
  const kept = tokens.slice(0, last + 1);
  return kept
    .map((token) =>
      isPosition(token) || token.includes('*') || /\s#/.test(token) || /\s$/.test(token)
        ? '*'
        : token,
    )
    .map((token) => `/${token}`)
    .join('');
}

/** `text` quoted, with every control, C1 and bidi character escaped so a terminal shows it. */
function visible(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The rules that accept the report's drift, without duplicates, in report order. A rule that
 * `.driftignore` cannot spell exactly (see `rule-spelling.ts`) is left out and described in
 * `refused`: its drift stays reported.
 */
export function baselineRules(report: DriftReport, refused: string[] = []): string[] {
  const rules = new Set<string>();
  const add = (address: string, path?: string): void => {
    const line = path === undefined ? address : `${address} ${path}`;
    const problem = ruleSpellingProblem(line, address, path);
    if (problem === undefined) rules.add(line);
    else refused.push(`${visible(line)}: ${problem}`);
  };
  for (const r of report.resources) {
    // A deposed object shares its address with the current one: a rule would hide both.
    if (r.deposed !== undefined) continue;
    if (r.status === 'missing') add(r.address);
    if (r.status === 'drifted') {
      for (const c of r.changes) {
        const glob = pointerGlob(c.path);
        // A change at a top-level position cannot happen (attributes are an object).
        add(r.address, glob === '' ? undefined : glob);
      }
    }
  }
  return [...rules];
}

/** The rules of `text` (an existing ignore file), as `address path` keys. */
function existingRules(text: string): Set<string> {
  try {
    return new Set(
      parseDriftignore(text)
        .filter((rule) => rule.negate !== true)
        .map((rule) => (rule.path === undefined ? rule.address : `${rule.address} ${rule.path}`)),
    );
  } catch {
    // The scan read this file already; if it stopped parsing, every rule counts as new.
    return new Set();
  }
}

/** `tfdrift baseline`. */
export async function baselineCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    { ...SCAN_OPTIONS, output: { type: 'string', short: 'o' } },
    'baseline',
  );
  if (values.help === true) {
    io.stdout.write(BASELINE_HELP);
    return EXIT_IN_SYNC;
  }
  const target = values.output ?? values['ignore-file'] ?? '.driftignore';
  // The rules go into the ignore file by design; every other input stays untouched.
  const inputs: InputFiles = { ...values, 'ignore-file': undefined };
  if (target !== '-') refuseInputAsOutput(target, inputs, io.cwd);
  const { report } = await runScan(values, io, 'baseline');
  const file = resolve(io.cwd, target);
  let before: string | undefined;
  if (target !== '-' && existsSync(file)) {
    try {
      before = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? ''}`);
    }
  }
  // Rules already in the file are not written twice (a rerun after a scan that still fails).
  const present = before === undefined ? new Set<string>() : existingRules(before);
  const refused: string[] = [];
  const rules = baselineRules(report, refused).filter((rule) => !present.has(rule));
  for (const why of refused) io.stderr.write(`tfdrift: warning: no baseline rule for ${why}\n`);
  const unknown = report.summary.unknown;
  if (unknown > 0 && values.quiet !== true) {
    io.stderr.write(
      `tfdrift: ${unknown} resource${unknown === 1 ? '' : 's'} could not be read: their drift is not in the baseline\n`,
    );
  }
  if (rules.length === 0 && target !== '-') {
    if (values.quiet !== true)
      io.stderr.write(`tfdrift: no new rules for ${escapeControls(target)}\n`);
    return EXIT_IN_SYNC;
  }
  const block = [
    `# tfdrift baseline ${report.generatedAt}: ${rules.length} rule${rules.length === 1 ? '' : 's'}`,
    ...rules,
    '',
  ].join('\n');
  if (target === '-') {
    io.stdout.write(block);
    return EXIT_IN_SYNC;
  }
  let text = block;
  if (before !== undefined) {
    text = before + (before === '' || before.endsWith('\n') ? '\n' : '\n\n') + block;
  }
  // Appending rewrites the whole file through a temporary one: never half a rule.
  writeFileAtomic(target, text, inputs, io.cwd);
  if (values.quiet !== true) {
    io.stderr.write(
      `tfdrift: wrote ${rules.length} rule${rules.length === 1 ? '' : 's'} to ${escapeControls(target)}\n`,
    );
  }
  return EXIT_IN_SYNC;
}
