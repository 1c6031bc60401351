import type { Logger } from "@aws-lambda-powertools/logger";
import type { BrowserSessionInfo } from "../core/browser-session.js";
import type { Channel, TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import { DEFAULT_SESSION_JITTER, DEFAULT_SESSION_RPM } from "../core/session-pacing.js";
import type { Renderer } from "../crawl/render/chromium-renderer.js";
import { createSessionRender, type SessionRenderDeps } from "../crawl/render/session-render.js";
import type { SessionCipher } from "../sessions/session-cipher.js";
import { createSharedPacer, SessionPacedOutError } from "../sessions/shared-pacer.js";
import { recordSessionAlert, resolveSessionAlerts } from "../stages/record-session.js";
import type { AlertRepository } from "../store/alert-repository.js";
import type { SessionLease } from "../store/session-lease.js";
import type { SessionRepository } from "../store/session-repository.js";
import type { RenderJob, RenderPath } from "./crawl-worker.js";

/**
 * What a render takes besides waiting for its slot: the page's own timeout (`network.timeoutMs`)
 * plus this, for opening the session and storing what was seen.
 */
const RENDER_SLACK_MS = 10_000;
/** A page that waited this long for its slot checks that its session is still healthy before it goes. */
const RECHECK_AFTER_WAIT_MS = 1_000;

export interface RenderSessionsDeps {
  alerts: AlertRepository;
  sessions: Pick<SessionRepository, "list" | "get" | "load" | "mark" | "touch">;
  lease: Pick<SessionLease, "acquire" | "nextAt">;
  logger: Pick<Logger, "info" | "warn">;
  now?: () => Date;
  /** Tests: the pacer's clock (epoch ms) and sleep. */
  pacerClock?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /** In [0, 1): picks among sessions whose slot is free. */
  random?: () => number;
}

/** The render path of one record: Chromium through the tenant's sessions, paced across workers. */
export type RenderPathFor = (config: TenantConfig, job: RenderJob, renderer: Renderer) => RenderPath;

/**
 * Customer-owned sessions in the render function, wired as the local runner wires them
 * (functions/local/local-cycle.ts: render, sessionFeedback, and the session alerts), with what
 * differs when many workers share the sessions:
 * - a fresh `createSessionRender` per record, so every page sees the sessions' health as the store
 *   has it (another worker may have just paused one); within the record, its own verdicts stand;
 * - which session: among the channel's usable ones, one whose pacing slot is free now (at random
 *   among those, so concurrent workers spread), else the one free soonest;
 * - pacing is shared by every worker through the session's pacing item (`SessionLease`), and
 *   waits only while the invocation has time for the slot and the render after it; otherwise
 *   `SessionPacedOutError` hands the message back to the queue (functions/aws/crawl-worker.ts).
 *   A page that waited re-reads its session first, and is handed back too if another worker found
 *   it expired or challenged meanwhile: a paused session never goes out again;
 * - a session's alert is recorded when it turns unhealthy, at once: `mark` reports the change to
 *   exactly one worker (a conditional update), so that worker raises the one alert, under the
 *   message's run id; a session that reads a page again resolves its alerts;
 * - a sealed state that does not open (altered, or sealed by another key, such as a data
 *   directory's) makes the session unreadable — unhealthy, with its alert — rather than failing
 *   the worker; KMS or DynamoDB being unavailable still fails the message, so SQS retries it.
 * Nothing here logs a session's state: ids, labels and reasons only.
 */
export function createRenderSessions(deps: RenderSessionsDeps): RenderPathFor {
  const now = deps.now ?? (() => new Date());
  const clockNow = deps.pacerClock?.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const pace = (channel: Channel) => ({
    requestsPerMinute: channel.session?.requestsPerMinute ?? DEFAULT_SESSION_RPM,
    jitter: channel.session?.jitter ?? DEFAULT_SESSION_JITTER,
  });

  return (config, job, renderer) => {
    const { tenant } = config;
    const alertDeps = { config, alerts: deps.alerts };
    const channelOf = (id: string) => config.channels.find((c) => c.id === id);

    const sessions: SessionRenderDeps["sessions"] = {
      mark: (t, channel, id, mark) => deps.sessions.mark(t, channel, id, mark),
      touch: (t, channel, id, at) => deps.sessions.touch(t, channel, id, at),
      async list(t, channelId) {
        const all = await deps.sessions.list(t, channelId);
        const channel = channelId === undefined ? undefined : channelOf(channelId);
        const usable = all.filter((s) => s.health !== "unhealthy");
        if (!channel?.session || usable.length <= 1) return all;
        // createSessionRender takes the first usable session; offering it only the chosen one
        // (and the unhealthy ones, for its messages) makes it take that.
        const chosen = await soonestFree(t, channel, usable);
        return all.filter((s) => s.id === chosen.id || s.health === "unhealthy");
      },
      async load(t, channel, id) {
        try {
          return await deps.sessions.load(t, channel, id);
        } catch (error) {
          if (!(error instanceof PricewardenError && error.code === "ITEM_INVALID")) throw error;
          deps.logger.warn("stored session cannot be opened; it is treated as signed out", {
            tenant: t,
            channel,
            sessionId: id,
            reason: error.message,
          });
          return null;
        }
      },
    };

    async function soonestFree(
      t: string,
      channel: Channel,
      usable: BrowserSessionInfo[],
    ): Promise<BrowserSessionInfo> {
      const at = clockNow();
      const slots = await Promise.all(
        usable.map(async (session) => ({
          session,
          next: await deps.lease.nextAt(t, channel.id, session.id, { ...pace(channel), now: at }),
        })),
      );
      const free = slots.filter((slot) => slot.next <= at);
      if (free.length > 0)
        return free[Math.min(free.length - 1, Math.floor(random() * free.length))]!.session;
      return slots.reduce((best, slot) => (slot.next < best.next ? slot : best)).session;
    }

    const shared = createSharedPacer({
      lease: deps.lease,
      tenant,
      deadline: () =>
        job.deadline === null
          ? Number.POSITIVE_INFINITY
          : job.deadline - config.network.timeoutMs - RENDER_SLACK_MS,
      ...(deps.pacerClock ?? {}),
    });
    const pacer = {
      async acquire(sessionId: string, channel: Channel) {
        const asked = clockNow();
        await shared.acquire(sessionId, channel);
        if (clockNow() - asked < RECHECK_AFTER_WAIT_MS) return;
        const info = await deps.sessions.get(tenant, channel.id, sessionId);
        if (info === null || info.health === "unhealthy")
          throw new SessionPacedOutError(
            channel.id,
            sessionId,
            1_000,
            info === null
              ? "was removed while this page waited for it"
              : "was paused by another worker while this page waited for it",
          );
      },
    };

    const sessionRender = createSessionRender({
      tenant,
      renderer,
      sessions,
      now,
      pacer,
      onUnhealthy: async (problem) => {
        deps.logger.warn("session turned unhealthy; raising its alert", {
          tenant,
          channel: problem.channel.id,
          sessionId: problem.session.id,
          label: problem.session.label,
          alert: problem.alert,
          reason: problem.reason,
        });
        await recordSessionAlert(alertDeps, problem, job.message.runId, now());
      },
      onHealthy: async (session, channel) => {
        deps.logger.info("session reads pages again; resolving its alerts", {
          tenant,
          channel: channel.id,
          sessionId: session.id,
        });
        await resolveSessionAlerts(alertDeps, channel.id, session.id, job.message.runId, now());
      },
    });
    return {
      render: (url, signal, channel) => sessionRender.render(url, signal, channel),
      sessionFeedback: (session, seen) => sessionRender.feedback(session, seen),
    };
  };
}

/**
 * The KMS session cipher with its client loaded on first use (the Lambda runtime provides the
 * SDK): a container whose tenants use no session never loads it or calls KMS.
 */
export function lazyKmsSessionCipher(region: string, keyId: string | undefined): SessionCipher {
  let ready: Promise<SessionCipher> | undefined;
  const cipher = (): Promise<SessionCipher> => {
    if (!keyId)
      return Promise.reject(
        new PricewardenError(
          "CONFIG_INVALID",
          "function environment is invalid: SESSION_KEY_ID is unset, so stored browser sessions cannot be opened",
        ),
      );
    if (!ready) {
      ready = Promise.all([import("@aws-sdk/client-kms"), import("./kms-session-cipher.js")]).then(
        ([{ KMSClient }, { createKmsSessionCipher }]) =>
          createKmsSessionCipher(new KMSClient({ region }), keyId),
      );
      ready.catch(() => {
        ready = undefined;
      });
    }
    return ready;
  };
  return {
    encrypt: async (plaintext, context) => (await cipher()).encrypt(plaintext, context),
    decrypt: async (sealed, context) => (await cipher()).decrypt(sealed, context),
  };
}
