import type { Finding } from "../../alert.js";
import { formatMoney } from "../../money.js";
import type { DetectInput, PriceBreakdown } from "../detect-input.js";
import type {
  ExplanationFacts,
  ListingFacts,
  PriceFacts,
  PriceStepFact,
  RuleFacts,
} from "../explanation-facts.js";

/** The listing-describing part every finding shares. */
export function findingBase(
  input: DetectInput,
): Omit<Finding, "type" | "severity" | "threshold" | "explanation" | "facts"> {
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
      priceSteps: price
        ? price.steps.map(
            (s) => `${s.label}: ${formatMoney({ minor: s.runningMinor, currency: input.currency })}`,
          )
        : [],
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

function listingFacts(input: DetectInput): ListingFacts {
  const { listing, match, seller, channel } = input;
  return {
    product: match.product.name,
    sku: match.product.sku,
    seller: listing.seller,
    sellerId: listing.sellerId,
    channelName: channel.name,
    ad: listing.ad === true,
    matchedBy: match.matchedBy,
    confidence: match.confidence,
    matchEvidence: match.evidence.slice(0, 50),
    sellerKind: seller.kind,
    sellerMatchedBy: seller.matchedBy,
    distributorId: seller.distributorId,
    fromSearch: listing.fromPage === false,
    titlePromotionClaims: (listing.promotionClaims ?? []).slice(0, 10),
  };
}

function priceFacts(input: DetectInput): PriceFacts | null {
  return input.price ? priceWorkingFacts(input.price, input.match.packs) : null;
}

/** The price working (listed price, each promotion, per pack and unit) as structured facts. */
export function priceWorkingFacts(price: PriceBreakdown, packs: number): PriceFacts {
  const steps: PriceStepFact[] = price.steps.slice(0, 20).map((s) => ({
    kind: s.kind ?? "reduction",
    text: (s.text ?? s.label).slice(0, 300),
    quantity: s.quantity ?? 1,
    deltaMinor: s.deltaMinor,
    runningMinor: s.runningMinor,
  }));
  return {
    listedMinor: price.listedMinor,
    packs,
    steps,
    effectiveMinor: price.effectiveMinor,
    perPackMinor: price.perPackMinor,
    perUnitMinor: price.perUnitMinor,
    ignored: (price.leftOut ?? []).slice(0, 30).map((text) => text.slice(0, 300)),
  };
}

/** The structured facts of a finding: the listing, its price working and what the rule compared. */
export function explanationFacts(input: DetectInput, rule: RuleFacts): ExplanationFacts {
  return { listing: listingFacts(input), price: priceFacts(input), rule };
}
