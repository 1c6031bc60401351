import { DEFAULT_SESSION_JITTER, DEFAULT_SESSION_RPM, nextAllowedAt } from "../core/session-pacing.js";

export interface SessionPacerOptions {
  /** Page loads per session in any 60 s window (default 6). */
  requestsPerMinute?: number;
  /** Fraction the gap between loads varies by around 60 s / rpm (default 0.3). */
  jitter?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); drawn once per load slot. */
  random?: () => number;
}

interface SessionLane {
  /** Times of the last `rpm` granted loads, ascending. */
  history: number[];
  /** The jitter draw for the next load, fixed until that load is granted. */
  draw: number;
  /** The tail of this session's queue of waiting `acquire`s. */
  tail: Promise<void>;
}

/**
 * Paces page loads per session (`nextAllowedAt`): `acquire(id)` resolves when the session may
 * load its next page, and counts that load. Callers of one session queue in order; different
 * sessions never wait for each other. It paces within this process only: on AWS one session's
 * loads must go through one pacer (one worker per session), or its history must be shared.
 */
export class SessionPacer {
  private readonly rpm: number;
  private readonly jitter: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly lanes = new Map<string, SessionLane>();

  constructor(opts: SessionPacerOptions = {}) {
    this.rpm = opts.requestsPerMinute ?? DEFAULT_SESSION_RPM;
    this.jitter = opts.jitter ?? DEFAULT_SESSION_JITTER;
    if (!Number.isFinite(this.rpm) || this.rpm <= 0)
      throw new RangeError(`requestsPerMinute must be > 0, got ${this.rpm}`);
    if (!(this.jitter >= 0 && this.jitter < 1))
      throw new RangeError(`jitter must be in [0, 1), got ${this.jitter}`);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
  }

  acquire(sessionId: string): Promise<void> {
    let lane = this.lanes.get(sessionId);
    if (!lane) {
      lane = { history: [], draw: this.random(), tail: Promise.resolve() };
      this.lanes.set(sessionId, lane);
    }
    const current = lane;
    const turn = current.tail.then(() => this.wait(current));
    // The next caller queues behind this one whether it succeeds or not.
    current.tail = turn.catch(() => undefined);
    return turn;
  }

  private async wait(lane: SessionLane): Promise<void> {
    for (;;) {
      const now = this.now();
      const at = nextAllowedAt(lane.history, now, this.rpm, this.jitter, () => lane.draw);
      if (at <= now) break;
      await this.sleep(at - now);
    }
    lane.history.push(this.now());
    const keep = Math.max(1, Math.floor(this.rpm));
    if (lane.history.length > keep) lane.history.splice(0, lane.history.length - keep);
    lane.draw = this.random();
  }
}
