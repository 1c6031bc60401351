import type { Finding } from "../core/alert.js";
import type { TenantConfig } from "../core/config.js";
import { detect } from "../core/detect/detect.js";
import type { DetectInput } from "../core/detect/detect-input.js";
import type { PriceFacts } from "../core/detect/explanation-facts.js";
import { parsePackInfo } from "../core/detect/pack-size.js";
// Where a supplier may not fix or enforce a distributor's resale price (China: Anti-Monopoly Law
// Art. 18; EU: Art. 101 TFEU): the min-price rule's own guardrail, so the two never disagree.
import { RPM_RESTRICTED } from "../core/detect/rules/below-min-price.js";
import { priceWorkingFacts } from "../core/detect/rules/finding-base.js";
import type { ExtractedListing } from "../core/listing.js";
import { resolveSeller } from "../core/match/seller-identity.js";
import { priceBreakdown } from "./price-breakdown.js";

export interface PlannedListing {
  sku: string;
  channel: string;
  /** Decimal string in the tenant's currency. */
  price: string;
  seller?: string;
  sellerId?: string;
  shipFrom?: string;
  /** Promotion texts as they would be shown (券, 满减, 拼团). */
  promotions?: string[];
  /** The listing title, for pack-count checks ("50片*3盒"); defaults to the product name. */
  title?: string;
}

/** What a monitoring-only finding says to a distributor: never the brand's reference price. */
export const MONITORING_ONLY_NOTE =
  "Recorded by the brand as monitoring information only; under the applicable law a supplier may not fix or enforce a distributor's resale price, so nothing is required of the seller.";

/** Why a distributor's pre-check under CN/EU law judges no price at all. */
export const PRICE_RULES_WITHHELD_NOTE =
  "No price rule is evaluated for a distributor under the applicable law: a supplier may not fix or enforce a distributor's resale price, so the brand's price thresholds are not checked or shown. The answer is the same for any price.";

/**
 * Whether a pre-check judges the price. A distributor under CN/EU law gets no price rule at all:
 * even a monitoring-only finding that appears below a price and not above it would let repeated
 * checks find the brand's floor to the cent.
 */
export function precheckJudgesPrice(config: TenantConfig, role: "brand" | "distributor"): boolean {
  return role === "brand" || !RPM_RESTRICTED.has(config.jurisdiction);
}

export type PrecheckResult =
  | {
      kind: "checked";
      compliant: boolean;
      findings: Finding[];
      priceExplanation: string;
      /** The same working as facts, for the reader's language (`priceWorkingText`). */
      priceFacts: PriceFacts;
      /** False when no price rule ran (see `precheckJudgesPrice`). */
      priceRulesEvaluated: boolean;
    }
  | { kind: "bad_input"; reason: string };

/**
 * The distributor pre-check: would this planned listing raise any finding? It runs the same
 * match, price and rules as a crawled page. Monitoring-only findings (legal guardrails) do not
 * make a listing non-compliant.
 */
export function precheckListing(
  config: TenantConfig,
  planned: PlannedListing,
  opts: { priceRules: boolean } = { priceRules: true },
): PrecheckResult {
  const product = config.products.find((p) => p.sku === planned.sku);
  if (!product) return { kind: "bad_input", reason: `unknown sku ${planned.sku}` };
  const channel = config.channels.find((c) => c.id === planned.channel);
  if (!channel) return { kind: "bad_input", reason: `unknown channel ${planned.channel}` };
  if (!/^\d+(\.\d{1,2})?$/.test(planned.price))
    return { kind: "bad_input", reason: `bad price ${planned.price}` };

  const title = planned.title ?? product.name;
  const listing: ExtractedListing = {
    url: `precheck:${channel.id}/${product.sku}`,
    title,
    price: planned.price,
    priceRange: null,
    listPrice: null,
    currency: config.currency,
    promotions: planned.promotions ?? [],
    seller: planned.seller ?? null,
    sellerId: planned.sellerId ?? null,
    shipFrom: planned.shipFrom ?? null,
    availability: "InStock",
    packSize: product.match.packSize ?? null,
    identifiers: product.match.ids,
    pageText: "",
    sources: {},
  };
  const pack = parsePackInfo(title, product.match.packSize);
  const price = priceBreakdown(listing, config.currency, pack.packs, pack.unitsPerPack);
  if (!price) return { kind: "bad_input", reason: `price ${planned.price} is not a usable price` };
  const seller = resolveSeller(config, channel.id, { name: listing.seller, id: listing.sellerId });
  // Without their keys the price rules do not run at all (a rule runs only when its key is present).
  const { minPrice: _min, maxPrice: _max, priceDrop: _drop, ...otherRules } = config.rules;
  const input: DetectInput = {
    config: opts.priceRules ? config : { ...config, rules: otherRules },
    channel,
    listingId: "precheck",
    listing,
    match: {
      product,
      confidence: 1,
      matchedBy: "explicit",
      evidence: ["named in the pre-check"],
      packs: pack.packs,
      unitsPerPack: pack.unitsPerPack,
    },
    seller: {
      kind: seller.kind,
      distributorId: seller.distributorId ?? null,
      matchedBy: seller.matchedBy,
      note: seller.note,
    },
    price,
    currency: config.currency,
    history: [],
    market: null,
    now: new Date(0).toISOString(),
  };
  // A planned page is judged on price and seller; page-content compliance needs the real page.
  const findings = detect(input).filter((f) => f.type !== "listing_compliance");
  return {
    kind: "checked",
    compliant: findings.every((f) => f.monitoringOnly),
    findings,
    priceExplanation: price.explanation,
    priceFacts: priceWorkingFacts(price, pack.packs),
    priceRulesEvaluated: opts.priceRules,
  };
}
