import * as z from "zod";

export const AlertTypeSchema = z.enum([
  "below_min_price",
  "above_max_price",
  "unauthorized_seller",
  "out_of_region",
  "price_drop",
  "listing_compliance",
  "extraction_failed",
  "blocked",
  "coverage_drop",
  "session_expired",
]);
export type AlertType = z.infer<typeof AlertTypeSchema>;

/**
 * Operational alerts are about the crawl, not about a seller. `coverage_drop` is about a whole
 * channel (its `listingId` is `channel:<id>`): the run could not see most of its pages.
 */
export const OPERATIONAL_TYPES: readonly AlertType[] = [
  "extraction_failed",
  "blocked",
  "coverage_drop",
  "session_expired",
];

export const SeveritySchema = z.enum(["high", "medium", "low"]);
export type AlertSeverity = z.infer<typeof SeveritySchema>;
export const SEVERITY_RANK: Record<AlertSeverity, number> = { high: 3, medium: 2, low: 1 };

export const AlertStatusSchema = z.enum(["open", "acknowledged", "resolved", "dismissed"]);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What detection concluded about one listing; it explains itself without the caller's help. */
export const FindingSchema = z.object({
  type: AlertTypeSchema,
  severity: SeveritySchema,
  sku: z.string().nullable(),
  listingId: z.string(),
  url: z.string(),
  channel: z.string(),
  seller: z.string().nullable(),
  sellerId: z.string().nullable(),
  distributorId: z.string().nullable(),
  /** Minor units (fen). The observed value the rule compared. */
  price: z.number().int().nullable(),
  /** Minor units: the price as listed, before promotions and per-pack division. */
  listedPrice: z.number().int().nullable(),
  /** Minor units: the threshold the observed value was compared with. */
  threshold: z.number().int().nullable(),
  currency: z.string(),
  /** One human sentence: rule, observed value, threshold, inputs. */
  explanation: z.string(),
  /** The inputs the rule used (effective-price steps, matched identifiers, seller mapping). */
  inputs: z.record(z.string(), z.union([scalar, z.array(z.string())])),
  /** Recorded and shown, but not a violation to enforce (legal guardrails). */
  monitoringOnly: z.boolean(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DeliveryStateSchema = z.object({
  state: z.enum(["pending", "delivered", "failed"]),
  /** Stable per (alert, target, event): receivers de-duplicate on it. */
  deliveryId: z.string(),
  event: z.enum(["opened", "reopened"]),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string(),
  lastError: z.string().optional(),
  deliveredAt: z.string().optional(),
});
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

export const StatusChangeSchema = z.object({
  at: z.string(),
  status: AlertStatusSchema,
  by: z.string(),
  note: z.string().optional(),
});

export const AlertSchema = FindingSchema.extend({
  id: z.string(),
  tenant: z.string(),
  status: AlertStatusSchema,
  firstSeen: z.string(),
  lastSeen: z.string(),
  occurrences: z.number().int().positive(),
  /** Consecutive clean observations since the condition last held (auto-resolve). */
  cleanRuns: z.number().int().nonnegative(),
  evidence: z.array(z.string()),
  history: z.array(StatusChangeSchema),
  /** Keyed by notify target id. */
  deliveries: z.record(z.string(), DeliveryStateSchema),
  lastRunId: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export function isOperational(type: AlertType): boolean {
  return OPERATIONAL_TYPES.includes(type);
}
