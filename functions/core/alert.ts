import * as z from "zod";
import { ExplanationFactsSchema } from "./detect/explanation-facts.js";

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

/** `snoozed`: hidden from the open list until `snoozedUntil` (see core/alert-lifecycle.ts). */
export const AlertStatusSchema = z.enum(["open", "acknowledged", "resolved", "dismissed", "snoozed"]);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/**
 * What a person does to an alert. acknowledge: seen, being worked on; resolve: fixed (reopens if
 * the violation is seen again); dismiss: not a problem at this price; reopen: back to open;
 * snooze: out of the open list until a date.
 */
export const AlertVerbSchema = z.enum(["acknowledge", "resolve", "dismiss", "reopen", "snooze"]);
export type AlertVerb = z.infer<typeof AlertVerbSchema>;

/** Why the lifecycle itself changed an alert's status (shown in the reader's language). */
export const LifecycleReasonSchema = z.enum([
  /** A resolved alert's violation was observed again after it was resolved. */
  "seen_again",
  /** A dismissed alert's listing is now at another price. */
  "price_changed",
  /** A snoozed alert's price got worse before the snooze ended. */
  "price_worse",
  /** The snooze date passed. */
  "snooze_ended",
  /** Consecutive clean checks: the condition no longer holds. */
  "cleared",
]);
export type LifecycleReason = z.infer<typeof LifecycleReasonSchema>;

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
  /** One English sentence: rule, observed value, threshold, inputs (logs, the JSON API). */
  explanation: z.string(),
  /** What the rule saw and compared, as data: people read it rendered in their language. */
  facts: ExplanationFactsSchema.optional(),
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
  /** The person's verb; absent on the lifecycle's own entries (and on entries stored before verbs). */
  verb: AlertVerbSchema.optional(),
  /** The lifecycle's reason for its own entries. */
  reason: LifecycleReasonSchema.optional(),
  /** Minor units: the observed price when the lifecycle reopened the alert. */
  price: z.number().int().nullable().optional(),
  /** A snooze's end. */
  until: z.string().optional(),
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
  /** While snoozed: when the alert comes back by itself. */
  snoozedUntil: z.string().nullable().optional(),
  /** Minor units: the price when it was snoozed; a worse price ends the snooze early. */
  snoozedPrice: z.number().int().nullable().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export function isOperational(type: AlertType): boolean {
  return OPERATIONAL_TYPES.includes(type);
}
