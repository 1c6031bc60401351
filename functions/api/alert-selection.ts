import { type AlertStatus, type AlertType, SEVERITY_RANK } from "../core/alert.js";
import type { StoredAlert } from "../store/alert-repository.js";

/** `open` is untouched alerts, `active` adds acknowledged ones (still to act on), `all` everything. */
export const STATUS_FILTERS = ["open", "active", "acknowledged", "resolved", "dismissed", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function statusesFor(filter: StatusFilter): AlertStatus[] | undefined {
  if (filter === "all") return undefined;
  if (filter === "active") return ["open", "acknowledged"];
  return [filter];
}

export interface AlertFilter {
  type?: AlertType | undefined;
  sku?: string | undefined;
  channel?: string | undefined;
}

/** Narrows an already tenant/distributor-scoped list by the user's filters; most severe and newest first. */
export function selectAlerts(alerts: readonly StoredAlert[], filter: AlertFilter): StoredAlert[] {
  return alerts
    .filter(
      (a) =>
        (filter.type === undefined || a.type === filter.type) &&
        (filter.sku === undefined || a.sku === filter.sku) &&
        (filter.channel === undefined || a.channel === filter.channel),
    )
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        b.lastSeen.localeCompare(a.lastSeen) ||
        a.id.localeCompare(b.id),
    );
}
