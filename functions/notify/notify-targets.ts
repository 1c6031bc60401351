import { createHash } from "node:crypto";
import { type AlertSeverity, SEVERITY_RANK } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { DeliveryTarget, TargetOf } from "./notify-sender.js";

export type WebhookTarget = TargetOf<"webhook">;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

/**
 * A target's id keys its delivery state on the alert item; derived from what the target sends to
 * when the config names none, so reordering the config never re-sends anything.
 */
export function targetIdOf(target: DeliveryTarget): string {
  if (target.id) return target.id;
  if (target.type === "email") {
    const recipients = [...new Set(target.to.map((a) => a.trim().toLowerCase()))].sort();
    return `email-${shortHash(recipients.join(","))}`;
  }
  return `${target.type}-${shortHash(target.url)}`;
}

/** Kept for callers that know they hold a webhook; same ids as before this file grew channels. */
export function webhookTargetId(target: WebhookTarget): string {
  return targetIdOf(target);
}

export function webhookTargets(config: TenantConfig): WebhookTarget[] {
  return config.notify.filter((t): t is WebhookTarget => t.type === "webhook");
}

/** Every target that goes through the persisted delivery queue (all but `console`). */
export function deliveryTargets(config: TenantConfig): DeliveryTarget[] {
  return config.notify.filter((t): t is DeliveryTarget => t.type !== "console");
}

/** The queued-delivery targets that want an alert of this severity (one entry per id). */
export function deliveryTargetsFor(config: TenantConfig, severity: AlertSeverity): string[] {
  const ids = deliveryTargets(config)
    .filter((t) => SEVERITY_RANK[severity] >= SEVERITY_RANK[t.minSeverity])
    .map(targetIdOf);
  return [...new Set(ids)];
}
