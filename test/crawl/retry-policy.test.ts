import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY_TUNING,
  decideRetry,
  parseRetryAfter,
} from "../../functions/crawl/retry-policy.js";

const tuning = DEFAULT_RETRY_TUNING;
const half = () => 0.5;

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
  });
  it("ignores garbage", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially within jitter bounds and is capped", () => {
    for (let retry = 0; retry < 12; retry++) {
      const step = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** retry);
      expect(backoffDelay(retry, tuning, () => 0)).toBe(step / 2);
      expect(backoffDelay(retry, tuning, () => 0.999999)).toBeLessThanOrEqual(step);
    }
    expect(backoffDelay(30, tuning, () => 0.999999)).toBeLessThanOrEqual(tuning.maxDelayMs);
  });
});

describe("decideRetry", () => {
  const base = { retriesUsed: 0, maxRetries: 3 };
  it.each([408, 429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(decideRetry({ ...base, status }, tuning, half).retry).toBe(true);
  });
  it.each([400, 401, 403, 404, 410, 418, 451, 501])("does not retry HTTP %i", (status) => {
    expect(decideRetry({ ...base, status }, tuning, half).retry).toBe(false);
  });
  it.each(["timeout", "connection_reset", "connection_refused", "connect_timeout", "headers_timeout"])(
    "retries %s",
    (errorCode) => {
      expect(decideRetry({ ...base, errorCode }, tuning, half).retry).toBe(true);
    },
  );
  it.each(["too_large", "redirect_loop", "dns_not_found", "tls_error", "decode_error"])(
    "does not retry %s",
    (errorCode) => {
      expect(decideRetry({ ...base, errorCode }, tuning, half).retry).toBe(false);
    },
  );
  it("stops after maxRetries", () => {
    expect(decideRetry({ retriesUsed: 3, maxRetries: 3, status: 503 }, tuning, half).retry).toBe(false);
  });
  it("waits at least Retry-After on 429/503 and pauses the host", () => {
    expect(decideRetry({ ...base, status: 429, retryAfterMs: 7_000 }, tuning, half)).toEqual({
      retry: true,
      delayMs: 7_000,
      pauseHostMs: 7_000,
    });
  });
  it("gives up at once when Retry-After exceeds the cap, keeping the server's wish", () => {
    expect(decideRetry({ ...base, status: 503, retryAfterMs: 3_600_000 }, tuning, half)).toEqual({
      retry: false,
      retryAfterMs: 3_600_000,
    });
  });
  it("ignores Retry-After on statuses that are not throttling", () => {
    const decision = decideRetry({ ...base, status: 502, retryAfterMs: 9_000 }, tuning, half);
    expect(decision).toEqual({ retry: true, delayMs: backoffDelay(0, tuning, half) });
  });
});
