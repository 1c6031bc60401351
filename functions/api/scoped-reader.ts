import type { AlertStatus } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import type { StoredAlert } from "../store/alert-repository.js";
import type { ListingState, Observation } from "../store/listing-repository.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller } from "./caller.js";

export interface ScopedReader {
  alerts(statuses?: readonly AlertStatus[]): Promise<StoredAlert[]>;
  /** Null for unknown ids and for ids outside the caller's scope alike: existence never leaks. */
  alert(id: string): Promise<StoredAlert | null>;
  listings(filter: { sku?: string | undefined; channel?: string | undefined }): Promise<ListingState[]>;
  history(filter: {
    sku?: string | undefined;
    channel?: string | undefined;
    since?: string | undefined;
  }): Promise<Array<{ listing: ListingState; observations: Observation[] }>>;
}

/**
 * The only way handlers reach stored data. Every query is keyed by the caller's tenant, and a
 * distributor's by its distributor partition (gsi2), so scoping is decided before anything is read.
 */
export function scopedReader(deps: ApiDeps, caller: Caller, config: TenantConfig | null): ScopedReader {
  const { tenant } = caller;

  const alerts = async (statuses?: readonly AlertStatus[]): Promise<StoredAlert[]> => {
    const found =
      caller.role === "distributor"
        ? (await deps.alerts.listForDistributor(tenant, caller.distributorId)).filter(
            (a) => statuses === undefined || statuses.includes(a.status),
          )
        : await deps.alerts.list(tenant, statuses ? { statuses } : {});
    return found.filter((a) => inScope(caller, a));
  };

  const listings = async (filter: { sku?: string | undefined; channel?: string | undefined }) => {
    let found: ListingState[];
    if (caller.role === "distributor") {
      found = (await deps.listings.listForDistributor(tenant, caller.distributorId)).filter(
        (l) => (filter.sku === undefined || l.sku === filter.sku) && l.distributorId === caller.distributorId,
      );
    } else {
      // Listings are indexed by SKU; without one, read the SKUs the tenant watches.
      const skus = filter.sku !== undefined ? [filter.sku] : (config?.products.map((p) => p.sku) ?? []);
      found = [];
      for (const sku of skus) found.push(...(await deps.listings.listBySku(tenant, sku, filter.channel)));
    }
    return found.filter((l) => filter.channel === undefined || l.channel === filter.channel);
  };

  return {
    alerts,
    alert: async (id) => {
      if (caller.role === "distributor") {
        const mine = await deps.alerts.listForDistributor(tenant, caller.distributorId);
        return mine.find((a) => a.id === id && inScope(caller, a)) ?? null;
      }
      const found = await deps.alerts.get(tenant, id);
      return found && inScope(caller, found) ? found : null;
    },
    listings,
    history: async (filter) => {
      const out: Array<{ listing: ListingState; observations: Observation[] }> = [];
      for (const listing of await listings(filter)) {
        out.push({
          listing,
          observations: await deps.listings.observations(tenant, listing.listingId, filter.since),
        });
      }
      return out;
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
