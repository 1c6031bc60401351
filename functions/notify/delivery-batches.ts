import { createHash } from "node:crypto";
import type { DeliveryState } from "../core/alert.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { DeliveryTarget } from "./notify-sender.js";

/** One due delivery of one alert to the target being drained. */
export interface DueDelivery {
  alertId: string;
  listingId: string;
  delivery: DeliveryState;
}

/**
 * How a target's due deliveries become messages, in order of due time. A digest target gets one
 * message for all of them; a chat or e-mail target one per listing (its several findings
 * together); a webhook one per alert, since its JSON contract is one alert per delivery id.
 */
export function deliveryBatches(target: DeliveryTarget, due: readonly DueDelivery[]): DueDelivery[][] {
  if (due.length === 0) return [];
  if (target.type === "webhook") return due.map((d) => [d]);
  if (target.mode === "digest") return [[...due]];
  const byListing = new Map<string, DueDelivery[]>();
  for (const d of due) byListing.set(d.listingId, [...(byListing.get(d.listingId) ?? []), d]);
  return [...byListing.values()];
}

/**
 * A message's delivery id: the single delivery's own id (so receivers keep de-duplicating on the
 * id stored on the alert), else a digest of the sorted ids, stable across retries of the same set.
 */
export function messageDeliveryId(batch: readonly DueDelivery[]): string {
  if (batch.length === 1 && batch[0]) return batch[0].delivery.deliveryId;
  const ids = batch.map((d) => d.delivery.deliveryId).sort();
  return createHash("sha256").update(ids.join("\u0000")).digest("hex").slice(0, 24);
}

/** The due, pending deliveries of the listed alerts, grouped by target id in due order. */
export function dueByTarget(alerts: readonly StoredAlert[], nowIso: string): Map<string, DueDelivery[]> {
  const entries: Array<DueDelivery & { targetId: string }> = [];
  for (const alert of alerts)
    for (const [targetId, delivery] of Object.entries(alert.deliveries))
      if (delivery.state === "pending" && delivery.nextAttemptAt <= nowIso)
        entries.push({ targetId, alertId: alert.id, listingId: alert.listingId, delivery });
  entries.sort(
    (a, b) =>
      a.delivery.nextAttemptAt.localeCompare(b.delivery.nextAttemptAt) || a.alertId.localeCompare(b.alertId),
  );
  const byTarget = new Map<string, DueDelivery[]>();
  for (const { targetId, ...due } of entries)
    byTarget.set(targetId, [...(byTarget.get(targetId) ?? []), due]);
  return byTarget;
}
