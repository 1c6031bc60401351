import type { BrowserSessionInfo } from "../core/browser-session.js";
import type { Channel } from "../core/config.js";
import { sessionVerdict } from "../core/session-verdict.js";
import type { Renderer } from "../crawl/render/chromium-renderer.js";
import { responseUrlPatterns } from "../crawl/render/session-render.js";
import { channelSources } from "../extract/channel-sources.js";
import { observePage } from "../extract/observe-page.js";
import type { SessionRepository } from "../store/session-repository.js";

/** What checking one session found. */
export interface SessionCheckResult {
  session: BrowserSessionInfo;
  url: string;
  /** ok (a price was read), no_price, login_required, blocked, rate_limited, or a fetch error kind. */
  outcome: string;
  reason: string | null;
  health: "healthy" | "unhealthy";
  /** Whether the stored health changed. */
  changed: boolean;
}

/** The page a channel's sessions are checked on: `--url`, else the channel's first watched URL. */
export function checkUrlFor(
  channel: Channel,
  watch: readonly ({ url: string; channel: string } | { discover: { channel: string; start: string } })[],
): string | null {
  for (const w of watch) {
    if ("discover" in w) {
      if (w.discover.channel === channel.id) return w.discover.start;
    } else if (w.channel === channel.id) return w.url;
  }
  return null;
}

/**
 * `pricewarden session check`: each session of the channel renders one page, as a cycle would
 * (its own storage state, the channel's responses recorded and read); what the page shows decides
 * its health. One page per session, so no pacing beyond the channel's own is at stake.
 */
export async function checkSessions(deps: {
  tenant: string;
  channel: Channel;
  url: string;
  renderer: Renderer;
  sessions: Pick<SessionRepository, "list" | "load" | "mark" | "touch">;
  now?: () => Date;
}): Promise<SessionCheckResult[]> {
  const now = deps.now ?? (() => new Date());
  const reading = channelSources(deps.channel);
  const recordUrls = responseUrlPatterns(deps.channel);
  const results: SessionCheckResult[] = [];
  for (const session of await deps.sessions.list(deps.tenant, deps.channel.id)) {
    const state = await deps.sessions.load(deps.tenant, deps.channel.id, session.id);
    let outcome: string;
    let reason: string | null;
    if (!state) {
      outcome = "login_required";
      reason = "the stored session cannot be read (encrypted with another key?)";
    } else {
      const rendered = await deps.renderer.render(deps.url, {
        blockResources: true,
        recordUrls,
        storageState: state,
      });
      await deps.sessions.touch(deps.tenant, deps.channel.id, session.id, now().toISOString());
      const page = rendered.outcome;
      if (page.kind !== "ok") {
        outcome = page.kind === "blocked" && page.signal === "login" ? "login_required" : page.kind;
        reason = page.reason;
      } else {
        const seen = observePage(
          {
            url: deps.url,
            finalUrl: page.finalUrl,
            body: page.body,
            fullBody: page.fullBody,
            responses: page.responses ?? [],
          },
          reading,
        );
        if (seen.kind === "unseen") {
          outcome = seen.outcome;
          reason = seen.reason;
        } else {
          const priced =
            seen.kind === "item" ? seen.listing.price !== null : seen.listings.some((l) => l.price !== null);
          outcome = priced ? "ok" : "no_price";
          reason = priced ? null : "the page showed no price";
        }
      }
    }
    const verdict = sessionVerdict({ outcome, reason });
    const changed = await deps.sessions.mark(deps.tenant, deps.channel.id, session.id, {
      health: verdict.health,
      reason: verdict.health === "unhealthy" ? verdict.reason : null,
      at: now().toISOString(),
    });
    results.push({ session, url: deps.url, outcome, reason, health: verdict.health, changed });
  }
  return results;
}
