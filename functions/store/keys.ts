/** Every key starts with the tenant (DESIGN.md "Data model"). */
export const keys = {
  tenant: (tenant: string) => `T#${tenant}`,
  listing: (tenant: string, listingId: string) => `T#${tenant}#L#${listingId}`,
  listingsBySku: (tenant: string, sku: string) => `T#${tenant}#SKU#${sku}`,
  /** Unmatched listings that mention the brand, waiting for a person to look. */
  review: (tenant: string) => `T#${tenant}#REVIEW`,
  alert: (tenant: string, alertId: string) => `T#${tenant}#A#${alertId}`,
  alertsByStatus: (tenant: string, status: string) => `T#${tenant}#ALERTS#${status}`,
  distributor: (tenant: string, distributorId: string) => `T#${tenant}#D#${distributorId}`,
  deliveries: (tenant: string) => `T#${tenant}#DELIVER`,
  /**
   * The one key that is not a tenant's: the registry of tenants, one partition so listing every
   * tenant is a single Query (a few hundred small items at most).
   */
  tenantRegistry: "TENANTS",
} as const;

export const SK = {
  state: "STATE",
  alert: "ALERT",
  observation: (iso: string) => `OBS#${iso}`,
  run: (iso: string) => `RUN#${iso}`,
  config: (version: string) => `CONFIG#${version}`,
  /** A customer-owned browser session, under the tenant's partition (`keys.tenant`). */
  session: (channel: string, id: string) => `SESSION#${channel}#${id}`,
  /** Prefix of every session of the tenant, or of one channel's (channel ids never contain `#`). */
  sessions: (channel?: string) => (channel === undefined ? "SESSION#" : `SESSION#${channel}#`),
  /** A tenant's registration, under `keys.tenantRegistry`; tenant ids never contain `#`. */
  registeredTenant: (tenant: string) => `T#${tenant}`,
  registeredTenants: "T#",
} as const;
