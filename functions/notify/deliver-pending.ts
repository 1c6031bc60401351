import type { DeliveryState } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import { type OutboundPolicy, outboundPolicy } from "../net/outbound-policy.js";
import type { AlertRepository, StoredAlert } from "../store/alert-repository.js";
import type { DeliveryTarget, NotifySend, SendResult } from "./notify-sender.js";
import { deliveryTargets, targetIdOf } from "./notify-targets.js";

export interface DeliverOptions {
  config: TenantConfig;
  alerts: AlertRepository;
  /** Hands one delivery to its channel's sender: `sendNotification`, or `dispatchTo(senders)` in tests. */
  send: NotifySend;
  now: () => Date;
  /** Resolves `env:NAME` refs (secrets, robot URLs, SMTP credentials); undefined when unset. */
  resolveSecret: (ref: string) => string | undefined;
  /** Quick retries inside one drain before the attempt is persisted with a longer backoff. */
  immediateRetries?: number;
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
}

export interface DeliverSummary {
  delivered: number;
  /** Still pending: attempted and backed off, or held back behind a failing target. */
  retrying: number;
  failed: number;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** A Retry-After (or a robot's rate-limit pause) longer than this is not waited out inside a drain. */
const QUICK_RETRY_MAX_WAIT_MS = 5_000;

/** Persisted backoff: 30 s, 1 min, 2 min … capped at 1 h. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * The notify stage: drains due deliveries from the sparse index, whatever the channel (webhook,
 * WeCom, DingTalk, Feishu, Slack, e-mail). A delivery is marked delivered only after the receiver
 * acknowledged it; a crash in between re-sends it with the same delivery id (at-least-once,
 * de-duplicable), never loses it. Once a target fails retryably in a drain, its other due
 * deliveries wait for the next drain untouched, so a rate-limited robot or a dead endpoint is not
 * hammered once per alert.
 */
export async function deliverPending(opts: DeliverOptions): Promise<DeliverSummary> {
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 };
  const targets = new Map<string, DeliveryTarget>();
  for (const target of deliveryTargets(opts.config)) {
    const id = targetIdOf(target);
    if (!targets.has(id)) targets.set(id, target);
  }
  const channelNames = new Map(opts.config.channels.map((c) => [c.id, c.name]));
  const dashboard = (opts.config.dashboardUrl ?? opts.dashboardUrl)?.replace(/\/+$/, "");
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const immediateRetries = opts.immediateRetries ?? 2;
  const maxAttempts = opts.maxAttempts ?? 12;
  const heldBack = new Set<string>();
  const network = opts.network ?? outboundPolicy(opts.config.network);
  const due = await opts.alerts.listDue(opts.config.tenant, opts.now().toISOString());
  for (let alert of due) {
    for (const [targetId, delivery] of Object.entries(alert.deliveries)) {
      if (delivery.state !== "pending" || delivery.nextAttemptAt > opts.now().toISOString()) continue;
      if (heldBack.has(targetId)) {
        summary.retrying++;
        continue;
      }
      const target = targets.get(targetId);
      let result: SendResult;
      if (!target) {
        result = { ok: false, retryable: false, reason: `notify target ${targetId} is no longer configured` };
      } else {
        const message = {
          alert,
          event: delivery.event,
          deliveryId: delivery.deliveryId,
          channelName: channelNames.get(alert.channel) ?? null,
          alertPageUrl: dashboard ? `${dashboard}/alerts/${encodeURIComponent(alert.id)}` : null,
        };
        const ctx = { resolveSecret: opts.resolveSecret, network };
        result = await sendWithQuickRetries(() => opts.send(target, message, ctx), immediateRetries, sleep);
      }
      const attempts = delivery.attempts + 1;
      const now = opts.now();
      let next: DeliveryState;
      if (result.ok) {
        next = { ...delivery, state: "delivered", attempts, deliveredAt: now.toISOString() };
        summary.delivered++;
      } else if (!result.retryable || attempts >= maxAttempts) {
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
        heldBack.add(targetId);
      }
      alert = await persist(opts.alerts, alert, targetId, next);
    }
  }
  return summary;
}

async function sendWithQuickRetries(
  send: () => Promise<SendResult>,
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
    result = await send();
  }
  return result;
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
