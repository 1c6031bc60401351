import * as z from "zod";

/**
 * What a rule saw and compared, as data: the explanation a person reads is rendered from these in
 * their language (functions/text/explanation-text.ts), so zh-CN and en say the same thing with the
 * same numbers. Amounts are minor units (fen); words here are codes, never sentences.
 */

const minor = z.number().int();

/** One step from the listed price to the effective price of one listing item. */
export const PriceStepFactSchema = z.object({
  kind: z.enum(["alternative", "percent", "reduction", "multi-buy", "store", "coupon", "final"]),
  /** The promotion as the page wrote it (a stranger's words, shown quoted). */
  text: z.string().max(300),
  /** Items in the basket the step was worked out on (multi-buy bundle, threshold basket). */
  quantity: z.number().int().positive(),
  deltaMinor: minor,
  runningMinor: minor,
});
export type PriceStepFact = z.infer<typeof PriceStepFactSchema>;

export const PriceFactsSchema = z.object({
  listedMinor: minor,
  packs: z.number().int().positive(),
  steps: z.array(PriceStepFactSchema).max(20),
  effectiveMinor: minor,
  perPackMinor: minor,
  perUnitMinor: minor.nullable(),
  /**
   * Promotions left out of the price: an amount off at least what it would come off, or a stated
   * ¥0 (a threshold or scope the page does not show).
   */
  ignored: z.array(z.string().max(300)).max(30).default([]),
});
export type PriceFacts = z.infer<typeof PriceFactsSchema>;

export const ListingFactsSchema = z.object({
  product: z.string().max(200),
  sku: z.string().max(64),
  /** The shop as the page names it; null when the page names none. */
  seller: z.string().max(200).nullable(),
  sellerId: z.string().max(100).nullable(),
  /** The tenant's own channel name. */
  channelName: z.string().max(200),
  ad: z.boolean(),
  matchedBy: z.enum(["explicit", "identifier", "keywords"]),
  confidence: z.number(),
  /** Title words or identifiers the match rests on. */
  matchEvidence: z.array(z.string().max(200)).max(50),
  sellerKind: z.enum(["official", "distributor", "unknown"]),
  sellerMatchedBy: z.enum(["id", "name", "none"]),
  distributorId: z.string().nullable(),
  /** Seen only in a search row or captured data, not on the product page. */
  fromSearch: z.boolean(),
  titlePromotionClaims: z.array(z.string().max(300)).max(10),
});
export type ListingFacts = z.infer<typeof ListingFactsSchema>;

export const ComplianceProblemSchema = z.enum([
  "online_sale_prohibited",
  "rx_notice_missing",
  "device_number_missing",
]);
export type ComplianceProblem = z.infer<typeof ComplianceProblemSchema>;

export const RuleFactsSchema = z.discriminatedUnion("rule", [
  z.object({
    rule: z.literal("below_min_price"),
    basis: z.enum(["effective", "listed"]),
    observedMinor: minor,
    floorMinor: minor,
    tolerance: z.number(),
    thresholdMinor: minor,
    /** Set when the seller is an authorized distributor under resale-price-maintenance law. */
    monitoringOnly: z.object({ distributorId: z.string().nullable(), jurisdiction: z.string() }).nullable(),
  }),
  z.object({
    rule: z.literal("above_max_price"),
    observedMinor: minor,
    ceilingMinor: minor,
    tolerance: z.number(),
    thresholdMinor: minor,
  }),
  z.object({
    rule: z.literal("unauthorized_seller"),
    market: z.object({ medianMinor: minor, samples: z.number().int().nonnegative() }).nullable(),
    /** Set when the price is so far below authorized sellers' that it signals a counterfeit. */
    counterfeit: z.object({ observedMinor: minor, percent: z.number() }).nullable(),
  }),
  z.object({
    rule: z.literal("out_of_region"),
    shipFrom: z.string().max(100),
    distributorId: z.string(),
    regions: z.array(z.string()).max(100),
  }),
  z.object({
    rule: z.literal("price_drop"),
    observedMinor: minor,
    referenceMinor: minor,
    dropPercent: z.number(),
    percent: z.number(),
    window: z.string(),
    samples: z.number().int().nonnegative(),
    thresholdMinor: minor,
  }),
  z.object({
    rule: z.literal("listing_compliance"),
    category: z.string(),
    problems: z.array(ComplianceProblemSchema).min(1),
  }),
]);
export type RuleFacts = z.infer<typeof RuleFactsSchema>;

export const ExplanationFactsSchema = z.object({
  listing: ListingFactsSchema,
  price: PriceFactsSchema.nullable(),
  rule: RuleFactsSchema,
});
export type ExplanationFacts = z.infer<typeof ExplanationFactsSchema>;
