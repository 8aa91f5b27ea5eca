/**
 * `awsProvider(options)`: reads live AWS resources with the AWS SDK v3, shaped like the
 * Terraform AWS provider stores them in state.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { isTfdriftError, ProviderConfigError } from '../../errors.js';
import type { RuleSet } from '../../diff/types.js';
import type { AwsCredentials } from '../../shared/aws-credentials.js';
import type { ResourceInstance } from '../../model/state.js';
import type { LiveResource } from '../../model/live-resource.js';
import type { Provider, ProviderContext, ReadResult } from '../types.js';
import type { InjectedClient, ModuleImporter } from './clients.js';
import type { AwsService } from './services.js';
import { ClientPool, defaultImporter, importOptional } from './clients.js';
import { envFactory } from './aws-call.js';
import { toReadError } from './errors.js';
import { HANDLERS } from './handlers.js';
import { resolveLocation } from './location.js';
import { defaultRates } from './services.js';
import type { ResourceHandler } from './resource-handler.js';
import type { AttributionTarget } from '../types.js';
import { attributeChanges } from './cloudtrail-attribution.js';
import { awsPreflight } from './preflight.js';

/** A role to assume (STS AssumeRole) before reading. @public */
export interface AwsAssumeRole {
  /** The role's ARN. */
  roleArn: string;
  /** The session name CloudTrail records (default `tfdrift`). */
  sessionName?: string;
  /** The external id the role's trust policy asks for. */
  externalId?: string;
  /** Session length in seconds (default 3600). */
  durationSeconds?: number;
}

/** Options of {@link awsProvider}. @public */
export interface AwsProviderOptions {
  /** Regions to list for unmanaged detection (and the default region: the first). */
  regions?: string[];
  /** The region of instances whose location nothing else tells (default: first of `regions`, `AWS_REGION`, `us-east-1`). */
  region?: string;
  /** Provider alias → region, e.g. `{ west: 'us-west-2' }`, for instances created through an aliased provider. */
  aliasRegions?: Record<string, string>;
  /** The account id, for rate-limit keys and ARNs when state does not carry one. */
  accountId?: string;
  /** A shared-config profile (`~/.aws/config`) to take credentials from. */
  profile?: string;
  /** Explicit credentials; otherwise the SDK's default chain. */
  credentials?: AwsCredentials;
  /** Assume this role (with the credentials above, or the default chain) before reading. */
  assumeRole?: AwsAssumeRole;
  /** Endpoint overrides by service, e.g. `{ s3: 'http://127.0.0.1:4568' }` (S3 then uses path-style URLs). */
  endpoints?: Partial<Record<AwsService, string>>;
  /** Your own SDK clients by service (a client, or a function of the region); tfdrift never closes them. */
  clients?: Partial<Record<AwsService, InjectedClient>>;
  /** Requests per second per account, region and service (defaults: ec2 20, s3 100, iam 10, rds 10, lambda 10, dynamodb 10, cloudtrail 2). */
  rateLimits?: Partial<Record<AwsService, number>>;
  /** SDK attempts per call, with the SDK's adaptive retry (default 3). */
  maxAttempts?: number;
  /** Provider source addresses whose instances this provider reads (default `['hashicorp/aws']`, which also matches OpenTofu's registry). */
  sources?: string[];
  /** Find who changed drifted resources with CloudTrail `LookupEvents` (default false). */
  attribution?: boolean;
  /**
   * Ask STS `GetCallerIdentity` before the first read whether AWS accepts the credentials, so
   * a scan with rejected credentials fails once instead of reading nothing (default: on when
   * the clients tfdrift builds talk to AWS itself, or when `endpoints.sts` is given; off when
   * every client has a custom endpoint, as with emulators).
   */
  verifyCredentials?: boolean;
  /** @internal Replaces the module loader (tests simulate a missing package with it). */
  importModule?: ModuleImporter;
}

const GLOBAL_REGION = 'us-east-1';

/** The largest batch: one DescribeInstances page holds 1,000 instances. */
const MAX_BATCH = 1000;

/** A {@link Provider} with the AWS provider's extras. @public */
export interface AwsProvider extends Provider {
  /** The resource types this provider reads. */
  readonly supports: readonly string[];
  /** Loads the SDK packages the instances need and checks the credentials, before any read. */
  preflight(instances: readonly ResourceInstance[], ctx: ProviderContext): Promise<void>;
  /** Reads a batch (any mix of supported types and regions): one result per instance, in batch order. */
  read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]>;
  /** Lists live objects of the given types in the configured regions, account defaults left out. */
  list(types: string[], ctx: ProviderContext): AsyncIterable<LiveResource>;
  /** Adds CloudTrail attribution to drifted resources (present when `attribution: true`). */
  attribute?: Provider['attribute'];
}

function validate(options: AwsProviderOptions): void {
  const issues: { path: string; message: string }[] = [];
  for (const [i, region] of (options.regions ?? []).entries()) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      issues.push({ path: `regions/${i}`, message: `not a region: ${region}` });
  }
  if (options.assumeRole !== undefined && !options.assumeRole.roleArn.startsWith('arn:')) {
    issues.push({ path: 'assumeRole/roleArn', message: 'must be a role ARN' });
  }
  for (const [service, rate] of Object.entries(options.rateLimits ?? {})) {
    if (!(typeof rate === 'number' && Number.isFinite(rate) && rate > 0))
      issues.push({ path: `rateLimits/${service}`, message: 'must be a positive number' });
  }
  // Infinity here would retry a throttled call forever.
  const attempts = options.maxAttempts;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1 && attempts <= 100))
    issues.push({ path: 'maxAttempts', message: 'must be an integer from 1 to 100' });
  const duration = options.assumeRole?.durationSeconds;
  if (
    duration !== undefined &&
    !(Number.isInteger(duration) && duration >= 900 && duration <= 43_200)
  )
    issues.push({
      path: 'assumeRole/durationSeconds',
      message: 'must be an integer from 900 to 43200 (what STS accepts)',
    });
  if (issues.length > 0) {
    throw new ProviderConfigError(
      `Invalid AWS provider options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        provider: 'aws',
        issues,
      },
    );
  }
}

/**
 * Creates a native AWS provider: batched reads of the supported types, `list` for unmanaged
 * detection in the configured regions, and opt-in CloudTrail attribution.
 *
 * @example
 * ```ts
 * import { detectDrift } from 'tfdrift';
 * import { awsProvider } from 'tfdrift/aws';
 *
 * const report = await detectDrift({
 *   state: 'terraform.tfstate',
 *   providers: [awsProvider({ regions: ['eu-west-1'], aliasRegions: { us: 'us-east-1' } })],
 * });
 * ```
 * @public
 */
export function awsProvider(options: AwsProviderOptions = {}): AwsProvider {
  validate(options);
  const importer = options.importModule ?? defaultImporter;
  const defaultRegion =
    options.region ??
    options.regions?.[0] ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    GLOBAL_REGION;
  const rates = { ...defaultRates(), ...options.rateLimits };
  const endpoints = options.endpoints ?? {};

  let baseConfig: Promise<Record<string, unknown>> | undefined;
  const resolveBaseConfig = (): Promise<Record<string, unknown>> => {
    baseConfig ??= buildBaseConfig(options, importer, defaultRegion);
    baseConfig.catch(() => (baseConfig = undefined));
    return baseConfig;
  };
  const pool = new ClientPool({
    importer,
    baseConfig: resolveBaseConfig,
    endpoints,
    injected: options.clients ?? {},
    // Local endpoints (emulators, proxies) do not serve virtual-hosted bucket names.
    serviceConfig: {
      s3: {
        followRegionRedirects: true,
        ...(endpoints.s3 === undefined ? {} : { forcePathStyle: true }),
      },
    },
  });

  const envFor = envFactory({ pool, rates });

  const locationOf = (instance: ResourceInstance, handler: ResourceHandler) => {
    const location = resolveLocation(instance, {
      region: defaultRegion,
      aliasRegions: options.aliasRegions ?? {},
      ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    });
    return handler.global === true ? { ...location, region: GLOBAL_REGION } : location;
  };

  const rules: RuleSet = Object.fromEntries(
    [...HANDLERS.values()].filter((h) => h.rules !== undefined).map((h) => [h.type, h.rules ?? {}]),
  );

  const provider: AwsProvider = {
    name: 'aws',
    supports: [...HANDLERS.keys()],
    sources: options.sources ?? ['hashicorp/aws'],
    rules,
    maxBatchSize: MAX_BATCH,
    async preflight(instances: readonly ResourceInstance[], ctx: ProviderContext): Promise<void> {
      const services = new Set<AwsService>();
      for (const instance of instances) {
        const handler = HANDLERS.get(instance.type);
        if (handler !== undefined) services.add(handler.service);
      }
      if (options.attribution === true && services.size > 0) services.add('cloudtrail');
      const injected = new Set(Object.keys(options.clients ?? {}) as AwsService[]);
      const built = [...services].filter((s) => !injected.has(s));
      await awsPreflight(
        {
          pool,
          services: [...services].sort(),
          injected,
          baseConfig: resolveBaseConfig,
          region: defaultRegion,
          verify:
            options.verifyCredentials ??
            (endpoints.sts !== undefined || built.every((s) => endpoints[s] === undefined)),
        },
        ctx,
      );
    },
    async read(batch: ResourceInstance[], ctx: ProviderContext): Promise<ReadResult[]> {
      allowConcurrentListeners(ctx.signal);
      const { groups, results } = groupBatch(batch, (instance) => {
        const handler = HANDLERS.get(instance.type);
        return handler === undefined ? undefined : { handler, ...locationOf(instance, handler) };
      });
      await Promise.all(
        groups.map(async ({ handler, region, account, instances }) => {
          try {
            for (const result of await handler.read(instances, envFor(region, account, ctx)))
              results.set(result.address, result);
          } catch (error) {
            if (isTfdriftError(error) && error.code === 'PROVIDER_CONFIG') throw error;
            const readError = toReadError(error);
            for (const instance of instances)
              results.set(instance.address, {
                address: instance.address,
                status: 'error',
                error: readError,
              });
          }
        }),
      );
      // Keep the batch's order, and one result per address.
      return batch.map(
        (instance) =>
          results.get(instance.address) ?? {
            address: instance.address,
            status: 'error',
            error: {
              code: 'PROVIDER_BUG',
              message: `No result for ${instance.address}`,
              retryable: false,
            },
          },
      );
    },
    async *list(types: string[], ctx: ProviderContext): AsyncIterable<LiveResource> {
      allowConcurrentListeners(ctx.signal);
      const regions = options.regions ?? [defaultRegion];
      const account = options.accountId ?? 'default';
      for (const type of types) {
        const handler = HANDLERS.get(type);
        if (handler?.list === undefined) continue;
        for (const region of handler.global === true ? [GLOBAL_REGION] : regions) {
          for await (const live of handler.list(envFor(region, account, ctx)))
            yield { provider: 'aws', ...live };
        }
      }
    },
    close(): void {
      pool.close();
    },
  };
  if (options.attribution === true) {
    provider.attribute = (targets: AttributionTarget[], ctx: ProviderContext) =>
      attributeChanges(targets, (instance) => {
        const handler = HANDLERS.get(instance.type);
        const location =
          handler === undefined
            ? { region: defaultRegion, account: options.accountId ?? 'default' }
            : locationOf(instance, handler);
        return envFor(location.region, location.account, ctx);
      });
  }
  return provider;
}

/** Instances of one type in one region and account: what one handler call reads. */
interface ReadGroup {
  handler: ResourceHandler;
  region: string;
  account: string;
  instances: ResourceInstance[];
}

/**
 * Splits a batch by type, region and account; instances of unsupported types get their
 * error result right away.
 */
function groupBatch(
  batch: ResourceInstance[],
  locate: (instance: ResourceInstance) => Omit<ReadGroup, 'instances'> | undefined,
): { groups: ReadGroup[]; results: Map<string, ReadResult> } {
  const groups = new Map<string, ReadGroup>();
  const results = new Map<string, ReadResult>();
  for (const instance of batch) {
    const where = locate(instance);
    if (where === undefined) {
      results.set(instance.address, {
        address: instance.address,
        status: 'error',
        error: {
          code: 'UNSUPPORTED_TYPE',
          message: `The AWS provider does not read ${instance.type}`,
          retryable: false,
        },
      });
      continue;
    }
    const key = `${where.handler.type}\u0000${where.region}\u0000${where.account}`;
    const group = groups.get(key) ?? { ...where, instances: [] };
    group.instances.push(instance);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], results };
}

/**
 * Every in-flight SDK call listens to the scan's signal; a batch runs hundreds at once, which
 * is expected here and not the listener leak Node warns about past 10.
 */
function allowConcurrentListeners(signal: AbortSignal): void {
  if (getMaxListeners(signal) < 10_000) setMaxListeners(10_000, signal);
}

/** The SDK configuration every client shares: credentials (profile, role) and retries. */
async function buildBaseConfig(
  options: AwsProviderOptions,
  importer: ModuleImporter,
  defaultRegion: string,
): Promise<Record<string, unknown>> {
  const config: Record<string, unknown> = {
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 3,
  };
  let credentials: unknown = options.credentials;
  if (credentials === undefined && options.profile !== undefined) {
    const providers = await importOptional(importer, '@aws-sdk/credential-providers');
    credentials = (providers.fromIni as (init: object) => unknown)({ profile: options.profile });
  }
  if (options.assumeRole !== undefined) {
    const providers = await importOptional(importer, '@aws-sdk/credential-providers');
    const role = options.assumeRole;
    const stsEndpoint = options.endpoints?.sts;
    credentials = (providers.fromTemporaryCredentials as (init: object) => unknown)({
      params: {
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? 'tfdrift',
        ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
        DurationSeconds: role.durationSeconds ?? 3600,
      },
      ...(credentials === undefined ? {} : { masterCredentials: credentials }),
      clientConfig: {
        region: defaultRegion,
        ...(stsEndpoint === undefined ? {} : { endpoint: stsEndpoint }),
      },
    });
  }
  if (credentials !== undefined) config.credentials = credentials;
  return config;
}
