/**
 * `terraformProvider`: the live side from Terraform itself. It runs a refresh-only plan in a
 * working directory, so every resource type of every Terraform provider is read with that
 * provider's own normalization. It never applies, never takes the state lock, and never
 * writes state: a refresh-only plan only writes the plan file, which goes to a temporary
 * directory that is removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderConfigError } from '../errors.js';
import { MAX_TIMER_MS } from '../shared/check-number.js';
import { jsonErrorWithoutExcerpt } from '../shared/json-error-message.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import { truncateAtWord } from '../shared/truncate-at-word.js';
import type { ResourceInstance } from '../model/state.js';
import { CommandInterrupted, runCommand } from './run-command.js';
import { planKey, readRefreshedPlan } from './terraform-plan.js';
import { checkTerraformSetup } from './terraform-preflight.js';
import type { RefreshedPlan } from './terraform-plan.js';
import type { Provider, ReadError, ReadResult } from './types.js';

/** Options of {@link terraformProvider}. @public */
export interface TerraformProviderOptions {
  /** The Terraform working directory (already `terraform init`-ed). */
  cwd: string;
  /** `terraform` (default), `tofu`, or a path to either. */
  binary?: string;
  /** The workspace to read, passed as `TF_WORKSPACE` (no `workspace select`, which would write to `.terraform/`). */
  workspace?: string;
  /** Extra environment variables (credentials, `TF_CLI_ARGS_plan="-var-file=prod.tfvars"`...). Their values are scrubbed from error messages. */
  env?: Record<string, string>;
  /** Kill the process tree after this long (default 15 minutes; at most about 12 days). */
  timeoutMs?: number;
  /** Which instances to read (default: every managed instance). Put this provider last when it is a catch-all. */
  supports?: Provider['supports'];
  /** The provider name in reports (default `terraform`). */
  name?: string;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** The longest command timeout: the core's read timeout (twice this, plus a minute) must fit a timer. */
const MAX_COMMAND_TIMEOUT_MS = Math.floor((MAX_TIMER_MS - 60_000) / 2);
const STDERR_IN_MESSAGE = 800;

class PlanFailure extends Error {
  constructor(readonly error: ReadError) {
    super(error.message);
  }
}

function stderrExcerpt(stderr: string, secrets: string[]): string {
  return truncateAtWord(scrubSecrets(stderr.trim(), secrets), STDERR_IN_MESSAGE);
}

/**
 * A provider that runs `terraform plan -refresh-only` (then `terraform show -json` on the
 * plan) in `cwd` and takes the refreshed values: found objects come back with their live
 * attributes; objects Terraform reports deleted outside Terraform are not-found; objects the
 * plan does not mention are errors (`NOT_IN_PLAN`: the directory's state is not the scanned
 * state), never not-found. The plan runs once per scan, shared by all batches.
 *
 * Before a scan reads anything (its `preflight`), it checks that `cwd` is a directory, that
 * the binary is found (on `PATH` unless a path is given), and that `cwd` was initialised
 * (`.terraform`, or `TF_DATA_DIR`): each failure is one {@link ProviderConfigError} for the
 * whole scan.
 *
 * @throws {@link ProviderConfigError} when `cwd` is missing.
 * @example
 * ```ts
 * const report = await detectDrift({
 *   state: 's3://tf-state/prod/terraform.tfstate',
 *   providers: [terraformProvider({ cwd: './infra/prod', binary: 'tofu', timeoutMs: 600_000 })],
 * });
 * ```
 * @public
 */
export function terraformProvider(options: TerraformProviderOptions): Provider {
  const name = options.name ?? 'terraform';
  if (typeof options.cwd !== 'string' || options.cwd === '') {
    throw new ProviderConfigError(
      'terraformProvider needs `cwd`, the Terraform working directory',
      {
        provider: name,
        issues: [{ path: '/cwd', message: 'expected a directory path' }],
      },
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(typeof timeoutMs === 'number' && timeoutMs >= 1 && timeoutMs <= MAX_COMMAND_TIMEOUT_MS)) {
    throw new ProviderConfigError(
      `terraformProvider timeoutMs must be a number of ms from 1 to ${MAX_COMMAND_TIMEOUT_MS}`,
      {
        provider: name,
        issues: [{ path: '/timeoutMs', message: `expected 1 to ${MAX_COMMAND_TIMEOUT_MS}` }],
      },
    );
  }
  const binary = options.binary ?? 'terraform';
  const secrets = Object.values(options.env ?? {}).filter((v) => v.length >= 4);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  if (options.workspace !== undefined) env.TF_WORKSPACE = options.workspace;
  // One plan per scan: the core hands every call of a scan the same signal.
  const plans = new WeakMap<AbortSignal, Promise<RefreshedPlan>>();

  const fail = (code: string, message: string): PlanFailure =>
    new PlanFailure({ code, message, retryable: false });

  const run = async (args: string[], signal: AbortSignal, label: string) => {
    try {
      return await runCommand(binary, args, {
        cwd: options.cwd,
        env,
        signal,
        timeoutMs,
      });
    } catch (error) {
      if (error instanceof CommandInterrupted) {
        if (error.reason === 'aborted')
          throw signal.reason ?? new DOMException(error.message, 'AbortError');
        if (error.reason === 'timeout') throw fail('TIMEOUT', `${label}: ${error.message}`);
        throw fail(
          error.code === 'ENOENT' ? 'TERRAFORM_NOT_FOUND' : 'TERRAFORM_SPAWN',
          `${label}: ${error.message}`,
        );
      }
      throw error;
    }
  };

  const refresh = async (signal: AbortSignal): Promise<RefreshedPlan> => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdrift-plan-'));
    try {
      const planFile = join(dir, 'refresh.tfplan');
      const plan = await run(
        ['plan', '-refresh-only', '-lock=false', '-input=false', '-no-color', `-out=${planFile}`],
        signal,
        `${binary} plan -refresh-only in ${options.cwd}`,
      );
      if (plan.exitCode !== 0) {
        throw fail(
          'TERRAFORM_FAILED',
          `${binary} plan -refresh-only in ${options.cwd} exited with code ${String(plan.exitCode)}: ${stderrExcerpt(plan.stderr, secrets)}`,
        );
      }
      const show = await run(
        ['show', '-json', '-no-color', planFile],
        signal,
        `${binary} show -json`,
      );
      if (show.exitCode !== 0) {
        throw fail(
          'TERRAFORM_FAILED',
          `${binary} show -json exited with code ${String(show.exitCode)}: ${stderrExcerpt(show.stderr, secrets)}`,
        );
      }
      try {
        return readRefreshedPlan(JSON.parse(show.stdout.toString('utf8')));
      } catch (error) {
        throw fail(
          'TERRAFORM_OUTPUT',
          // No excerpt: V8 quotes the text around a JSON error, and the plan holds live secrets.
          `${binary} show -json printed no readable plan: ${jsonErrorWithoutExcerpt(error)}`,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const planFor = (signal: AbortSignal): Promise<RefreshedPlan> => {
    let plan = plans.get(signal);
    if (!plan) {
      plan = refresh(signal);
      plans.set(signal, plan);
    }
    return plan;
  };

  const resultFor = (instance: ResourceInstance, plan: RefreshedPlan): ReadResult => {
    const { address } = instance;
    if (plan.errored) {
      return {
        address,
        status: 'error',
        error: {
          code: 'TERRAFORM_ERRORED',
          message: `${binary} reported the refresh-only plan as errored`,
          retryable: false,
        },
      };
    }
    const key = planKey(address, instance.deposed);
    const values = plan.values.get(key);
    if (values) return { address, status: 'found', attributes: values };
    if (plan.deleted.has(key)) return { address, status: 'not-found' };
    return {
      address,
      status: 'error',
      error: {
        code: 'NOT_IN_PLAN',
        message: `The refresh-only plan in ${options.cwd} has no object for ${address}${instance.deposed ? ` (deposed ${instance.deposed})` : ''}: is it the working directory of the scanned state?`,
        retryable: false,
      },
    };
  };

  return {
    name,
    supports: options.supports ?? (() => true),
    maxBatchSize: 10_000,
    // A read waits for `plan` and then `show`, each killed after `timeoutMs`: the core's
    // timeout must not give up first.
    readTimeoutMs: 2 * timeoutMs + 60_000,
    async preflight(instances) {
      await checkTerraformSetup({
        provider: name,
        cwd: options.cwd,
        binary,
        env,
        reads: instances.length > 0,
      });
    },
    async read(batch, ctx): Promise<ReadResult[]> {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      let plan: RefreshedPlan;
      try {
        plan = await planFor(ctx.signal);
      } catch (error) {
        if (error instanceof PlanFailure) {
          return batch.map((i): ReadResult => ({
            address: i.address,
            status: 'error',
            error: error.error,
          }));
        }
        throw error;
      }
      return batch.map((instance) => resultFor(instance, plan));
    },
  };
}
