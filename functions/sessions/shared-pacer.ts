import type { Channel } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import { DEFAULT_SESSION_JITTER, DEFAULT_SESSION_RPM } from "../core/session-pacing.js";
import type { SessionLease } from "../store/session-lease.js";

/**
 * No slot for the session before the worker had to stop waiting: the page was not requested
 * (nothing of the check is recorded) and the message goes back to its queue, to run after
 * `retryAfterMs`. Code `ABANDONED`: the check was given up, not failed.
 */
export class SessionPacedOutError extends PricewardenError {
  readonly retryAfterMs: number;
  readonly channel: string;
  readonly sessionId: string;

  constructor(channel: string, sessionId: string, retryAfterMs: number, why?: string) {
    super(
      "ABANDONED",
      `paced out: session ${sessionId} of ${channel} ${why ?? `has no page load free before this worker must stop waiting (next in ${Math.ceil(retryAfterMs / 1000)} s)`}; the check runs again later`,
    );
    this.name = "SessionPacedOutError";
    this.retryAfterMs = retryAfterMs;
    this.channel = channel;
    this.sessionId = sessionId;
  }
}

export interface SharedPacerDeps {
  lease: Pick<SessionLease, "acquire">;
  tenant: string;
  /**
   * Epoch ms by which a page load must be granted, read at every wait (the invocation's time left,
   * less what the render itself needs); a wait that would end later fails at once with
   * `SessionPacedOutError`. Unset: wait as long as it takes.
   */
  deadline?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The pacer `createSessionRender` takes (`SessionRenderDeps.pacer`). */
export interface SharedPacer {
  acquire(sessionId: string, channel: Channel): Promise<void>;
}

/**
 * `SessionPacer`'s `acquire`, across every worker: each page load of a session is granted by the
 * session's pacing item in the store (`SessionLease`), with the channel's rpm and jitter. Waits
 * while the lease says when the next load may go, as long as that is before the deadline; throws
 * `SessionPacedOutError` (with when to try again) as soon as it is not.
 */
export function createSharedPacer(deps: SharedPacerDeps): SharedPacer {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async acquire(sessionId, channel) {
      const requestsPerMinute = channel.session?.requestsPerMinute ?? DEFAULT_SESSION_RPM;
      const jitter = channel.session?.jitter ?? DEFAULT_SESSION_JITTER;
      for (;;) {
        const asked = now();
        const result = await deps.lease.acquire(deps.tenant, channel.id, sessionId, {
          requestsPerMinute,
          jitter,
          now: asked,
        });
        if (result.ok) return;
        const wakeAt = asked + result.retryAfterMs;
        const deadline = deps.deadline?.() ?? Number.POSITIVE_INFINITY;
        if (wakeAt > deadline)
          throw new SessionPacedOutError(channel.id, sessionId, Math.max(1, wakeAt - now()));
        await sleep(Math.max(0, wakeAt - now()));
      }
    },
  };
}
