/** Page loads per session per minute when nothing else is configured: a person browsing slowly. */
export const DEFAULT_SESSION_RPM = 6;
/** Gaps between loads vary by ±30 % around 60 s / rpm, so the rhythm is not a metronome. */
export const DEFAULT_SESSION_JITTER = 0.3;
export const PACING_WINDOW_MS = 60_000;

/**
 * The earliest time (integer ms, ≥ `now`) a session may load its next page, given the times of
 * its earlier loads (`history`, ascending; only the last `rpm` matter):
 * - at most `rpm` loads in any 60 s window: the next load is at least 60 s after the load `rpm`
 *   places back;
 * - at least `60000 / rpm × (1 + jitterFraction × (2·random() − 1))` after the last load, so
 *   never less than `60000 / rpm × (1 − jitterFraction)`.
 * `random` returns a number in [0, 1); a caller that asks again before the load happens should
 * pass the same draw, or the wait keeps being re-rolled.
 */
export function nextAllowedAt(
  history: readonly number[],
  now: number,
  rpm: number,
  jitterFraction: number,
  random: () => number,
): number {
  if (!Number.isFinite(rpm) || rpm <= 0) throw new RangeError(`requests per minute must be > 0, got ${rpm}`);
  if (!(jitterFraction >= 0 && jitterFraction < 1))
    throw new RangeError(`jitter must be in [0, 1), got ${jitterFraction}`);
  let earliest = now;
  const last = history.at(-1);
  if (last !== undefined) {
    const draw = Math.min(Math.max(random(), 0), 1);
    const gap = (PACING_WINDOW_MS / rpm) * (1 + jitterFraction * (2 * draw - 1));
    // Whole milliseconds, rounded up: the gap is never a float's hair short of the minimum.
    earliest = Math.max(earliest, last + Math.ceil(gap));
  }
  const limit = Math.floor(rpm);
  if (limit >= 1 && history.length >= limit) {
    const windowStart = history[history.length - limit]!;
    earliest = Math.max(earliest, windowStart + PACING_WINDOW_MS);
  }
  return Math.ceil(earliest);
}
