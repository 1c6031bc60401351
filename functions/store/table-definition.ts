/**
 * The single table's shape, shared by the local bootstrap (dynalite) and the CDK stack so both
 * create the same keys and indexes.
 *
 * gsi1: by SKU for listings, by status for alerts.
 * gsi2: distributor scoping (`T#{tenant}#D#{distributorId}`) so a distributor's read is a key
 *       condition, never a filter.
 * gsi3: pending deliveries (sparse; only alerts with something left to deliver carry it).
 */
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

export const TABLE_INDEXES = [
  { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
] as const;

/** Observations carry this epoch-seconds attribute; the AWS table expires them (dynalite ignores TTL). */
export const TTL_ATTRIBUTE = "expiresAt";

export const DEFAULT_TABLE_NAME = "pricewarden";
