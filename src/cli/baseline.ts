/**
 * `tfdrift baseline`: accept today's drift. It scans like `scan` and appends one `.driftignore`
 * rule per drifted attribute (address and JSON Pointer) and per missing resource (the whole
 * address), so a first run on a large estate shows only what changes from now on.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { escapeControls } from '../index.js';
import type { DriftReport } from '../index.js';
import { SCAN_OPTIONS, SCAN_OPTIONS_HELP, parse, writeOutput } from './args.js';
import { EXIT_IN_SYNC } from './exit-codes.js';
import type { CliIO } from './io.js';
import { runScan } from './scan.js';

export const BASELINE_HELP = `Usage: tfdrift baseline [options]

Scan, then write .driftignore rules that accept the drift found today: one rule per drifted
attribute (address and JSON Pointer) and one per missing resource (the whole address). Rules
are appended to an existing file, which the scan already honours.

${SCAN_OPTIONS_HELP}

Baseline:
  --output FILE           where to write the rules (default: --ignore-file, else .driftignore;
                          - for stdout)
`;

/**
 * A pointer as a `.driftignore` path glob. `*` in a token and ` #` (which would start a
 * comment) cannot be written literally, so such a token becomes `*`: a little wider, never
 * narrower.
 */
function pointerGlob(pointer: string): string {
  return pointer
    .split('/')
    .map((token, i) =>
      i > 0 && (token.includes('*') || /\s#/.test(token) || /\s$/.test(token)) ? '*' : token,
    )
    .join('/');
}

/** The rules that accept the report's drift, without duplicates, in report order. */
export function baselineRules(report: DriftReport): string[] {
  const rules = new Set<string>();
  for (const r of report.resources) {
    // A deposed object shares its address with the current one: a rule would hide both.
    if (r.deposed !== undefined) continue;
    if (r.status === 'missing') rules.add(r.address);
    if (r.status === 'drifted')
      for (const c of r.changes) rules.add(`${r.address} ${pointerGlob(c.path)}`);
  }
  return [...rules];
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
  const { report } = await runScan(values, io, 'baseline');
  const rules = baselineRules(report);
  const block = [
    `# tfdrift baseline ${report.generatedAt}: ${rules.length} rule${rules.length === 1 ? '' : 's'}`,
    ...rules,
    '',
  ].join('\n');
  const target = values.output ?? values['ignore-file'] ?? '.driftignore';
  if (target === '-') {
    io.stdout.write(block);
    return EXIT_IN_SYNC;
  }
  const file = resolve(io.cwd, target);
  if (existsSync(file)) {
    const before = readFileSync(file, 'utf8');
    const separator = before === '' || before.endsWith('\n') ? '\n' : '\n\n';
    writeOutput(target, () => appendFileSync(file, separator + block));
  } else {
    writeOutput(target, () => writeFileSync(file, block));
  }
  if (values.quiet !== true) {
    io.stderr.write(
      `tfdrift: wrote ${rules.length} rule${rules.length === 1 ? '' : 's'} to ${escapeControls(target)}\n`,
    );
  }
  return EXIT_IN_SYNC;
}
