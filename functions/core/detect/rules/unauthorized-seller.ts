import type { Finding } from "../../alert.js";
import { formatMoney } from "../../money.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";
import { scaleMinor } from "./price-thresholds.js";

/**
 * A seller that is neither the official store nor a distributor authorized on this channel.
 * Priced far below what authorized sellers charge, it is also a counterfeit signal: then the
 * alert says so and is high severity whatever the configured severity.
 */
export function unauthorizedSeller(input: DetectInput): Finding | null {
  const rule = input.config.rules.authorizedSeller;
  // Without a seller name there is nobody to accuse; the listing stays recorded.
  // A page without a price raises no seller rule: it may be a placeholder, not an offer.
  if (!rule || !input.price || input.seller.kind !== "unknown" || !input.listing.seller) return null;
  const money = (minor: number) => formatMoney({ minor, currency: input.currency });
  let outlier = "";
  let counterfeit: { observedMinor: number; percent: number } | null = null;
  const base = findingBase(input);
  const inputs: Finding["inputs"] = { ...base.inputs };
  if (input.market && input.price) {
    const cutoff = scaleMinor(input.market.authorizedMedianMinor, 1 - rule.outlierPercent / 100);
    inputs.authorizedMedian = money(input.market.authorizedMedianMinor);
    inputs.authorizedSamples = input.market.samples;
    if (input.price.perPackMinor < cutoff) {
      outlier = ` Possible counterfeit: ${money(input.price.perPackMinor)} per pack is more than ${rule.outlierPercent}% below the median ${money(input.market.authorizedMedianMinor)} of ${input.market.samples} authorized listing(s).`;
      inputs.counterfeitSignal = true;
      counterfeit = { observedMinor: input.price.perPackMinor, percent: rule.outlierPercent };
    }
  }
  return {
    ...base,
    type: "unauthorized_seller",
    severity: outlier ? "high" : (rule.severity ?? "high"),
    threshold: null,
    explanation: `Unauthorized seller: ${describeListing(input)}; the shop "${input.listing.seller}"${input.listing.sellerId ? ` (id ${input.listing.sellerId})` : ""} is not the official store or an authorized distributor on ${input.channel.name}. ${input.seller.note}${outlier}`,
    facts: explanationFacts(input, {
      rule: "unauthorized_seller",
      market: input.market
        ? { medianMinor: input.market.authorizedMedianMinor, samples: input.market.samples }
        : null,
      counterfeit,
    }),
    inputs,
  };
}
