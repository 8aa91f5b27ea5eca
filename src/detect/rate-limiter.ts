/**
 * The scan-wide keyed token bucket handed to providers as `ctx.limit`. One bucket per key
 * (for example `aws:123456789012:eu-west-1:ec2`), created at the rate of its first caller.
 */
import type { RateLimiter } from '../providers/types.js';
import { sleep } from './abort.js';

/** The rate of a bucket whose first caller named none. @internal */
const DEFAULT_RATE_PER_SECOND = 10;

interface Bucket {
  tokens: number;
  capacity: number;
  perSecond: number;
  updatedAt: number;
}

/**
 * Creates a keyed token-bucket limiter. A call takes a token; when none is left it reserves
 * the next one (the balance goes negative) and waits for it, so callers are served in order.
 * Waits reject with the abort reason when `signal` aborts.
 * @internal
 */
export function createRateLimiter(
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return (key, perSecond) => {
    let bucket = buckets.get(key);
    const time = now();
    if (!bucket) {
      const rate = perSecond !== undefined && perSecond > 0 ? perSecond : DEFAULT_RATE_PER_SECOND;
      const capacity = Math.max(1, rate);
      bucket = { tokens: capacity, capacity, perSecond: rate, updatedAt: time };
      buckets.set(key, bucket);
    } else {
      const refill = ((time - bucket.updatedAt) / 1000) * bucket.perSecond;
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + refill);
      bucket.updatedAt = time;
    }
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return signal.aborted ? sleep(0, signal) : Promise.resolve();
    const waitMs = (-bucket.tokens / bucket.perSecond) * 1000;
    return sleep(Math.ceil(waitMs), signal);
  };
}
