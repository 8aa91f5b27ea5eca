/**
 * The one place AWS calls go through: rate limit, lazy client, command, abort signal, and
 * error classification. Handlers get it as `AwsEnv.call`.
 */
import { ProviderConfigError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import type { ClientPool } from './clients.js';
import type { AwsService } from './services.js';
import { AwsCallError, classifyAwsError } from './errors.js';
import type { AwsEnv } from './resource-handler.js';

/** What {@link envFactory} needs. @internal */
interface EnvFactoryOptions {
  pool: ClientPool;
  /** Requests per second by service. */
  rates: Record<AwsService, number>;
}

/**
 * Returns a function that builds the {@link AwsEnv} of one location for one scan context.
 * Rate-limit keys are `aws:<account>:<region>:<service>`, shared scan-wide through `ctx.limit`.
 * @internal
 */
export function envFactory({ pool, rates }: EnvFactoryOptions) {
  return (region: string, account: string, ctx: ProviderContext): AwsEnv => ({
    region,
    account,
    signal: ctx.signal,
    async call<T>(
      service: AwsService,
      operation: string,
      input: Record<string, unknown>,
    ): Promise<T> {
      // Service keys are IAM action prefixes, for permission messages (`ec2:DescribeInstances`).
      const action = `${service}:${operation}`;
      try {
        await ctx.limit(`aws:${account}:${region}:${service}`, rates[service]);
      } catch (error) {
        // The limiter only rejects when the scan is aborted.
        const cause = ctx.signal.aborted ? { name: 'AbortError' } : error;
        throw new AwsCallError(classifyAwsError(cause, action), error);
      }
      const [client, mod] = await Promise.all([pool.client(service, region), pool.module(service)]);
      const Command = mod[`${operation}Command`] as (new (input: object) => unknown) | undefined;
      if (Command === undefined) {
        throw new ProviderConfigError(
          `${action} is not in the installed ${service} SDK client: upgrade it`,
          {
            provider: 'aws',
          },
        );
      }
      try {
        return (await client.send(new Command(input), { abortSignal: ctx.signal })) as T;
      } catch (error) {
        const classified = classifyAwsError(error, action);
        ctx.logger.debug('AWS call failed', {
          action,
          region,
          code: classified.code,
          retryable: classified.retryable,
        });
        throw new AwsCallError(classified, error);
      }
    },
  });
}
