import type { NetworkPolicy } from "../../functions/core/config.js";

/** A policy for tests against local sites: private addresses allowed, small limits, no waiting. */
export function testPolicy(overrides: Partial<NetworkPolicy> = {}): NetworkPolicy {
  return {
    allowPrivateAddresses: true,
    perHostConcurrency: 4,
    delayMs: 0,
    timeoutMs: 3_000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    retries: 2,
    respectRobots: true,
    userAgent: "Pricewarden-test/1.0 (+tests)",
    concurrency: 16,
    ...overrides,
  };
}

/** Backoff small enough for a test suite; the policy's shape is what is tested, not its length. */
export const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 };
