/**
 * A custom provider: reads the live side of `aws_instance` resources from an in-house
 * inventory HTTP API (`GET /instances?ids=a,b` → `{ "a": { ...attributes } }`), in batches.
 * Failures are classified so that tfdrift retries what is worth retrying and reports the rest
 * as `unknown`, never as `missing`.
 */
import { defineProvider } from 'tfdrift';
import type { Provider, ReadResult } from 'tfdrift';

/** Options of {@link inventoryProvider}. */
export interface InventoryProviderOptions {
  /** The inventory API, e.g. `https://inventory.internal`. */
  baseUrl: string;
  /** A bearer token; it never appears in errors. */
  token?: string;
}

/** A provider for `aws_instance` backed by the inventory API. */
export function inventoryProvider(options: InventoryProviderOptions): Provider {
  return defineProvider({
    name: 'inventory',
    supports: ['aws_instance'],
    maxBatchSize: 50,
    async read(batch, ctx): Promise<ReadResult[]> {
      const ids = batch.map((instance) => instance.id ?? '').join(',');
      let response: Response;
      try {
        response = await fetch(`${options.baseUrl}/instances?ids=${encodeURIComponent(ids)}`, {
          headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
          signal: ctx.signal,
        });
      } catch (error) {
        const aborted = ctx.signal.aborted;
        const error_ = {
          code: aborted ? 'ABORTED' : 'NETWORK',
          message: aborted ? 'aborted' : String((error as Error).message),
          retryable: !aborted,
        };
        return batch.map((instance) => ({
          address: instance.address,
          status: 'error',
          error: error_,
        }));
      }
      if (!response.ok) {
        // 429 and 5xx may pass; 401/403 will not. Either way the resources are unknown, not missing.
        const retryable = response.status === 429 || response.status >= 500;
        const error = {
          code: `HTTP_${response.status}`,
          message: `inventory answered ${response.status}`,
          retryable,
        };
        return batch.map((instance) => ({ address: instance.address, status: 'error', error }));
      }
      const live = (await response.json()) as Record<string, Record<string, unknown> | undefined>;
      return batch.map((instance): ReadResult => {
        const attributes = instance.id === undefined ? undefined : live[instance.id];
        // The API answered for exactly these ids: an absent id is evidence that it is gone.
        return attributes
          ? {
              address: instance.address,
              status: 'found',
              attributes,
              read: Object.keys(attributes),
            }
          : { address: instance.address, status: 'not-found' };
      });
    },
  });
}
