import type { Availability, ExtractedListing, FieldSource } from "../core/listing.js";
import { reasonsOf } from "./field-reasons.js";

/** What `pricewarden extract --json` prints: the contract fields first, then the rest. */
export interface ExtractionReport {
  price: string | null;
  currency: string | null;
  availability: Availability | null;
  title: string | null;
  seller: string | null;
  /** Which source gave each field (json-ld, microdata, opengraph, meta, css-profile, text). */
  sources: Record<string, FieldSource>;
  url: string;
  priceRange: { low: string; high: string } | null;
  listPrice: string | null;
  promotions: string[];
  /** Promotion wording only the title carries: shown, never applied to the price. */
  promotionClaims?: string[];
  sellerId: string | null;
  shipFrom: string | null;
  packSize: number | null;
  identifiers: string[];
  /** Length only: the text itself is long and is kept with the evidence, not printed. */
  pageTextChars: number;
  /** Why a rule decided a field, when one did (an inferred stock state, a price the page withholds). */
  reasons?: Record<string, string>;
}

export function toExtractionReport(listing: ExtractedListing): ExtractionReport {
  const reasons = reasonsOf(listing);
  return {
    price: listing.price,
    currency: listing.currency,
    availability: listing.availability,
    title: listing.title,
    seller: listing.seller,
    sources: { ...listing.sources },
    url: listing.url,
    priceRange: listing.priceRange,
    listPrice: listing.listPrice,
    promotions: [...listing.promotions],
    ...(listing.promotionClaims && listing.promotionClaims.length > 0
      ? { promotionClaims: [...listing.promotionClaims] }
      : {}),
    sellerId: listing.sellerId,
    shipFrom: listing.shipFrom,
    packSize: listing.packSize,
    identifiers: [...listing.identifiers],
    pageTextChars: listing.pageText.length,
    ...(Object.keys(reasons).length > 0 ? { reasons } : {}),
  };
}
