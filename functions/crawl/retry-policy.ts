/**
 * When to try a request again and how long to wait. The taxonomy follows mature crawlers
 * (Scrapy's RETRY_HTTP_CODES, Heritrix): transient server and network trouble is retried;
 * answers about the page itself (404, 410, 401/403, other 4xx) are final.
 */
export interface RetryTuning {
  /** First backoff step; doubles per retry. */
  baseDelayMs: number;
  /** Ceiling of one backoff step. */
  maxDelayMs: number;
  /**
   * Longest Retry-After this run will wait for. A server asking for more is not hammered early:
   * the URL ends as rate_limited and carries the server's wish for the scheduler.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_TUNING: RetryTuning = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 522, 524]);

/** Statuses whose Retry-After also pauses the whole host. */
export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Network failure codes (as the fetcher names them) worth another try. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  "timeout",
  "connect_timeout",
  "headers_timeout",
  "body_timeout",
  "connection_reset",
  "connection_refused",
  "dns_temporary",
]);

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Unparseable values are ignored; dates in the past mean "now".
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with equal jitter: half the step fixed, half random, so retries spread. */
export function backoffDelay(retry: number, tuning: RetryTuning, random: () => number): number {
  const step = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}

export type RetryDecision =
  | { retry: false; retryAfterMs?: number }
  | { retry: true; delayMs: number; pauseHostMs?: number };

export function decideRetry(
  input: {
    /** Retries already made for this request. */
    retriesUsed: number;
    maxRetries: number;
    status?: number;
    errorCode?: string;
    retryAfterMs?: number;
  },
  tuning: RetryTuning,
  random: () => number,
): RetryDecision {
  const retryable =
    (input.status !== undefined && RETRYABLE_STATUSES.has(input.status)) ||
    (input.errorCode !== undefined && RETRYABLE_ERROR_CODES.has(input.errorCode));
  const throttled = input.status !== undefined && THROTTLE_STATUSES.has(input.status);
  const retryAfterMs = throttled ? input.retryAfterMs : undefined;
  const keep = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (!retryable || input.retriesUsed >= input.maxRetries) return { retry: false, ...keep };
  if (retryAfterMs !== undefined && retryAfterMs > tuning.maxRetryAfterMs) return { retry: false, ...keep };
  const backoff = backoffDelay(input.retriesUsed, tuning, random);
  if (retryAfterMs === undefined) return { retry: true, delayMs: backoff };
  return { retry: true, delayMs: Math.max(backoff, retryAfterMs), pauseHostMs: retryAfterMs };
}
