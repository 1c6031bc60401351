import { createHash } from "node:crypto";
import { type AlertSeverity, SEVERITY_RANK } from "../core/alert.js";
import type { NotifyTarget, TenantConfig } from "../core/config.js";

export type WebhookTarget = Extract<NotifyTarget, { type: "webhook" }>;

/**
 * A webhook's id keys its delivery state on the alert item; derived from the URL when the config
 * names none, so reordering the config never re-sends anything.
 */
export function webhookTargetId(target: WebhookTarget): string {
  return target.id ?? `webhook-${createHash("sha256").update(target.url).digest("hex").slice(0, 10)}`;
}

export function webhookTargets(config: TenantConfig): WebhookTarget[] {
  return config.notify.filter((t): t is WebhookTarget => t.type === "webhook");
}

/** The queued-delivery targets that want an alert of this severity. */
export function deliveryTargetsFor(config: TenantConfig, severity: AlertSeverity): string[] {
  return webhookTargets(config)
    .filter((t) => SEVERITY_RANK[severity] >= SEVERITY_RANK[t.minSeverity])
    .map(webhookTargetId);
}
