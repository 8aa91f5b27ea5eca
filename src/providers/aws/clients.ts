/**
 * Lazy AWS SDK loading and client construction. The SDK packages are optional peer
 * dependencies: nothing here imports them at module load, so `tfdrift` (and even
 * `tfdrift/aws` until a read happens) runs without them.
 */
import { ProviderConfigError } from '../../errors.js';
import { AWS_SERVICES, type AwsService } from './services.js';

/** Loads a module by package name; replaceable in tests to simulate a missing package. @internal */
export type ModuleImporter = (packageName: string) => Promise<unknown>;

/**
 * The default importer. Literal specifiers let bundlers see the optional dependencies (and
 * keep them external); anything else goes through a plain dynamic import.
 * @internal
 */
export const defaultImporter: ModuleImporter = async (packageName) => {
  const service = Object.values(AWS_SERVICES).find((entry) => entry.package === packageName);
  if (service !== undefined) return service.load();
  if (packageName === '@aws-sdk/credential-providers')
    return import('@aws-sdk/credential-providers');
  return import(packageName);
};

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Imports an optional dependency, turning a missing package into a
 * {@link ProviderConfigError} that says what to install.
 * @internal
 */
export async function importOptional(
  importer: ModuleImporter,
  packageName: string,
): Promise<Record<string, unknown>> {
  try {
    return (await importer(packageName)) as Record<string, unknown>;
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new ProviderConfigError(
        `The AWS provider needs the optional package ${packageName}: run \`npm install ${packageName}\``,
        {
          provider: 'aws',
          cause: error,
          issues: [{ path: packageName, message: 'package not installed' }],
        },
      );
    }
    throw new ProviderConfigError(`Could not load ${packageName}`, {
      provider: 'aws',
      cause: error,
    });
  }
}

/** The minimal surface of an AWS SDK v3 client the provider uses. @public */
export interface AwsClientLike {
  /** Sends a command (an SDK v3 `...Command` instance); the provider passes its abort signal. */
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  /** Releases the client's sockets; called only on clients the provider created. */
  destroy?(): void;
}

/** A client to use for a service: one instance, or a factory by region. @public */
export type InjectedClient = AwsClientLike | ((region: string) => AwsClientLike);

/** What {@link ClientPool} needs to build clients. @internal */
interface ClientPoolOptions {
  importer: ModuleImporter;
  /** Extra configuration for every client (credentials, retry mode...), resolved once. */
  baseConfig: () => Promise<Record<string, unknown>>;
  endpoints: Partial<Record<AwsService, string>>;
  injected: Partial<Record<AwsService, InjectedClient>>;
  /** Per-client configuration hooks (S3 path style for custom endpoints). */
  serviceConfig?: Partial<Record<AwsService, Record<string, unknown>>>;
}

/**
 * Builds and caches one SDK client per service and region, and the service module whose
 * command classes go with it. Owned by one provider instance (no global cache).
 * @internal
 */
export class ClientPool {
  private readonly modules = new Map<AwsService, Promise<Record<string, unknown>>>();
  private readonly clients = new Map<string, Promise<AwsClientLike>>();
  private readonly created: AwsClientLike[] = [];

  constructor(private readonly options: ClientPoolOptions) {}

  /** The service's SDK module (for command classes). */
  module(service: AwsService): Promise<Record<string, unknown>> {
    let loaded = this.modules.get(service);
    if (loaded === undefined) {
      loaded = importOptional(this.options.importer, AWS_SERVICES[service].package);
      // A failed import must not stick: a later call may retry after installation.
      loaded.catch(() => this.modules.delete(service));
      this.modules.set(service, loaded);
    }
    return loaded;
  }

  /** The client for a service in a region. */
  client(service: AwsService, region: string): Promise<AwsClientLike> {
    const key = `${service}:${region}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.build(service, region);
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  private async build(service: AwsService, region: string): Promise<AwsClientLike> {
    const injected = this.options.injected[service];
    if (injected !== undefined) return typeof injected === 'function' ? injected(region) : injected;
    const mod = await this.module(service);
    const Client = mod[AWS_SERVICES[service].clientClass] as new (config: object) => AwsClientLike;
    const endpoint = this.options.endpoints[service];
    const client = new Client({
      ...(await this.options.baseConfig()),
      ...this.options.serviceConfig?.[service],
      region,
      ...(endpoint === undefined ? {} : { endpoint }),
    });
    this.created.push(client);
    return client;
  }

  /** Destroys the clients this pool created (never injected ones: the caller owns those). */
  close(): void {
    for (const client of this.created.splice(0)) client.destroy?.();
    this.clients.clear();
  }
}
