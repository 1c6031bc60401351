import type { AlertStatus, AlertType } from "../core/alert.js";

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
