import type { Finding } from "../../alert.js";
import type { DetectInput } from "../detect-input.js";

/** The listing-describing part every finding shares. */
export function findingBase(
  input: DetectInput,
): Omit<Finding, "type" | "severity" | "threshold" | "explanation"> {
  const { listing, match, seller, price } = input;
  return {
    sku: match.product.sku,
    listingId: input.listingId,
    url: listing.url,
    channel: input.channel.id,
    seller: listing.seller,
    sellerId: listing.sellerId,
    distributorId: seller.distributorId,
    price: price?.perPackMinor ?? null,
    listedPrice: price?.listedMinor ?? null,
    currency: input.currency,
    inputs: {
      match: `${match.matchedBy} (${match.confidence.toFixed(2)})`,
      matchEvidence: match.evidence,
      seller: seller.note,
      sellerMatchedBy: seller.matchedBy,
      packs: match.packs,
      priceSteps: price ? price.steps.map((s) => `${s.label}: ${s.runningMinor}`) : [],
      // A promotion only the title claims is shown, never priced: the seller wrote it, the shop may not honour it.
      ...(listing.promotionClaims && listing.promotionClaims.length > 0
        ? { titlePromotionClaims: listing.promotionClaims, titlePromotionClaimsApplied: false }
        : {}),
      ...(listing.ad ? { placement: "paid placement (ad) in a search" } : {}),
      ...(listing.fromPage === false
        ? { seenOn: "a search row or captured data, not the product page" }
        : {}),
    },
    monitoringOnly: false,
  };
}

/** "安可血糖试纸 50片 (GLU-50) sold by X on 京东" */
export function describeListing(input: DetectInput): string {
  const seller = input.listing.seller ?? "an unnamed seller";
  // An ad is the seller's paid placement, not an organic listing: the alert says which it is.
  const ad = input.listing.ad ? " (in a paid search placement)" : "";
  return `${input.match.product.name} (${input.match.product.sku}) sold by ${seller} on ${input.channel.name}${ad}`;
}
