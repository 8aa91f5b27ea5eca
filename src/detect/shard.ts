/**
 * Deterministic sharding: an instance belongs to shard `hash(address) % count`, so every
 * shard of a CI matrix agrees on the split without talking to the others, and a deposed
 * object always lands with its current object.
 */
import { ProviderConfigError } from '../errors.js';

/** Which part of the instances a scan reads. @public */
export interface ShardOptions {
  /** This shard's index, `0 <= index < count`. */
  index: number;
  /** How many shards the scan is split into. */
  count: number;
}

/** FNV-1a, 32-bit: fast, stable across platforms and releases. @internal */
export function hashAddress(address: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < address.length; i++) {
    hash ^= address.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whether `address` belongs to `shard`. @internal */
export function inShard(address: string, shard: ShardOptions): boolean {
  return hashAddress(address) % shard.count === shard.index;
}

/** Checks a shard option, throwing `ProviderConfigError` when it cannot be right. @internal */
export function validateShard(shard: ShardOptions): void {
  const ok =
    Number.isInteger(shard.count) &&
    Number.isInteger(shard.index) &&
    shard.count >= 1 &&
    shard.index >= 0 &&
    shard.index < shard.count;
  if (!ok) {
    throw new ProviderConfigError(
      `Invalid shard { index: ${String(shard.index)}, count: ${String(shard.count)} }: need integers with 0 <= index < count`,
      { issues: [{ path: '/shard', message: 'need integers with 0 <= index < count' }] },
    );
  }
}
