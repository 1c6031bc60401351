import { type AlertSeverity, SEVERITY_RANK } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import { targetIdOf } from "../core/notify-target-id.js";
import type { DeliveryTarget, TargetOf } from "./notify-sender.js";

export type WebhookTarget = TargetOf<"webhook">;

export { targetIdOf };

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
