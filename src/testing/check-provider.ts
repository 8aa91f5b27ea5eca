/**
 * `checkProvider`: the conformance suite every provider, built-in or third-party, passes.
 * Runner-agnostic: it returns failures as strings, so
 * `expect(await checkProvider(p, fixtures)).toEqual([])` works in vitest, jest or node:test.
 */
import { createRateLimiter } from '../detect/rate-limiter.js';
import type { LiveResource } from '../model/live-resource.js';
import type { Provider, ProviderContext, ReadResult } from '../providers/types.js';
import type { ResourceInstance } from '../model/state.js';
import { makeInstance } from './make-instance.js';

/** Fixtures for {@link checkProvider}: instances whose live state the test arranged. @public */
export interface ProviderFixtures {
  /** Instances that exist live: each must come back `found`, with an attributes object. */
  found: ResourceInstance[];
  /** Instances that do not exist live: each must come back `not-found`. */
  notFound: ResourceInstance[];
  /** Instances whose read fails (for example an id the fake API answers with a 403): each must come back `error` (or the call reject), never `not-found`. */
  failing?: ResourceInstance[];
  /** Strings that must never appear in an error message (passwords the fixtures hold...). */
  secrets?: string[];
  /** Types to call `list` with; every listed object must then read as `found`. */
  listTypes?: string[];
  /** The longest any single call may take before it counts as hanging (default 10 s). */
  timeoutMs?: number;
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown } | { ok: 'timeout' };

async function bounded<T>(run: () => Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: 'timeout' }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: 'timeout' }), ms);
  });
  try {
    return await Promise.race([
      run().then(
        (value): Settled<T> => ({ ok: true, value }),
        (error: unknown): Settled<T> => ({ ok: false, error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function collect(
  answer: AsyncIterable<ReadResult> | Promise<ReadResult[]>,
): Promise<ReadResult[]> {
  if (answer !== null && typeof answer === 'object' && Symbol.asyncIterator in answer) {
    const out: ReadResult[] = [];
    for await (const r of answer) out.push(r);
    return out;
  }
  return answer;
}

function messageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return String(error);
}

function supports(provider: Provider, instance: ResourceInstance): boolean {
  const s = provider.supports;
  if (typeof s === 'function') return s(instance);
  return s.some(
    (t) =>
      t === '*' ||
      t === instance.type ||
      (t.endsWith('*') && instance.type.startsWith(t.slice(0, -1))),
  );
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs the provider conformance suite and returns the failures (an empty array means the
 * provider conforms). It checks that every fixture instance is supported; that a batch gets
 * exactly one result per address and nothing else; that found and not-found are told apart;
 * that failing reads are classified errors, never not-found; that an already aborted signal
 * gives errors or a prompt rejection, never not-found; that no fixture secret reaches an
 * error message; and that objects `list` returns are readable.
 *
 * @example
 * ```ts
 * import { checkProvider, makeInstance } from 'tfdrift/testing';
 *
 * const failures = await checkProvider(myProvider(), {
 *   found: [makeInstance({ type: 'aws_s3_bucket', name: 'a', id: 'bucket-a' })],
 *   notFound: [makeInstance({ type: 'aws_s3_bucket', name: 'gone', id: 'no-such-bucket' })],
 *   listTypes: ['aws_s3_bucket'],
 * });
 * expect(failures).toEqual([]);
 * ```
 * @public
 */
export async function checkProvider(
  provider: Provider,
  fixtures: ProviderFixtures,
): Promise<string[]> {
  const failures: string[] = [];
  const timeoutMs = fixtures.timeoutMs ?? 10_000;
  const secrets = (fixtures.secrets ?? []).filter((s) => s.length > 0);
  const controller = new AbortController();
  const ctx = (signal: AbortSignal): ProviderContext => ({
    signal,
    logger: SILENT,
    onProgress: () => undefined,
    limit: createRateLimiter(signal),
  });
  const noSecret = (where: string, message: string): void => {
    for (const secret of secrets) {
      if (message.includes(secret))
        failures.push(`${where}: an error message contains a fixture secret`);
    }
  };
  const batchSize = provider.maxBatchSize ?? 100;
  const failing = fixtures.failing ?? [];

  for (const instance of [...fixtures.found, ...fixtures.notFound, ...failing]) {
    let ok = false;
    try {
      ok = supports(provider, instance);
    } catch (error) {
      failures.push(`supports(${instance.address}) threw: ${messageOf(error)}`);
    }
    if (!ok) failures.push(`supports: ${instance.address} (${instance.type}) is not supported`);
  }

  const readChecked = async (
    label: string,
    batch: ResourceInstance[],
    expect: (instance: ResourceInstance, r: ReadResult) => void,
  ): Promise<void> => {
    const settled = await bounded(
      () => collect(provider.read(batch, ctx(controller.signal))),
      timeoutMs,
    );
    if (settled.ok === 'timeout') {
      failures.push(`${label}: read did not settle within ${timeoutMs} ms`);
      return;
    }
    if (settled.ok === false) {
      failures.push(
        `${label}: read rejected instead of returning results: ${messageOf(settled.error)}`,
      );
      noSecret(label, messageOf(settled.error));
      return;
    }
    const byAddress = new Map<string, ReadResult>();
    const wanted = new Set(batch.map((i) => i.address));
    for (const r of settled.value) {
      if (typeof r !== 'object' || r === null || typeof r.address !== 'string') {
        failures.push(`${label}: a result has no address`);
        continue;
      }
      if (!wanted.has(r.address))
        failures.push(`${label}: a result for ${r.address}, which is not in the batch`);
      if (byAddress.has(r.address)) failures.push(`${label}: two results for ${r.address}`);
      byAddress.set(r.address, r);
      if (r.status === 'error') {
        const e = r.error as { code?: unknown; message?: unknown; retryable?: unknown };
        if (
          !(r.error instanceof Error) &&
          (typeof e.code !== 'string' || typeof e.retryable !== 'boolean')
        ) {
          failures.push(
            `${label}: the error for ${r.address} is not classified (needs code and retryable)`,
          );
        }
        noSecret(`${label} (${r.address})`, messageOf(r.error));
      }
    }
    for (const instance of batch) {
      const r = byAddress.get(instance.address);
      if (!r) failures.push(`${label}: no result for ${instance.address}`);
      else expect(instance, r);
    }
  };

  const readable = [...fixtures.found, ...fixtures.notFound];
  const expectedStatus = new Map<ResourceInstance, 'found' | 'not-found'>();
  for (const i of fixtures.found) expectedStatus.set(i, 'found');
  for (const i of fixtures.notFound) expectedStatus.set(i, 'not-found');
  for (const batch of chunk(readable, batchSize)) {
    await readChecked('read', batch, (instance, r) => {
      const want = expectedStatus.get(instance);
      if (r.status !== want) {
        failures.push(`read: ${instance.address} came back ${r.status}, expected ${String(want)}`);
      } else if (r.status === 'found') {
        const a = r.attributes as unknown;
        if (typeof a !== 'object' || a === null || Array.isArray(a)) {
          failures.push(`read: ${instance.address} is found without an attributes object`);
        }
      }
    });
  }
  // Each instance alone must get the same verdict as in a batch (no cross-talk between items).
  for (const instance of readable.slice(0, 5)) {
    await readChecked('single read', [instance], (i, r) => {
      if (r.status !== expectedStatus.get(i))
        failures.push(`single read: ${i.address} came back ${r.status} alone`);
    });
  }

  for (const batch of chunk(failing, batchSize)) {
    const settled = await bounded(
      () => collect(provider.read(batch, ctx(controller.signal))),
      timeoutMs,
    );
    if (settled.ok === 'timeout')
      failures.push(`failing read did not settle within ${timeoutMs} ms`);
    else if (settled.ok === false) noSecret('failing read', messageOf(settled.error));
    else {
      for (const instance of batch) {
        const r = settled.value.find((x) => x.address === instance.address);
        if (!r) failures.push(`failing read: no result for ${instance.address}`);
        else if (r.status !== 'error')
          failures.push(`failing read: ${instance.address} came back ${r.status}, expected error`);
        else {
          const e = r.error as { code?: unknown; retryable?: unknown };
          if (
            !(r.error instanceof Error) &&
            (typeof e.code !== 'string' || typeof e.retryable !== 'boolean')
          ) {
            failures.push(`failing read: the error for ${instance.address} is not classified`);
          }
          noSecret(`failing read (${instance.address})`, messageOf(r.error));
        }
      }
    }
  }

  if (readable.length > 0) {
    const aborted = new AbortController();
    aborted.abort(new DOMException('aborted by checkProvider', 'AbortError'));
    const batch = readable.slice(0, batchSize);
    const settled = await bounded(
      () => collect(provider.read(batch, ctx(aborted.signal))),
      timeoutMs,
    );
    if (settled.ok === 'timeout')
      failures.push(`abort: read with an aborted signal did not settle within ${timeoutMs} ms`);
    else if (settled.ok === true) {
      for (const r of settled.value) {
        if (r.status === 'not-found')
          failures.push(`abort: ${r.address} came back not-found under an aborted signal`);
      }
    }
  }

  if (fixtures.listTypes && fixtures.listTypes.length > 0) {
    if (!provider.list) failures.push('list: listTypes given but the provider has no list()');
    else {
      const types = new Set(fixtures.listTypes);
      const listFn = provider.list.bind(provider);
      const settled = await bounded(async () => {
        const out: LiveResource[] = [];
        for await (const live of listFn(fixtures.listTypes as string[], ctx(controller.signal)))
          out.push(live);
        return out;
      }, timeoutMs);
      if (settled.ok === 'timeout') failures.push(`list did not settle within ${timeoutMs} ms`);
      else if (settled.ok === false) failures.push(`list rejected: ${messageOf(settled.error)}`);
      else {
        const seen = new Set<string>();
        const toRead: ResourceInstance[] = [];
        for (const live of settled.value) {
          if (typeof live.id !== 'string' || live.id === '') {
            failures.push(`list: an object of ${String(live.type)} has no id`);
            continue;
          }
          if (!types.has(live.type))
            failures.push(`list: ${live.type} ${live.id} was not asked for`);
          const key = `${live.type}\u0000${live.id}`;
          if (seen.has(key)) failures.push(`list: ${live.type} ${live.id} listed twice`);
          seen.add(key);
          if (toRead.length < 50) {
            toRead.push(
              makeInstance({ type: live.type, name: `listed_${toRead.length}`, id: live.id }),
            );
          }
        }
        for (const batch of chunk(toRead, batchSize)) {
          await readChecked('list consistency', batch, (instance, r) => {
            if (r.status !== 'found')
              failures.push(
                `list consistency: listed ${instance.type} ${String(instance.id)} reads as ${r.status}`,
              );
          });
        }
      }
    }
  }
  return failures;
}
