/**
 * JD's risk control, per session: more than `pagesPerMinute` page loads (item and search pages;
 * API calls do not count) within any 60 s window puts the session on the risk page (京东验证)
 * until `coolDownMs` has passed since; then it starts afresh. While it is on the risk page, its
 * loads do not count and do not extend the cool-down.
 */

export const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  pagesPerMinute: number;
  coolDownMs: number;
  now: () => number;
}

interface SessionLoads {
  /** Times of the page loads allowed within the current window, oldest first. */
  loads: number[];
  blockedUntil: number | null;
}

export class PageRateLimiter {
  private readonly state = new Map<string, SessionLoads>();

  constructor(private readonly options: RateLimitOptions) {}

  private current(sessionId: string): SessionLoads {
    let s = this.state.get(sessionId);
    if (!s) {
      s = { loads: [], blockedUntil: null };
      this.state.set(sessionId, s);
    }
    if (s.blockedUntil !== null && this.options.now() >= s.blockedUntil) {
      s.blockedUntil = null;
      s.loads = [];
    }
    return s;
  }

  /** Whether the session is on the risk page now (for API calls, which do not count). */
  blocked(sessionId: string): boolean {
    return this.current(sessionId).blockedUntil !== null;
  }

  /** Counts a page load; false when the session gets the risk page instead. */
  allowPage(sessionId: string): boolean {
    const s = this.current(sessionId);
    if (s.blockedUntil !== null) return false;
    const now = this.options.now();
    s.loads = s.loads.filter((at) => now - at < WINDOW_MS);
    if (s.loads.length >= this.options.pagesPerMinute) {
      s.blockedUntil = now + this.options.coolDownMs;
      return false;
    }
    s.loads.push(now);
    return true;
  }
}
