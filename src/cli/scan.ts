/**
 * `tfdrift scan`: load the states, read the live side, print the report, and exit 0 (in sync),
 * 2 (drift, as `--fail-on` counts it) or 1 (error). Also the scanning core that `baseline` and
 * `explain` reuse. Only the public API is used, so this file doubles as a reference for
 * users who wrap tfdrift in their own CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  FAIL_ON_STATUSES,
  REPORT_FORMATS,
  detectDrift,
  formatReport,
  parseConfig,
  scanVerdict,
  snapshotProvider,
  terraformProvider,
  escapeControls,
} from '../index.js';
import type {
  DriftReport,
  FailOnStatus,
  Provider,
  ReportFormat,
  TerraformConfig,
} from '../index.js';
import {
  SCAN_OPTIONS,
  SCAN_OPTIONS_HELP,
  UsageError,
  parse,
  positiveInt,
  remediationPolicy,
  seconds,
} from './args.js';
import { EXIT_IN_SYNC } from './exit-codes.js';
import type { CliIO, InputFiles } from './io.js';
import { refuseInputAsOutput, writeFileAtomic } from './io.js';
import { createProgress } from './progress.js';

export const SCAN_HELP = `Usage: tfdrift scan [options]

Compare Terraform state with the live infrastructure and print a drift report.
Exit codes: 0 every instance read and in sync, 2 drift found (see --fail-on), 1 error
(including resources that could not be read, unless --accept-unknown), 130 interrupted.

${SCAN_OPTIONS_HELP}

Report:
  --format F              text (default), json, markdown, sarif, junit, html
  --output FILE           write the report to FILE instead of stdout
  --fail-on LIST          statuses that make the exit code 2 (default drifted,missing);
                          any of drifted, missing, unknown, unsupported, unmanaged, or none
  --accept-unknown        resources that could not be read (unknown) do not fail the scan

Examples:
  tfdrift scan --state terraform.tfstate --snapshot live.json
  tfdrift scan --config . --aws --region eu-west-1 --format sarif --output drift.sarif
  tfdrift scan --config ./infra --plugins --provider-config providers.json
`;

/** Values of the options every scanning command shares. */
export type ScanValues = ReturnType<typeof parse<typeof SCAN_OPTIONS>>['values'];

/** `--plugins [DIR]` and `--provider-config FILE`: the provider-plugin reader. */
async function pluginProviderFrom(
  values: ScanValues,
  io: CliIO,
  command: string,
): Promise<Provider> {
  let config: Record<string, Record<string, unknown>> | undefined;
  const file = values['provider-config'];
  if (file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'));
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
      throw new UsageError(`--provider-config ${file} ${reason}`, command);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(
        `--provider-config ${file} must hold an object keyed by provider source`,
        command,
      );
    }
    config = parsed as Record<string, Record<string, unknown>>;
  }
  // gRPC and protobuf are optional: load the plugin entry only when asked for.
  const { pluginProvider } = await import('../plugin.js');
  return pluginProvider({
    cwd: resolve(io.cwd, values.config ?? '.'),
    pluginDirs: values.plugins ? [resolve(io.cwd, values.plugins)] : [],
    ...(config ? { config } : {}),
  });
}

/** The providers the command line asks for (exactly one live source). */
export async function providersFrom(
  values: ScanValues,
  io: CliIO,
  command: string,
): Promise<Provider[]> {
  const chosen = [
    values.snapshot !== undefined,
    values.terraform !== undefined,
    values.aws === true,
    values.plugins !== undefined,
  ];
  const count = chosen.filter(Boolean).length;
  if (count === 0) {
    throw new UsageError(
      'no live source: use --snapshot FILE, --terraform DIR or --aws (or --plugins [DIR])',
      command,
    );
  }
  if (count > 1) {
    throw new UsageError('choose one of --snapshot, --terraform and --aws (or --plugins)', command);
  }
  if (values['provider-config'] !== undefined && values.plugins === undefined) {
    throw new UsageError('--provider-config only applies with --plugins', command);
  }
  if (values.region !== undefined && values.aws !== true) {
    throw new UsageError('--region only applies with --aws', command);
  }
  if (values.snapshot !== undefined) {
    return [snapshotProvider({ file: resolve(io.cwd, values.snapshot) })];
  }
  if (values.terraform !== undefined) {
    return [terraformProvider({ cwd: resolve(io.cwd, values.terraform) })];
  }
  if (values.plugins !== undefined) return [await pluginProviderFrom(values, io, command)];
  // The AWS SDK is heavy and optional: load the AWS entry only when asked for.
  const { awsProvider } = await import('../aws.js');
  return [awsProvider(values.region === undefined ? {} : { regions: values.region })];
}

/** The ignore rules: `--ignore-file`, else `./.driftignore` when present. */
export function ignoreText(values: ScanValues, io: CliIO, command: string): string | undefined {
  const given = values['ignore-file'];
  const file = resolve(io.cwd, given ?? '.driftignore');
  if (given === undefined && !existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ignore file ${given ?? '.driftignore'}`, command);
  }
}

/** The state sources: `--state`, else `./terraform.tfstate`, else the backend of `--config`. */
export function stateSources(values: ScanValues, io: CliIO, command: string): string[] | undefined {
  if (values.state !== undefined) {
    // Paths stay relative (to the process's directory) so the report names them as typed,
    // which keeps SARIF locations relative to the repository root.
    return values.state.map((s) =>
      s === '-' || /^[a-z][a-z0-9+.-]+:/i.test(s)
        ? s
        : relative(process.cwd(), resolve(io.cwd, s)) || '.',
    );
  }
  if (values.config !== undefined) return undefined;
  const local = resolve(io.cwd, 'terraform.tfstate');
  if (existsSync(local)) return [relative(process.cwd(), local)];
  throw new UsageError('no state: use --state SRC, or --config DIR with a backend block', command);
}

/** What a scan produced, with what the formatters need to point at code. */
export interface ScanOutcome {
  report: DriftReport;
  config?: TerraformConfig;
}

/** Runs the scan the shared options describe. */
export async function runScan(
  values: ScanValues,
  io: CliIO,
  command: string,
): Promise<ScanOutcome> {
  const state = stateSources(values, io, command);
  const concurrency = positiveInt(values.concurrency, 'concurrency', command);
  const readTimeoutMs = seconds(values['read-timeout'], 'read-timeout', command);
  const remediation = remediationPolicy(values.remediation, command);
  const ignore = ignoreText(values, io, command);
  const providers = await providersFrom(values, io, command);
  const config =
    values.config === undefined ? undefined : await parseConfig(resolve(io.cwd, values.config));
  const progress = createProgress(io.stderr, { quiet: values.quiet === true });
  try {
    const report = await detectDrift({
      ...(state === undefined ? {} : { state }),
      providers,
      ...(config === undefined ? {} : { config }),
      ...(ignore === undefined ? {} : { ignore }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(readTimeoutMs === undefined ? {} : { readTimeoutMs }),
      unmanaged: values.unmanaged === true,
      revealSensitive: values['reveal-sensitive'] === true,
      ...(remediation === undefined ? {} : { remediation }),
      onProgress: (event) => progress.onProgress(event),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
    // Declared files are relative to the config directory; made relative to the working
    // directory (the repository root in CI) they become stable SARIF locations.
    const located =
      config === undefined ? undefined : { ...config, dir: relative(io.cwd, config.dir) || '.' };
    return { report, ...(located === undefined ? {} : { config: located }) };
  } finally {
    progress.finish();
    await Promise.allSettled(providers.map(async (p) => p.close?.()));
  }
}

/** Parses `--fail-on`; counting unmanaged resources needs `--unmanaged` to look for them. */
function failOnFrom(value: string | undefined, unmanaged: boolean): readonly FailOnStatus[] {
  if (value === undefined) return ['drifted', 'missing'];
  if (value.trim() === 'none') return [];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = list.find((s) => !(FAIL_ON_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined || list.length === 0) {
    throw new UsageError(
      `--fail-on takes a list of ${FAIL_ON_STATUSES.join(', ')} (or none), got '${bad ?? value}'`,
      'scan',
    );
  }
  if (list.includes('unmanaged') && !unmanaged) {
    throw new UsageError(
      '--fail-on unmanaged needs --unmanaged (without it no unmanaged resource is looked for)',
      'scan',
    );
  }
  return list as FailOnStatus[];
}

/** Parses `--format`. */
function formatFrom(value: string | undefined, command: string): ReportFormat {
  if (value === undefined) return 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(
      `--format must be one of ${REPORT_FORMATS.join(', ')}, got '${value}'`,
      command,
    );
  }
  return value as ReportFormat;
}

/** `tfdrift scan`. */
export async function scanCommand(argv: string[], io: CliIO, version: string): Promise<number> {
  const { values } = parse(
    argv,
    {
      ...SCAN_OPTIONS,
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      'accept-unknown': { type: 'boolean' },
    },
    'scan',
  );
  if (values.help === true) {
    io.stdout.write(SCAN_HELP);
    return EXIT_IN_SYNC;
  }
  const format = formatFrom(values.format, 'scan');
  const failOn = failOnFrom(values['fail-on'], values.unmanaged === true);
  const toFile = values.output !== undefined && values.output !== '-';
  // The report never replaces what the scan reads (the default .driftignore included).
  const inputs: InputFiles = { ...values, 'ignore-file': values['ignore-file'] ?? '.driftignore' };
  if (toFile) refuseInputAsOutput(values.output as string, inputs, io.cwd);
  const { report, config } = await runScan(values, io, 'scan');
  const text = formatReport(report, format, {
    ...(toFile ? { color: false } : {}),
    ...(config === undefined ? {} : { config }),
    revealSensitive: values['reveal-sensitive'] === true,
    toolVersion: version,
  });
  if (toFile) {
    const target = values.output as string;
    writeFileAtomic(target, text, inputs, io.cwd);
    if (values.quiet !== true)
      io.stderr.write(`tfdrift: wrote ${format} report to ${escapeControls(target)}\n`);
  } else {
    io.stdout.write(text);
  }
  const { verdict, exitCode } = scanVerdict(report, {
    failOn,
    acceptUnknown: values['accept-unknown'] === true,
  });
  if (verdict === 'incomplete') {
    const n = report.summary.unknown;
    io.stderr.write(
      `tfdrift: the scan is incomplete: ${n} resource${n === 1 ? '' : 's'} could not be read (unknown); pass --accept-unknown to accept them\n`,
    );
  }
  return exitCode;
}
