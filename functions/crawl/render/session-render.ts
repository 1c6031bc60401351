import type { BrowserSessionInfo } from "../../core/browser-session.js";
import type { Channel } from "../../core/config.js";
import type { FetchOutcome } from "../../core/fetch-outcome.js";
import { sessionVerdict } from "../../core/session-verdict.js";
import { channelSources } from "../../extract/channel-sources.js";
import { SessionPacer } from "../../sessions/session-pacer.js";
import { nextSession } from "../../sessions/session-rotation.js";
import type { SessionRepository } from "../../store/session-repository.js";
import type { Renderer } from "./chromium-renderer.js";

/**
 * The render path of `render: true` channels: every page renders in Chromium while the responses
 * the channel's sources read are recorded; a channel with a `session` browses with the customer's
 * signed-in sessions, one at a time in rotation, each paced, and a session whose pages show a
 * login wall, a masked price or a challenge is marked unhealthy at once (paused: the rest of the
 * cycle uses another one, or none) with one operational alert.
 */

export interface SessionProblem {
  session: BrowserSessionInfo;
  channel: Channel;
  alert: "session_expired" | "blocked";
  reason: string;
}

export interface SessionRenderDeps {
  tenant: string;
  renderer: Renderer;
  sessions: Pick<SessionRepository, "list" | "load" | "mark" | "touch">;
  now?: () => Date;
  /** Called once when a session turns unhealthy (not again while it stays so). */
  onUnhealthy?: (problem: SessionProblem) => Promise<void>;
  /** Called when a session that was unhealthy reads a page again (its alerts can resolve). */
  onHealthy?: (session: BrowserSessionInfo, channel: Channel) => Promise<void>;
  /** Pacer options for tests (a simulated clock); rpm and jitter come from each channel. */
  pacerClock?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /**
   * Paces each session's page loads (rpm and jitter from the channel); resolves when the load may
   * go. Default: an in-process `SessionPacer` per channel (one process per session). Workers that
   * share sessions pass one backed by the store (functions/sessions/shared-pacer.ts).
   */
  pacer?: { acquire(sessionId: string, channel: Channel): Promise<void> };
}

export interface SessionRender {
  render: (url: string, signal?: AbortSignal, channel?: Channel) => Promise<FetchOutcome>;
  /** What a page seen with a session came to (from the extraction: a masked price, a login stub). */
  feedback: (
    session: { id: string; channel: string },
    seen: { outcome: string; reason: string | null },
  ) => Promise<void>;
}

export function createSessionRender(deps: SessionRenderDeps): SessionRender {
  const now = deps.now ?? (() => new Date());
  const pacers = new Map<string, SessionPacer>();
  const lastUsed = new Map<string, string>();
  const known = new Map<string, { info: BrowserSessionInfo; channel: Channel }>();

  const pacerFor = (channel: Channel): SessionPacer => {
    const key = `${channel.id}:${channel.session?.requestsPerMinute}:${channel.session?.jitter}`;
    let pacer = pacers.get(key);
    if (!pacer) {
      pacer = new SessionPacer({
        ...(channel.session
          ? { requestsPerMinute: channel.session.requestsPerMinute, jitter: channel.session.jitter }
          : {}),
        ...(deps.pacerClock ?? {}),
      });
      pacers.set(key, pacer);
    }
    return pacer;
  };

  async function judge(
    sessionKey: { id: string; channel: string },
    seen: { outcome: string; reason: string | null },
  ) {
    const entry = known.get(`${sessionKey.channel}/${sessionKey.id}`);
    if (!entry) return;
    const verdict = sessionVerdict(seen);
    const at = now().toISOString();
    if (verdict.health === "healthy") {
      if (entry.info.health !== "healthy") {
        const was = entry.info.health;
        await deps.sessions.mark(deps.tenant, sessionKey.channel, sessionKey.id, {
          health: "healthy",
          reason: null,
          at,
        });
        entry.info = { ...entry.info, health: "healthy", reason: null };
        if (was === "unhealthy") await deps.onHealthy?.(entry.info, entry.channel);
      }
      return;
    }
    const changed = await deps.sessions.mark(deps.tenant, sessionKey.channel, sessionKey.id, {
      health: "unhealthy",
      reason: verdict.reason,
      at,
    });
    entry.info = { ...entry.info, health: "unhealthy", reason: verdict.reason };
    if (changed)
      await deps.onUnhealthy?.({
        session: entry.info,
        channel: entry.channel,
        alert: verdict.alert,
        reason: verdict.reason,
      });
  }

  async function render(url: string, signal?: AbortSignal, channel?: Channel): Promise<FetchOutcome> {
    const recordUrls = channel ? responseUrlPatterns(channel) : [];
    const plain = async () =>
      (await deps.renderer.render(url, { blockResources: true, recordUrls, ...(signal ? { signal } : {}) }))
        .outcome;
    if (!channel?.session) return plain();

    const all = await deps.sessions.list(deps.tenant, channel.id);
    // This run's verdicts stand even before the store's list reflects them.
    const sessions = all.map((s) => known.get(`${channel.id}/${s.id}`)?.info ?? s);
    const pick = nextSession(sessions, channel.id, lastUsed.get(channel.id) ?? null);
    if (!pick) {
      if (channel.session.use === "optional") return plain();
      const unhealthy = sessions.filter((s) => s.health === "unhealthy");
      const why =
        sessions.length === 0
          ? "no browser session is stored for it"
          : `all ${sessions.length} of its sessions are unhealthy (${unhealthy
              .map((s) => `${s.label}: ${s.reason ?? "?"}`)
              .join("; ")
              .slice(0, 200)})`;
      return {
        kind: "blocked",
        url,
        signal: "login",
        reason: `${channel.name} shows prices only to a signed-in shopper and ${why}: add one with \`pricewarden session import --channel ${channel.id} FILE\``,
        attempts: 0,
      };
    }
    lastUsed.set(channel.id, pick.id);
    const key = `${channel.id}/${pick.id}`;
    if (!known.has(key)) known.set(key, { info: pick, channel });
    // One page at a time per session: the one ahead may find the session expired or challenged,
    // and then this one never goes out with it (a pause on the first sign).
    const release = await lockSession(key);
    try {
      if (known.get(key)?.info.health === "unhealthy") {
        release();
        return render(url, signal, channel);
      }
      return await renderWith(url, signal, channel, pick);
    } finally {
      release();
    }
  }

  const locks = new Map<string, Promise<void>>();
  /** Resolves when the session is free; the returned function frees it (idempotent). */
  async function lockSession(key: string): Promise<() => void> {
    const ahead = locks.get(key) ?? Promise.resolve();
    let free!: () => void;
    const mine = new Promise<void>((resolve) => {
      free = resolve;
    });
    const tail = ahead.then(() => mine);
    locks.set(key, tail);
    await ahead;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      free();
      if (locks.get(key) === tail) locks.delete(key);
    };
  }

  async function renderWith(
    url: string,
    signal: AbortSignal | undefined,
    channel: Channel,
    pick: BrowserSessionInfo,
  ): Promise<FetchOutcome> {
    const recordUrls = responseUrlPatterns(channel);
    if (signal?.aborted)
      return { kind: "error", url, code: "aborted", reason: "the render was given up", attempts: 0 };
    const state = await deps.sessions.load(deps.tenant, channel.id, pick.id);
    if (!state) {
      await judge(
        { id: pick.id, channel: channel.id },
        {
          outcome: "login_required",
          reason: "the stored session cannot be read (removed, or encrypted with another key)",
        },
      );
      return render(url, signal, channel);
    }
    const result = await deps.renderer.render(url, {
      blockResources: true,
      recordUrls,
      storageState: state,
      // Paced at the moment the page is requested: what the platform counts.
      beforeNavigate: async () => {
        await (deps.pacer ? deps.pacer.acquire(pick.id, channel) : pacerFor(channel).acquire(pick.id));
        return !signal?.aborted;
      },
      ...(signal ? { signal } : {}),
    });
    await deps.sessions.touch(deps.tenant, channel.id, pick.id, now().toISOString());
    const outcome = result.outcome;
    const session = { id: pick.id, channel: channel.id };
    if (outcome.kind === "ok") {
      const area = channel.session?.area ?? pick.area ?? undefined;
      return { ...outcome, session, ...(area ? { area } : {}) };
    }
    if (outcome.kind === "blocked" || outcome.kind === "rate_limited") {
      const kind = outcome.kind === "blocked" && outcome.signal === "login" ? "login_required" : outcome.kind;
      await judge(session, { outcome: kind, reason: outcome.reason });
      return { ...outcome, reason: `${outcome.reason} (session ${pick.label})` };
    }
    return outcome;
  }

  return { render, feedback: judge };
}

/** The request URLs whose responses the channel's sources read (as `sourcesForResponse` selects them). */
export function responseUrlPatterns(channel: Channel): string[] {
  // A source without a URL pattern reads every response.
  return channelSources(channel)
    .sources.filter((source) => source.from === "response")
    .map((source) => source.url ?? "");
}
