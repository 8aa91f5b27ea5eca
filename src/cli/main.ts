/**
 * The `tfdrift` command: dispatches to `scan`, `baseline`, `explain` and `watch`, prints `--help` and
 * `--version`, and turns every error into one clear line on stderr (with the stack only under
 * `--debug`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeControls, isTfdriftError } from '../index.js';
import { CliError, UsageError } from './args.js';
import { baselineCommand } from './baseline.js';
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_IN_SYNC } from './exit-codes.js';
import { explainCommand } from './explain.js';
import { processIO } from './io.js';
import type { CliIO } from './io.js';
import { scanCommand } from './scan.js';
import { watchCommand } from './watch.js';

const HELP = `Usage: tfdrift <command> [options]

Detect drift between Terraform state and the live infrastructure.

Commands:
  scan                 compare state with live resources and print a report
  baseline             write .driftignore rules that accept today's drift
  explain ADDRESS      print one resource's changes in full
  watch                watch continuously: drift events as JSON lines, webhooks, metrics

Options:
  -h, --help           help (also: tfdrift <command> --help)
  -v, --version        print the version

Exit codes: 0 in sync, 2 drift found, 1 error, 130 interrupted.
`;

/** The package version, from the package.json above this file (src/cli/ or dist/). */
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfdrift' && pkg.version !== undefined) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

/**
 * One inert line: line breaks folded, other control characters shown as escapes (messages
 * quote file names, addresses and provider errors, which must not drive the terminal).
 */
function oneLine(text: string): string {
  return escapeControls(text.replace(/\s*[\r\n]\s*/g, ' ').trim());
}

/** Prints an error as one line (plus the stack with `--debug`) and returns the exit code. */
function report(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof UsageError) {
    const hint = error.command === undefined ? 'tfdrift --help' : `tfdrift ${error.command} --help`;
    io.stderr.write(`tfdrift: ${oneLine(error.message)} (see '${hint}')\n`);
  } else if (error instanceof CliError) {
    io.stderr.write(`tfdrift: ${oneLine(error.message)}\n`);
  } else if (isTfdriftError(error)) {
    io.stderr.write(`tfdrift: ${oneLine(error.message)} [${oneLine(error.code)}]\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `tfdrift: unexpected error: ${oneLine(message)} (run with --debug for details)\n`,
    );
  }
  if (debug && error instanceof Error && error.stack !== undefined)
    io.stderr.write(`${error.stack.split('\n').map(escapeControls).join('\n')}\n`);
  return EXIT_ERROR;
}

/** After Ctrl-C: say so and give the exit code (the scan may have printed a partial report). */
function interrupted(io: CliIO): number | undefined {
  if (io.signal?.aborted !== true) return undefined;
  io.stderr.write('tfdrift: interrupted\n');
  return EXIT_INTERRUPTED;
}

/** Runs one command. */
async function dispatch(
  command: string | undefined,
  rest: string[],
  io: CliIO,
  version: string,
): Promise<number> {
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout.write(HELP);
      return command === undefined ? EXIT_ERROR : EXIT_IN_SYNC;
    case '-v':
    case '--version':
      io.stdout.write(`${version}\n`);
      return EXIT_IN_SYNC;
    case 'scan':
      return scanCommand(rest, io, version);
    case 'baseline':
      return baselineCommand(rest, io);
    case 'explain':
      return explainCommand(rest, io);
    case 'watch':
      return watchCommand(rest, io);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

/**
 * Runs the CLI with the given arguments and returns the exit code. `io` defaults to the real
 * process; pass your own streams to run it in-process.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    const code = await dispatch(command, rest, io, readVersion());
    return interrupted(io) ?? code;
  } catch (error) {
    return interrupted(io) ?? report(error, io, debug);
  }
}
