import type { Caller } from "./caller.js";

/** A token bucket: `burst` checks at once, refilled at `perMinute`. */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

/** Enough for a person preparing listings; far too few to search prices cent by cent. */
export const DEFAULT_PRECHECK_RATE: RateLimit = { burst: 10, perMinute: 6 };

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface PrecheckLimiter {
  take(caller: Caller, now: Date): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Callers remembered at most; the least recently seen is forgotten first (it had refilled anyway). */
const MAX_CALLERS = 10_000;

/**
 * Pre-check budgets in this process's memory, one bucket per distributor (all of its users share
 * it) and per brand user. On AWS each Lambda instance keeps its own buckets, so a caller's budget
 * is per instance (docs/api.md).
 */
export function createPrecheckLimiter(limit: RateLimit = DEFAULT_PRECHECK_RATE): PrecheckLimiter {
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(caller, now) {
      const key =
        caller.role === "distributor"
          ? `${caller.tenant}\u0000distributor\u0000${caller.distributorId}`
          : `${caller.tenant}\u0000brand\u0000${caller.name}`;
      const at = now.getTime();
      const seen = buckets.get(key);
      // A clock that went backwards refills nothing.
      const tokens = seen
        ? Math.min(limit.burst, seen.tokens + Math.max(0, at - seen.at) * perMs)
        : limit.burst;
      buckets.delete(key);
      if (tokens < 1) {
        buckets.set(key, { tokens, at });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - 1, at });
      if (buckets.size > MAX_CALLERS) buckets.delete(buckets.keys().next().value as string);
      return { ok: true };
    },
  };
}
