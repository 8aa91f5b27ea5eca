/**
 * The internal contract between the AWS provider and its per-family modules: a handler reads
 * the instances of one resource type in one region and account, through `env.call`, which
 * applies the rate limit, the abort signal and error classification.
 */
import type { TypeRules } from '../../diff/types.js';
import type { ResourceInstance } from '../../model/state.js';
import type { LiveResource } from '../../model/live-resource.js';
import type { ReadResult } from '../types.js';
import type { AwsService } from './services.js';
import { AwsCallError, toReadError } from './errors.js';

/** What a handler may use to talk to AWS. @internal */
export interface AwsEnv {
  /** The region the instances live in (`us-east-1` for global services). */
  region: string;
  /** The account, or `default` when unknown. */
  account: string;
  /** The scan's abort signal. */
  signal: AbortSignal;
  /**
   * Runs `<operation>Command` of a service and returns its output. Rate limited per
   * account, region and service; failures throw {@link AwsCallError}.
   */
  call<T = Record<string, unknown>>(
    service: AwsService,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<T>;
}

/** How one resource type is read, listed and normalized. @internal */
export interface ResourceHandler {
  /** The Terraform type. */
  type: string;
  /** The service the type belongs to (for rate limit keys). */
  service: AwsService;
  /** Whether the service is global (IAM): one region, `us-east-1`. */
  global?: boolean;
  /** Top-level attributes the read fills: the projection compared by the diff. */
  reads: string[];
  /** AWS error codes that prove the object does not exist. */
  notFoundCodes: string[];
  /** Normalization rules beyond the diff engine's built-in AWS rules. */
  rules?: TypeRules;
  /** Reads instances of this type in one location; one result per instance. */
  read(instances: ResourceInstance[], env: AwsEnv): Promise<ReadResult[]>;
  /** Lists live objects of this type in one location (account defaults left out). */
  list?(env: AwsEnv): AsyncIterable<LiveResource>;
}

/**
 * The id a handler reads an instance by: the `id` attribute, or a named fallback attribute.
 * @internal
 */
export function instanceId(instance: ResourceInstance, fallback?: string): string | undefined {
  const id = instance.id ?? instance.attributes.id;
  if (typeof id === 'string' && id !== '') return id;
  const other = fallback === undefined ? undefined : instance.attributes[fallback];
  return typeof other === 'string' && other !== '' ? other : undefined;
}

/**
 * Reads instances one API call (or a few) at a time. `fetch` returns the attributes, or
 * `undefined` when an exact lookup succeeded and found nothing. Errors whose AWS code is in
 * `notFoundCodes` mean not-found; every other error is kept as the instance's error.
 * @internal
 */
export async function readEach(
  instances: ResourceInstance[],
  handler: Pick<ResourceHandler, 'notFoundCodes' | 'reads'>,
  fetch: (instance: ResourceInstance) => Promise<Record<string, unknown> | undefined>,
): Promise<ReadResult[]> {
  return mapBounded(instances, PER_RESOURCE_CONCURRENCY, async (instance): Promise<ReadResult> => {
    try {
      const attributes = await fetch(instance);
      if (attributes === undefined) return { address: instance.address, status: 'not-found' };
      return { address: instance.address, status: 'found', attributes, read: handler.reads };
    } catch (error) {
      if (error instanceof AwsCallError && handler.notFoundCodes.includes(error.awsCode)) {
        return { address: instance.address, status: 'not-found' };
      }
      return { address: instance.address, status: 'error', error: toReadError(error) };
    }
  });
}

/**
 * Per-resource calls in flight at once for one handler: below the SDK's 50 sockets, so
 * requests wait here (in order) rather than in the HTTP agent's queue.
 */
const PER_RESOURCE_CONCURRENCY = 32;

/**
 * Maps with at most `limit` calls in flight, keeping the order of `items`.
 * @internal
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The error result for an instance that has no id to look it up by: never not-found.
 * @internal
 */
export function missingIdResult(instance: ResourceInstance): ReadResult {
  return {
    address: instance.address,
    status: 'error',
    error: {
      code: 'MISSING_ID',
      message: `${instance.address} has no id in state to look it up by`,
      retryable: false,
    },
  };
}

/**
 * The error to throw from a `readEach` fetch when the instance has no id to look it up by.
 * @internal
 */
export function missingIdError(instance: ResourceInstance, what: string): AwsCallError {
  return new AwsCallError(
    {
      code: 'MISSING_ID',
      message: `${instance.address} has no ${what} in state to look it up by`,
      retryable: false,
    },
    undefined,
  );
}

/**
 * Splits an array into chunks of at most `size`.
 * @internal
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Whether an AWS call failed with one of `codes`.
 * @internal
 */
export function failedWith(error: unknown, codes: readonly string[]): boolean {
  return error instanceof AwsCallError && codes.includes(error.awsCode);
}

/**
 * The results of instances looked up by id in one batched describe: no id is an error; an id
 * the lookup did not return is not-found (the exact-id lookup succeeded and returned nothing);
 * `attributes` may turn down an item that is not this resource (a terminated instance, a rule
 * of the other direction) by returning `undefined`, which is not-found too.
 * @internal
 */
export function resultsById<T>(
  instances: readonly ResourceInstance[],
  found: ReadonlyMap<string, T>,
  attributes: (item: T, instance: ResourceInstance) => Record<string, unknown> | undefined,
  reads: string[],
): ReadResult[] {
  return instances.map((instance): ReadResult => {
    const id = instanceId(instance);
    if (id === undefined) return missingIdResult(instance);
    const item = found.get(id);
    const live = item === undefined ? undefined : attributes(item, instance);
    if (live === undefined) return { address: instance.address, status: 'not-found' };
    return { address: instance.address, status: 'found', attributes: live, read: reads };
  });
}
