/**
 * Argument parsing on top of `node:util` `parseArgs`: the options every scanning command shares,
 * and usage errors as one clear line.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** A command line the CLI cannot act on. The message is one line, shown as is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose `--help` explains it. */
    readonly command?: string,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A failure outside tfdrift's API (writing the output...), shown as one line. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Options of every command that runs a scan (`scan`, `baseline`, `explain`). */
export const SCAN_OPTIONS = {
  state: { type: 'string', multiple: true },
  config: { type: 'string' },
  snapshot: { type: 'string' },
  terraform: { type: 'string' },
  aws: { type: 'boolean' },
  region: { type: 'string', multiple: true },
  plugins: { type: 'string' },
  'provider-config': { type: 'string' },
  'ignore-file': { type: 'string' },
  unmanaged: { type: 'boolean' },
  concurrency: { type: 'string' },
  'read-timeout': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  'reveal-sensitive': { type: 'boolean' },
  remediation: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The text of the shared scan options in `--help`. */
export const SCAN_OPTIONS_HELP = `State (one or more; default ./terraform.tfstate, or the backend of --config):
  --state SRC             a path, file: URL, s3://, gs://, http(s)://, tfc://org/workspace, or - (stdin)
  --config DIR            Terraform configuration: ignore_changes, backend, declared resources

Live side (choose one):
  --snapshot FILE         live attributes from a JSON snapshot (offline)
  --terraform DIR         run terraform plan -refresh-only in an initialised working directory
  --aws                   read AWS with the SDK's default credentials
  --plugins [DIR]         run the Terraform provider binaries directly (from DIR, ./.terraform,
                          the plugin cache and mirrors); no terraform binary needed
  --provider-config FILE  with --plugins: provider settings as JSON, keyed by source
                          ({"hashicorp/aws": {"region": "eu-west-1"}})
  --region R              AWS region(s) to read and list (repeatable)

Scan:
  --ignore-file FILE      .driftignore rules (default ./.driftignore when it exists)
  --unmanaged             also look for live resources that no state holds
  --concurrency N         reads at once (default 8)
  --read-timeout SECONDS  give up a provider call silent this long (default 300)
  --reveal-sensitive      print secret values instead of redacting them
  --remediation POLICY    the fix suggested for drift: replace (default, terraform apply
                          -replace=ADDR) or revert (terraform apply -target=ADDR)

Output:
  -q, --quiet             no progress or notes on stderr
  --debug                 stack traces on errors
  -h, --help              this help`;

/** Parses `argv` for `command`, turning parseArgs' errors into {@link UsageError}s. */
/** Options whose value may be left out (`--plugins` alone means "no extra directory"). */
const OPTIONAL_VALUE = new Set(['plugins']);

/** Gives a bare optional-value option an empty value, so the strict parser accepts it. */
function withOptionalValues(argv: string[], options: Options): string[] {
  return argv.map((arg, i) => {
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined || !OPTIONAL_VALUE.has(name) || !(name in options)) return arg;
    const next = argv[i + 1];
    return next === undefined || next.startsWith('-') ? `${arg}=` : arg;
  });
}

export function parse<T extends Options>(
  argv: string[],
  options: T,
  command: string,
  allowPositionals = false,
): {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>['values'];
  positionals: string[];
} {
  try {
    const { values, positionals } = parseArgs({
      args: withOptionalValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    if (!allowPositionals && positionals.length > 0) {
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`, command);
    }
    return { values, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), command);
  }
}

/** A positive integer option, or `undefined` when absent. */
export function positiveInt(
  value: string | undefined,
  name: string,
  command: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got '${value}'`, command);
  return n;
}

/** `--remediation`: `replace` or `revert`, or `undefined` when absent. */
export function remediationPolicy(
  value: string | undefined,
  command: string,
): 'replace' | 'revert' | undefined {
  if (value === undefined || value === 'replace' || value === 'revert') return value;
  throw new UsageError(`--remediation must be replace or revert, got '${value}'`, command);
}

/** A duration option in seconds (decimals allowed), in milliseconds, or `undefined` when absent. */
export function seconds(
  value: string | undefined,
  name: string,
  command: string,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = Math.round(Number(value) * 1000);
  // The upper bound is what a timer can wait (about 24 days).
  if (value.trim() === '' || !Number.isFinite(ms) || ms < 1 || ms > 2_147_483_647)
    throw new UsageError(
      `--${name} must be a number of seconds from 0.001 to 2147483, got '${value}'`,
      command,
    );
  return ms;
}
