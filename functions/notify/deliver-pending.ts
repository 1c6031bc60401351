import type { DeliveryState } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { AlertRepository, StoredAlert } from "../store/alert-repository.js";
import { alertMessage } from "./alert-message.js";
import { type WebhookTarget, webhookTargetId, webhookTargets } from "./notify-targets.js";
import type { SendResult, WebhookRequest } from "./webhook-sender.js";

export interface DeliverOptions {
  config: TenantConfig;
  alerts: AlertRepository;
  send: (req: WebhookRequest) => Promise<SendResult>;
  now: () => Date;
  /** Resolves `env:NAME` secrets; undefined when unset (then no signature, and the run says so). */
  resolveSecret: (ref: string) => string | undefined;
  /** Quick retries inside one drain before the attempt is persisted with a longer backoff. */
  immediateRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** After this many persisted attempts a delivery is marked failed (kept on the alert, never dropped). */
  maxAttempts?: number;
}

export interface DeliverSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** Persisted backoff: 30 s, 1 min, 2 min … capped at 1 h. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * The notify stage: drains due deliveries from the sparse index. A delivery is marked delivered
 * only after the receiver acknowledged it; a crash in between re-sends it with the same
 * delivery id (at-least-once, de-duplicable), never loses it.
 */
export async function deliverPending(opts: DeliverOptions): Promise<DeliverSummary> {
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 };
  const targets = new Map<string, WebhookTarget>(
    webhookTargets(opts.config).map((t) => [webhookTargetId(t), t]),
  );
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const immediateRetries = opts.immediateRetries ?? 2;
  const maxAttempts = opts.maxAttempts ?? 12;
  const due = await opts.alerts.listDue(opts.config.tenant, opts.now().toISOString());
  for (let alert of due) {
    for (const [targetId, delivery] of Object.entries(alert.deliveries)) {
      if (delivery.state !== "pending" || delivery.nextAttemptAt > opts.now().toISOString()) continue;
      const target = targets.get(targetId);
      let result: SendResult;
      if (!target) {
        result = { ok: false, retryable: false, reason: `notify target ${targetId} is no longer configured` };
      } else {
        const body = JSON.stringify(alertMessage(alert, delivery.event, delivery.deliveryId));
        const secret = target.secret ? opts.resolveSecret(target.secret) : undefined;
        result = await sendWithQuickRetries(
          () =>
            opts.send({
              url: target.url,
              body,
              deliveryId: delivery.deliveryId,
              ...(secret ? { secret } : {}),
            }),
          immediateRetries,
          sleep,
        );
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
  for (let i = 0; i < retries && !result.ok && result.retryable; i++) {
    await sleep(200 * 2 ** i);
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
