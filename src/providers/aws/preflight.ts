/**
 * The AWS provider's preflight: before the first read, load every SDK package the scan needs
 * and make sure there are credentials AWS accepts. Without it a missing package or a missing
 * key shows up as thousands of identical `unknown` resources and a scan that looks finished.
 */
import { isTfdriftError, ProviderConfigError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import type { AwsClientLike, ClientPool } from './clients.js';
import type { AwsService } from './services.js';
import { AWS_SERVICES } from './services.js';
import { classifyAwsError } from './errors.js';

/** What {@link awsPreflight} needs from the provider. @internal */
interface AwsPreflightInput {
  pool: ClientPool;
  /** Services the scan will call, in a stable order. */
  services: AwsService[];
  /** Services whose client the caller injected (tfdrift builds none for them). */
  injected: ReadonlySet<AwsService>;
  /** The shared SDK configuration (credentials, profile, role); loads credential packages. */
  baseConfig: () => Promise<Record<string, unknown>>;
  /** The region to build the check's clients in. */
  region: string;
  /** Whether to ask STS who the credentials belong to (see `verifyCredentials`). */
  verify: boolean;
}

/** Whether an import failure is a package that is not installed (see `importOptional`). */
function missingPackage(error: unknown): string | undefined {
  if (!isTfdriftError(error) || error.code !== 'PROVIDER_CONFIG') return undefined;
  const issue = (error as ProviderConfigError).issues?.[0];
  return issue?.message === 'package not installed' ? issue.path : undefined;
}

/** Loads the SDK module of every service; all missing packages are named in one error. */
async function loadModules(pool: ClientPool, services: readonly AwsService[]): Promise<void> {
  const missing: string[] = [];
  for (const service of services) {
    try {
      await pool.module(service);
    } catch (error) {
      const name = missingPackage(error);
      if (name === undefined) throw error;
      missing.push(name);
    }
  }
  if (missing.length === 0) return;
  const list = missing.join(' ');
  throw new ProviderConfigError(
    `The AWS provider needs the optional package${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: run \`npm install ${list}\``,
    {
      provider: 'aws',
      issues: missing.map((name) => ({ path: name, message: 'package not installed' })),
    },
  );
}

/** The credentials an SDK client would sign with (its resolved default chain included). */
async function resolveCredentials(client: AwsClientLike): Promise<void> {
  const provider = (client as { config?: { credentials?: unknown } }).config?.credentials;
  if (typeof provider === 'function') await (provider as () => Promise<unknown>)();
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Checks that the scan can run: every needed SDK package loads (one error names all the
 * missing ones, with the install command), credentials resolve, and, when `verify` is set,
 * STS `GetCallerIdentity` accepts them. Throws a {@link ProviderConfigError} otherwise. An
 * STS call that fails for another reason (network, throttling) is only logged: the reads
 * will say what they meet.
 * @internal
 */
export async function awsPreflight(input: AwsPreflightInput, ctx: ProviderContext): Promise<void> {
  const built = input.services.filter((s) => !input.injected.has(s));
  // The caller owns every client, and so their credentials.
  if (built.length === 0) return;
  await loadModules(input.pool, built);
  const first = built[0] as AwsService;
  try {
    await input.baseConfig();
    await resolveCredentials(await input.pool.client(first, input.region));
  } catch (error) {
    if (isTfdriftError(error)) throw error;
    throw new ProviderConfigError(
      `No usable AWS credentials: ${oneLine(error)} (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass \`credentials\`)`,
      { provider: 'aws', cause: error },
    );
  }
  if (!input.verify) return;
  let sts: { client: AwsClientLike; module: Record<string, unknown> };
  try {
    const [client, module] = await Promise.all([
      input.pool.client('sts', input.region),
      input.pool.module('sts'),
    ]);
    sts = { client, module };
  } catch (error) {
    // Without @aws-sdk/client-sts the identity is not checked; resolving was the best we could do.
    if (missingPackage(error) === AWS_SERVICES.sts.package) {
      ctx.logger.debug('AWS credentials not verified: @aws-sdk/client-sts is not installed');
      return;
    }
    throw error;
  }
  const Command = sts.module.GetCallerIdentityCommand as new (input: object) => unknown;
  try {
    await sts.client.send(new Command({}), { abortSignal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const classified = classifyAwsError(error, 'sts:GetCallerIdentity');
    const rejected =
      classified.message.startsWith('Authentication failed') ||
      classified.message.startsWith('Permission denied');
    if (!rejected) {
      ctx.logger.warn('Could not verify the AWS credentials', {
        code: classified.code,
        message: classified.message,
      });
      return;
    }
    throw new ProviderConfigError(
      `AWS rejected the credentials (${classified.code}): ${oneLine((error as { message?: unknown }).message ?? error)}`,
      { provider: 'aws', cause: error },
    );
  }
}
