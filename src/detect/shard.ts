/**
 * Deterministic sharding: an instance belongs to shard `hash(address) % count`, so every
 * shard of a CI matrix agrees on the split without talking to the others, and a deposed
 * object always lands with its current object.
 */
import { InvalidOptionError } from '../errors.js';
import { checkObject } from '../shared/check-number.js';

/** Which part of the instances a scan reads. @public */
export interface ShardOptions {
  /** This shard's index, `0 <= index < count`. */
  index: number;
  /** How many shards the scan is split into. */
  count: number;
}

/** The most shards a scan can be split into: a shard is picked by a 32-bit hash. @internal */
const MAX_SHARDS = 2 ** 32;

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

/** Checks a shard option, throwing `InvalidOptionError` when it cannot be right. @internal */
export function validateShard(shard: ShardOptions): void {
  checkObject(shard, '/shard');
  const ok =
    Number.isInteger(shard.count) &&
    Number.isInteger(shard.index) &&
    shard.count >= 1 &&
    shard.index >= 0 &&
    shard.index < shard.count &&
    shard.count <= MAX_SHARDS;
  if (!ok) {
    const show = (v: unknown): string => (typeof v === 'number' ? String(v) : typeof v);
    throw new InvalidOptionError(
      `Invalid shard { index: ${show(shard.index)}, count: ${show(shard.count)} }: need integers with 0 <= index < count <= ${MAX_SHARDS}`,
      { option: '/shard' },
    );
  }
}
