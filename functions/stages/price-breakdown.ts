import type { PriceBreakdown } from "../core/detect/detect-input.js";
import { effectivePrice } from "../core/detect/effective-price.js";
import type { ExtractedListing } from "../core/listing.js";
import { decimalToMinor } from "../core/money.js";

/** Above ¥100bn a "price" is a mis-read number (a phone number, an id), not a price. */
const MAX_PLAUSIBLE_MINOR = 10_000_000_000_000;

/**
 * The listing's price per pack after the promotions a single shopper can get. Null when the page
 * shows no usable price in the tenant's currency: then no price rule may run.
 */
export function priceBreakdown(
  listing: Pick<ExtractedListing, "price" | "currency" | "promotions" | "finalPrice">,
  currency: string,
  packs: number,
  unitsPerPack: number | null,
): PriceBreakdown | null {
  if (listing.price === null) return null;
  if (listing.currency !== null && listing.currency !== currency) return null;
  const listedMinor = decimalToMinor(listing.price);
  if (listedMinor === null || listedMinor <= 0 || listedMinor > MAX_PLAUSIBLE_MINOR) return null;
  // The platform's own to-hand price enters as the stated final price it is (到手价): compared
  // with the result of the shown promotions, never stacked on them.
  const promotions = listing.finalPrice
    ? [...listing.promotions, `到手价¥${listing.finalPrice}`]
    : listing.promotions;
  const eff = effectivePrice({ listedMinor, promotions, packs, unitsPerPack });
  return {
    listedMinor,
    effectiveMinor: eff.effectiveMinor,
    perPackMinor: eff.perPackMinor,
    listedPerPackMinor: eff.listedPerPackMinor,
    perUnitMinor: eff.perUnitMinor,
    steps: eff.steps,
    ...(eff.leftOut.length > 0 ? { leftOut: eff.leftOut } : {}),
    explanation: eff.explanation,
  };
}
