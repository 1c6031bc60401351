import type { DeliveryState } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import { type OutboundPolicy, outboundPolicy } from "../net/outbound-policy.js";
import type { AlertRepository, StoredAlert } from "../store/alert-repository.js";
import type { SendWindow, SendWindowRepository } from "../store/send-window-repository.js";
import { chooseLocale, tenantLocale } from "../text/locale.js";
import { type DueDelivery, deliveryBatches, dueByTarget, messageDeliveryId } from "./delivery-batches.js";
import type { DeliveryTarget, NotifySend, OutgoingMessage, SendResult } from "./notify-sender.js";
import { deliveryTargets, targetIdOf } from "./notify-targets.js";
import { isQuietTime } from "./quiet-hours.js";
import { type RateWindow, ROBOT_LIMITS, recentSends, waitForRoom } from "./robot-limits.js";

export interface DeliverOptions {
  config: TenantConfig;
  alerts: AlertRepository;
  /** Hands one message to its channel's sender: `sendNotification`, or `dispatchTo(senders)` in tests. */
  send: NotifySend;
  /** The clock every decision reads (due times, quiet hours, rate windows); tests inject it. */
  now: () => Date;
  /** Resolves `env:NAME` refs (secrets, robot URLs, SMTP credentials); undefined when unset. */
  resolveSecret: (ref: string) => string | undefined;
  /** Quick retries inside one drain before the attempt is persisted with a longer backoff. */
  immediateRetries?: number;
  /** Waits inside a drain (quick retries, a robot's per-second window); tests advance their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** After this many persisted attempts a delivery is marked failed (kept on the alert, never dropped). */
  maxAttempts?: number;
  /** Where the dashboard is when the config names no `dashboardUrl` (on AWS: the API endpoint). */
  dashboardUrl?: string;
  /**
   * The address policy every target's connection is checked against. Default: the config's
   * `network.allowPrivateAddresses`, granted only with the operator's opt-in (functions/net).
   */
  network?: OutboundPolicy;
  /**
   * Whether digest targets are sent in this pass (default true). The AWS notifier leaves them to its
   * periodic sweep, so a cycle's alerts arriving one stream record at a time make one digest.
   */
  digests?: boolean;
}

export interface DeliverSummary {
  delivered: number;
  /** Still pending: attempted and backed off, or held back behind a failing target. */
  retrying: number;
  failed: number;
  /** Still pending, not attempted: quiet hours, a robot's rate limit, or a digest left for later. */
  held: number;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** A Retry-After (or a robot's rate-limit pause) longer than this is not waited out inside a drain. */
const QUICK_RETRY_MAX_WAIT_MS = 5_000;
/** A robot's window that frees up within this is waited for; a longer one is left to the next drain. */
const WINDOW_MAX_WAIT_MS = 2_000;

/** Persisted backoff: 30 s, 1 min, 2 min … capped at 1 h. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

interface Pass {
  opts: DeliverOptions;
  summary: DeliverSummary;
  /** The latest stored version of every alert this pass touched. */
  latest: Map<string, StoredAlert>;
  sleep: (ms: number) => Promise<void>;
  windows: SendWindowRepository;
  network: OutboundPolicy;
  dashboard: string | null;
  channelNames: Record<string, string>;
}

/**
 * The notify stage: drains due deliveries from the sparse index, target by target, whatever the
 * channel (webhook, WeCom, DingTalk, Feishu, Slack, e-mail). Per target: nothing during its quiet
 * hours (held, still pending, sent by the first drain after they end); one message per listing,
 * or one digest for all; never more than the robot's documented rate limit, counted in a send
 * window persisted in the store, so what does not fit waits, pending, for a later drain.
 * A delivery is marked delivered only after the receiver acknowledged the message that carried it;
 * a crash in between re-sends it with the same delivery id (at-least-once), never loses it. Once a
 * target fails retryably in a drain, its other due deliveries wait for the next drain untouched.
 */
export async function deliverPending(opts: DeliverOptions): Promise<DeliverSummary> {
  const pass: Pass = {
    opts,
    summary: { delivered: 0, retrying: 0, failed: 0, held: 0 },
    latest: new Map(),
    sleep: opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    windows: opts.alerts.sendWindows(),
    network: opts.network ?? outboundPolicy(opts.config.network),
    dashboard: (opts.config.dashboardUrl ?? opts.dashboardUrl)?.replace(/\/+$/, "") ?? null,
    channelNames: Object.fromEntries(opts.config.channels.map((c) => [c.id, c.name])),
  };
  const targets = new Map<string, DeliveryTarget>();
  for (const target of deliveryTargets(opts.config)) {
    const id = targetIdOf(target);
    if (!targets.has(id)) targets.set(id, target);
  }
  const due = await opts.alerts.listDue(opts.config.tenant, opts.now().toISOString());
  for (const alert of due) pass.latest.set(alert.id, alert);
  for (const [targetId, deliveries] of dueByTarget(due, opts.now().toISOString())) {
    const target = targets.get(targetId);
    if (!target) {
      const reason = `notify target ${targetId} is no longer configured`;
      for (const d of deliveries) await settle(pass, targetId, d, { ok: false, retryable: false, reason });
      continue;
    }
    if (
      isQuietTime(opts.now(), target.quietHours, opts.config.timezone) ||
      (target.mode === "digest" && opts.digests === false)
    ) {
      pass.summary.held += deliveries.length;
      continue;
    }
    await drainTarget(pass, targetId, target, deliveries);
  }
  return pass.summary;
}

async function drainTarget(
  pass: Pass,
  targetId: string,
  target: DeliveryTarget,
  deliveries: readonly DueDelivery[],
): Promise<void> {
  const { opts } = pass;
  const limits = ROBOT_LIMITS[target.type];
  const budget = limits.length > 0 ? new SendBudget(pass, targetId, limits) : null;
  const batches = deliveryBatches(target, deliveries);
  try {
    for (const [index, batch] of batches.entries()) {
      const rest = batches.slice(index).reduce((n, b) => n + b.length, 0);
      if (budget && !(await budget.reserve())) {
        // The robot's window is full: the rest waits, pending, for a later drain.
        pass.summary.held += rest;
        return;
      }
      const message = messageFor(pass, target, batch);
      const ctx = { resolveSecret: opts.resolveSecret, network: pass.network };
      const result = await sendWithQuickRetries(
        async () => {
          const answer = await opts.send(target, message, ctx);
          budget?.sent();
          return answer;
        },
        // Every quick retry is one more message for the robot's window.
        async () => (budget ? budget.reserve() : true),
        opts.immediateRetries ?? 2,
        pass.sleep,
      );
      for (const d of batch) await settle(pass, targetId, d, result);
      if (!result.ok && result.retryable) {
        // Not hammered: the target's other messages wait for the next drain.
        pass.summary.retrying += rest - batch.length;
        return;
      }
    }
  } finally {
    await budget?.close();
  }
}

function messageFor(pass: Pass, target: DeliveryTarget, batch: readonly DueDelivery[]): OutgoingMessage {
  const { opts } = pass;
  return {
    kind: target.type !== "webhook" && target.mode === "digest" ? "digest" : "listing",
    items: batch.map((d) => {
      const alert = pass.latest.get(d.alertId);
      if (!alert) throw new Error(`alert ${d.alertId} was listed as due but not kept`);
      return {
        alert,
        event: d.delivery.event,
        deliveryId: d.delivery.deliveryId,
        alertPageUrl: pass.dashboard ? `${pass.dashboard}/alerts/${encodeURIComponent(alert.id)}` : null,
      };
    }),
    deliveryId: messageDeliveryId(batch),
    channelNames: pass.channelNames,
    locale: chooseLocale(target.locale, tenantLocale(opts.config)),
    timeZone: opts.config.timezone,
    dashboardUrl: pass.dashboard,
    digestTop: target.mode === "digest" ? (target.digestTop ?? 10) : 10,
    composedAt: opts.now().toISOString(),
  };
}

/**
 * A target's persisted send window. Each send is written into it *before* it goes out (a crash
 * then over-counts, never under-counts), and its time is moved to when the send finished once the
 * next send (or the end of the drain) writes the window again.
 */
class SendBudget {
  private window: SendWindow | null = null;
  private pendingFinish: number | null = null;

  constructor(
    private readonly pass: Pass,
    private readonly targetId: string,
    private readonly limits: readonly RateWindow[],
  ) {}

  private nowMs(): number {
    return this.pass.opts.now().getTime();
  }

  /** Room for one more message now (waiting briefly for a per-second window); false: none. */
  async reserve(): Promise<boolean> {
    this.window ??= await this.pass.windows.get(this.pass.opts.config.tenant, this.targetId);
    const sentAt = this.settledSends();
    let wait = waitForRoom(sentAt, this.limits, this.nowMs());
    if (wait > 0 && wait <= WINDOW_MAX_WAIT_MS) {
      await this.pass.sleep(wait);
      wait = waitForRoom(sentAt, this.limits, this.nowMs());
    }
    if (wait > 0) return false;
    const now = this.nowMs();
    const written = await this.pass.windows.put({
      ...this.window,
      sentAt: [...recentSends(sentAt, this.limits, now), now],
    });
    this.pendingFinish = null;
    if (!written) return false;
    this.window = written;
    return true;
  }

  /** The last reserved send finished now: its time moves here at the next write. */
  sent(): void {
    this.pendingFinish = this.nowMs();
  }

  private settledSends(): number[] {
    const sentAt = [...(this.window?.sentAt ?? [])];
    if (this.pendingFinish !== null && sentAt.length > 0)
      sentAt[sentAt.length - 1] = Math.max(sentAt[sentAt.length - 1] ?? 0, this.pendingFinish);
    return sentAt;
  }

  async close(): Promise<void> {
    if (!this.window || this.pendingFinish === null) return;
    const sentAt = this.settledSends();
    if (sentAt.at(-1) === this.window.sentAt.at(-1)) return;
    await this.pass.windows.put({ ...this.window, sentAt });
  }
}

async function sendWithQuickRetries(
  send: () => Promise<SendResult>,
  mayRetry: () => Promise<boolean>,
  retries: number,
  sleep: (ms: number) => Promise<void>,
): Promise<SendResult> {
  let result = await send();
  for (
    let i = 0;
    i < retries && !result.ok && result.retryable && (result.retryAfterMs ?? 0) <= QUICK_RETRY_MAX_WAIT_MS;
    i++
  ) {
    await sleep(Math.max(200 * 2 ** i, result.ok ? 0 : (result.retryAfterMs ?? 0)));
    if (!(await mayRetry())) break;
    result = await send();
  }
  return result;
}

/** Records what happened to one delivery of a message, and counts it. */
async function settle(pass: Pass, targetId: string, due: DueDelivery, result: SendResult): Promise<void> {
  const { opts, summary } = pass;
  const { delivery } = due;
  const attempts = delivery.attempts + 1;
  const now = opts.now();
  let next: DeliveryState;
  if (result.ok) {
    next = { ...delivery, state: "delivered", attempts, deliveredAt: now.toISOString() };
    summary.delivered++;
  } else if (!result.retryable || attempts >= (opts.maxAttempts ?? 12)) {
    next = { ...delivery, state: "failed", attempts, lastError: result.reason };
    summary.failed++;
  } else {
    const wait = Math.max(nextAttemptDelayMs(attempts), result.retryAfterMs ?? 0);
    next = {
      ...delivery,
      attempts,
      lastError: result.reason,
      nextAttemptAt: new Date(now.getTime() + wait).toISOString(),
    };
    summary.retrying++;
  }
  const alert = pass.latest.get(due.alertId);
  if (!alert) return;
  pass.latest.set(due.alertId, await persist(opts.alerts, alert, targetId, next));
}

/** Writes one delivery's state; if the alert changed meanwhile (a new occurrence), re-read and retry. */
async function persist(
  repo: AlertRepository,
  alert: StoredAlert,
  targetId: string,
  delivery: DeliveryState,
): Promise<StoredAlert> {
  let current: StoredAlert | null = alert;
  for (let i = 0; i < 5 && current; i++) {
    const pending = current.deliveries[targetId];
    // A reopen queued a new event meanwhile: it stays pending; this result belongs to the old one.
    if (!pending || pending.deliveryId !== delivery.deliveryId) return current;
    const written = await repo.updateDelivery(current, targetId, delivery);
    if (written) return written;
    current = await repo.get(current.tenant, current.id);
  }
  return current ?? alert;
}
