/**
 * `defineProvider`: checks a provider object up front, so a mistake shows as a
 * `ProviderConfigError` naming the field instead of as `unknown` resources at scan time.
 */
import { MAX_TIMER_MS } from '../shared/check-number.js';
import { ProviderConfigError } from '../errors.js';
import type { Provider } from './types.js';

/**
 * Throws {@link ProviderConfigError} when `provider` does not satisfy the contract: a
 * non-empty `name`, `supports` (types or a predicate), a `read` function, and well-formed
 * optional fields.
 * @internal
 */
export function assertProvider(provider: unknown, at = ''): asserts provider is Provider {
  const issues: { path: string; message: string }[] = [];
  if (typeof provider !== 'object' || provider === null) {
    throw new ProviderConfigError(`Not a provider at ${at || '/'}: expected an object`, {
      issues: [{ path: at, message: 'expected an object' }],
    });
  }
  const p = provider as Record<string, unknown>;
  const name = typeof p.name === 'string' && p.name !== '' ? p.name : undefined;
  if (!name) issues.push({ path: `${at}/name`, message: 'expected a non-empty string' });
  const supports = p.supports;
  if (
    typeof supports !== 'function' &&
    !(Array.isArray(supports) && supports.every((t) => typeof t === 'string'))
  ) {
    issues.push({
      path: `${at}/supports`,
      message: 'expected an array of resource types or a predicate',
    });
  }
  if (typeof p.read !== 'function')
    issues.push({ path: `${at}/read`, message: 'expected a function' });
  if (p.list !== undefined && typeof p.list !== 'function') {
    issues.push({ path: `${at}/list`, message: 'expected a function' });
  }
  if (p.preflight !== undefined && typeof p.preflight !== 'function') {
    issues.push({ path: `${at}/preflight`, message: 'expected a function' });
  }
  if (p.attribute !== undefined && typeof p.attribute !== 'function') {
    issues.push({ path: `${at}/attribute`, message: 'expected a function' });
  }
  if (p.close !== undefined && typeof p.close !== 'function') {
    issues.push({ path: `${at}/close`, message: 'expected a function' });
  }
  if (
    p.sources !== undefined &&
    !(Array.isArray(p.sources) && p.sources.every((s) => typeof s === 'string'))
  ) {
    issues.push({
      path: `${at}/sources`,
      message: 'expected an array of provider source addresses',
    });
  }
  for (const key of ['maxBatchSize', 'concurrency'] as const) {
    const v = p[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
      issues.push({ path: `${at}/${key}`, message: 'expected a positive integer' });
    }
  }
  const timeout = p.readTimeoutMs;
  if (
    timeout !== undefined &&
    !(
      typeof timeout === 'number' &&
      Number.isFinite(timeout) &&
      timeout >= 1 &&
      timeout <= MAX_TIMER_MS
    )
  ) {
    issues.push({
      path: `${at}/readTimeoutMs`,
      message: `expected a number of ms from 1 to ${MAX_TIMER_MS}`,
    });
  }
  if (p.rules !== undefined && (typeof p.rules !== 'object' || p.rules === null)) {
    issues.push({ path: `${at}/rules`, message: 'expected rules by resource type' });
  }
  if (p.packs !== undefined && !Array.isArray(p.packs)) {
    issues.push({ path: `${at}/packs`, message: 'expected a list of packs' });
  }
  if (issues.length > 0) {
    const first = issues[0] as { path: string; message: string };
    throw new ProviderConfigError(
      `Invalid provider${name ? ` ${name}` : ''}: ${first.path || '/'} ${first.message}`,
      { provider: name, issues },
    );
  }
}

/**
 * Checks a provider object against the contract and returns it, typed. Use it to write a
 * provider factory: the checks run when the user creates the provider, not mid-scan.
 *
 * @throws {@link ProviderConfigError} with one issue (a JSON Pointer and a message) per
 * invalid field.
 * @example
 * ```ts
 * import { defineProvider } from 'tfdrift';
 *
 * export const inventoryProvider = (baseUrl: string) =>
 *   defineProvider({
 *     name: 'inventory',
 *     supports: ['aws_instance'],
 *     maxBatchSize: 50,
 *     async read(batch, ctx) {
 *       const res = await fetch(`${baseUrl}/instances?ids=${batch.map((i) => i.id).join(',')}`, {
 *         signal: ctx.signal,
 *       });
 *       const live: Record<string, Record<string, unknown>> = await res.json();
 *       return batch.map((i) =>
 *         live[i.id ?? '']
 *           ? { address: i.address, status: 'found' as const, attributes: live[i.id ?? '']! }
 *           : { address: i.address, status: 'not-found' as const },
 *       );
 *     },
 *   });
 * ```
 * @public
 */
export function defineProvider<P extends Provider>(provider: P): P {
  assertProvider(provider);
  return provider;
}
