/**
 * `--snapshot FILE` for `tfdrift watch`: a snapshot provider that re-reads its file when the
 * file changes, so a snapshot refreshed by another job is what the next re-check sees. A
 * file caught half-written (or invalid) keeps the last good snapshot until it is whole.
 */
import { statSync } from 'node:fs';
import { snapshotProvider } from '../index.js';
import type { Provider, ResourceInstance } from '../index.js';

/**
 * Routing asks once per instance, so it looks at the file at most this often; a read always
 * looks, so a change made just before a re-check is what that re-check sees.
 */
const CHECK_EVERY_MS = 100;

function stampOf(file: string): string {
  try {
    const info = statSync(file);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return 'absent';
  }
}

/** A snapshot provider over `file` that follows the file's changes. */
export function reloadingSnapshotProvider(file: string): Provider {
  let current = snapshotProvider({ file });
  let stamp = stampOf(file);
  let checkedAt = Date.now();
  const fresh = (always = false): Provider => {
    const now = Date.now();
    if (!always && now - checkedAt < CHECK_EVERY_MS) return current;
    checkedAt = now;
    const next = stampOf(file);
    if (next === stamp) return current;
    try {
      current = snapshotProvider({ file });
      stamp = next;
    } catch {
      // Keep the last good snapshot; the next look tries again.
    }
    return current;
  };
  const supports = (instance: ResourceInstance): boolean => {
    const { supports: s } = fresh();
    return typeof s === 'function' ? s(instance) : s.includes(instance.type);
  };
  return {
    name: current.name,
    maxBatchSize: current.maxBatchSize ?? 1000,
    supports,
    read: (batch, ctx) => fresh(true).read(batch, ctx),
    list: (types, ctx) => {
      const provider = fresh();
      if (!provider.list) throw new Error('the snapshot provider cannot list');
      return provider.list(types, ctx);
    },
  };
}
