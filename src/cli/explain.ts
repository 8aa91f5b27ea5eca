/**
 * `tfdrift explain ADDRESS`: scan, then print everything about one resource: status, ids,
 * error, every change with both values in full, and the patch.
 */
import { escapeControls, formatReport } from '../index.js';
import { SCAN_OPTIONS, SCAN_OPTIONS_HELP, UsageError, parse } from './args.js';
import { EXIT_DRIFT, EXIT_ERROR, EXIT_IN_SYNC } from './exit-codes.js';
import type { CliIO } from './io.js';
import { runScan } from './scan.js';

const EXPLAIN_HELP = `Usage: tfdrift explain ADDRESS [options]

Scan, then print one resource's status and changes in full (values are not cut), with its
RFC 6902 patch. Exit codes: 0 in sync, 2 drifted or missing, 1 error or not in state.

${SCAN_OPTIONS_HELP}

Explain:
  --format F              text (default) or json (the resource's entry of the report)
`;

/** `tfdrift explain`. */
export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...SCAN_OPTIONS, format: { type: 'string' } },
    'explain',
    true,
  );
  if (values.help === true) {
    io.stdout.write(EXPLAIN_HELP);
    return EXIT_IN_SYNC;
  }
  const [address, extra] = positionals;
  if (address === undefined) throw new UsageError('explain needs an ADDRESS', 'explain');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, 'explain');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got '${format}'`, 'explain');
  }
  const { report } = await runScan(values, io, 'explain');
  const matches = report.resources.filter((r) => r.address === address);
  if (matches.length === 0) {
    const near = report.resources
      .map((r) => r.address)
      .filter((a) => a.includes(address) || address.includes(a))
      .slice(0, 3);
    const hint = near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '';
    io.stderr.write(escapeControls(`tfdrift: no resource ${address} in state${hint}`) + '\n');
    return EXIT_ERROR;
  }
  const only = { ...report, resources: matches };
  const reveal = values['reveal-sensitive'] === true;
  if (format === 'json') {
    const entries = (
      JSON.parse(formatReport(only, 'json', { revealSensitive: reveal })) as {
        resources: unknown[];
      }
    ).resources;
    const json = JSON.stringify(entries.length === 1 ? entries[0] : entries, null, 2);
    // Pretty JSON breaks lines only between tokens: escaping line by line keeps it valid.
    io.stdout.write(`${json.split('\n').map(escapeControls).join('\n')}\n`);
  } else {
    io.stdout.write(formatReport(only, 'text', { verbose: true, revealSensitive: reveal }));
  }
  // As with `scan`: a resource that could not be read is not in sync.
  if (matches.some((r) => r.status === 'unknown')) return EXIT_ERROR;
  return matches.some((r) => r.status === 'drifted' || r.status === 'missing')
    ? EXIT_DRIFT
    : EXIT_IN_SYNC;
}
