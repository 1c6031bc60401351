import type { Channel, Product, TenantConfig } from "../config.js";
import type { ExtractedListing } from "../listing.js";
import type { PriceStepKind } from "./effective-price.js";

/** How a listing was tied to a SKU; below the match threshold there is no DetectInput at all. */
export interface MatchedProduct {
  product: Product;
  confidence: number;
  matchedBy: "explicit" | "identifier" | "keywords";
  evidence: string[];
  packs: number;
  unitsPerPack: number | null;
}

/** Who the seller is, per channel. */
export interface SellerIdentity {
  kind: "official" | "distributor" | "unknown";
  distributorId: string | null;
  matchedBy: "id" | "name" | "none";
  note: string;
}

export interface PriceStep {
  label: string;
  /** What the step is and the promotion text it came from (see effective-price.ts); absent in old data. */
  kind?: PriceStepKind;
  text?: string;
  quantity?: number;
  deltaMinor: number;
  runningMinor: number;
}

/** The listing's price worked out from the listed price, promotions and pack count. Minor units. */
export interface PriceBreakdown {
  listedMinor: number;
  effectiveMinor: number;
  perPackMinor: number;
  listedPerPackMinor: number;
  perUnitMinor: number | null;
  steps: PriceStep[];
  /** Promotions left out of the price (effective-price.ts): an amount off at least the price. */
  leftOut?: string[];
  explanation: string;
}

/** One earlier per-pack price of this listing, for the price-drop rule. */
export interface PricePoint {
  at: string;
  perPackMinor: number;
}

/** Prices of the SKU at authorized sellers (official store and distributors), for the outlier check. */
export interface MarketReference {
  authorizedMedianMinor: number;
  samples: number;
}

/** Everything a rule may look at. Rules are pure functions of this. */
export interface DetectInput {
  config: TenantConfig;
  channel: Channel;
  listingId: string;
  listing: ExtractedListing;
  match: MatchedProduct;
  seller: SellerIdentity;
  /** Null when the page shows no price: no price rule applies then. */
  price: PriceBreakdown | null;
  currency: string;
  /** This listing's earlier prices inside the price-drop window (oldest first); empty when unknown. */
  history: PricePoint[];
  /** Null when no authorized seller's price is known for the SKU. */
  market: MarketReference | null;
  /** ISO time of this check. */
  now: string;
}
