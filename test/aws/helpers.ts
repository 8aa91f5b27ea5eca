/**
 * Shared helpers for the AWS provider tests: state instances, a provider context, and a
 * provider pointed at local servers with dummy credentials.
 */
import type { ProviderContext, ReadResult } from '../../src/providers/types.js';
import type { ResourceInstance, TerraformState } from '../../src/model/state.js';

export const DUMMY_CREDENTIALS = {
  accessKeyId: 'AKIDTFDRIFTTEST',
  secretAccessKey: 'not-a-real-secret',
};

export function instance(
  type: string,
  name: string,
  attributes: Record<string, unknown>,
  extra: Partial<ResourceInstance> = {},
): ResourceInstance {
  const id = typeof attributes.id === 'string' ? attributes.id : undefined;
  return {
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider: 'registry.terraform.io/hashicorp/aws',
    ...(id === undefined ? {} : { id }),
    schemaVersion: 0,
    attributes,
    sensitivePaths: [],
    dependencies: [],
    ...extra,
  };
}

export function state(resources: ResourceInstance[]): TerraformState {
  return { format: 'v4', version: 4, serial: 1, lineage: 'test', outputs: {}, resources };
}

export interface TestContext extends ProviderContext {
  limits: { key: string; rate: number | undefined }[];
}

export function context(signal: AbortSignal = new AbortController().signal): TestContext {
  const limits: { key: string; rate: number | undefined }[] = [];
  const noop = (): void => undefined;
  return {
    signal,
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    onProgress: noop,
    limits,
    limit: async (key, rate) => {
      if (signal.aborted) throw signal.reason;
      limits.push({ key, rate });
    },
  };
}

/** Collects an async iterable (bounded). */
export async function collect<T>(iterable: AsyncIterable<T>, max = 100_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/** A result's status, or its error code when it failed. */
export function outcome(result: ReadResult): string {
  if (result.status !== 'error') return result.status;
  const code = (result.error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'error';
}
