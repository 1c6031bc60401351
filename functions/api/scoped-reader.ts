import type { AlertStatus } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import { keys } from "../store/keys.js";
import type { ListingState } from "../store/listing-repository.js";
import { type AlertFilter, alertMatches, severitiesFor, storedStatusesFor } from "./alert-selection.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";
import type { ScopedList } from "./list-page.js";
import type { ListSegment } from "./list-segments.js";

export interface ListingFilter {
  sku?: string | undefined;
  channel?: string | undefined;
}

export interface ScopedReader {
  /**
   * The caller's alerts: for a brand user most severe first, then by status in the order given,
   * newest first; for a distributor its own alerts, newest first.
   */
  alerts(filter: AlertFilter & { statuses?: readonly AlertStatus[] | undefined }): ScopedList<StoredAlert>;
  /** Null for unknown ids and for ids outside the caller's scope alike: existence never leaks. */
  alert(id: string): Promise<StoredAlert | null>;
  /** Latest listing states: by SKU, then channel, seller and listing id (a distributor: its own). */
  listings(filter: ListingFilter): ScopedList<ListingState>;
  /** Unmatched listings that mention the brand; null for a distributor (they are the brand's). */
  review(): ScopedList<ListingState> | null;
}

/**
 * The only way handlers reach stored data. Every list is a set of key conditions on the caller's
 * tenant, and a distributor's on its distributor partition (gsi2), so scoping is decided before
 * anything is read; a cursor a client sends back is checked against those same partitions.
 */
export function scopedReader(deps: ApiDeps, caller: Caller, config: TenantConfig | null): ScopedReader {
  const { tenant } = caller;

  const alerts: ScopedReader["alerts"] = (filter) => {
    const statuses = storedStatusesFor(filter.statuses);
    const matches = (a: StoredAlert) => inScope(caller, a) && alertMatches(a, filter);
    if (caller.role === "distributor") {
      const segment: ListSegment<StoredAlert> = {
        index: "gsi2",
        partition: keys.distributor(tenant, caller.distributorId),
        sortPrefix: "A#",
        read: (page) => deps.alerts.pageForDistributor(tenant, caller.distributorId, page),
      };
      return { segments: [segment], keep: matches };
    }
    const segments = severitiesFor(filter).flatMap((severity) =>
      statuses.map(
        (status): ListSegment<StoredAlert> => ({
          index: "gsi1",
          partition: keys.alertsByStatus(tenant, status),
          sortPrefix: `${severity}#`,
          read: (page) => deps.alerts.pageByStatus(tenant, status, severity, page),
        }),
      ),
    );
    return { segments, keep: matches };
  };

  const listings: ScopedReader["listings"] = (filter) => {
    const matches = (l: ListingState) =>
      (caller.role === "brand" || l.distributorId === caller.distributorId) &&
      (filter.sku === undefined || l.sku === filter.sku) &&
      (filter.channel === undefined || l.channel === filter.channel);
    if (caller.role === "distributor") {
      const segment: ListSegment<ListingState> = {
        index: "gsi2",
        partition: keys.distributor(tenant, caller.distributorId),
        sortPrefix: "L#",
        read: (page) => deps.listings.pageForDistributor(tenant, caller.distributorId, page),
      };
      return { segments: [segment], keep: matches };
    }
    // Listings are indexed by SKU; without one, read the SKUs the tenant watches, one after another.
    const skus = filter.sku !== undefined ? [filter.sku] : (config?.products.map((p) => p.sku) ?? []);
    const segments = skus.map(
      (sku): ListSegment<ListingState> => ({
        index: "gsi1",
        partition: keys.listingsBySku(tenant, sku),
        sortPrefix: filter.channel !== undefined ? `${filter.channel}#` : "",
        read: (page) => deps.listings.pageBySku(tenant, sku, filter.channel, page),
      }),
    );
    return { segments, keep: matches };
  };

  return {
    alerts,
    alert: async (id) => {
      // A direct read of the tenant's item, then the same scope check as every list.
      const found = await deps.alerts.get(tenant, id);
      return found && inScope(caller, found) ? found : null;
    },
    listings,
    review: () => {
      if (caller.role !== "brand") return null;
      const segment: ListSegment<ListingState> = {
        index: "gsi1",
        partition: keys.review(tenant),
        sortPrefix: "",
        read: (page) => deps.listings.pageForReview(tenant, page),
      };
      return { segments: [segment], keep: () => true };
    },
  };
}

/** Defence in depth behind the key conditions: a stored item must agree with the caller's scope. */
function inScope(caller: Caller, alert: StoredAlert): boolean {
  if (alert.tenant !== caller.tenant) return false;
  if (caller.role === "brand") return true;
  // Monitoring-only findings (resale-price guardrails) are the brand's information; showing them
  // to the distributor would communicate a resale price the brand may not impose.
  return alert.distributorId === caller.distributorId && !alert.monitoringOnly;
}
