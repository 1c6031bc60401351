import type { Finding } from "../../alert.js";
import { formatMoney } from "../../money.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";
import { priceThresholds, scaleMinor } from "./price-thresholds.js";

/** Jurisdictions where enforcing a minimum resale price on independent resellers is unlawful. */
export const RPM_RESTRICTED: ReadonlySet<string> = new Set(["CN", "EU"]);

export function belowMinPrice(input: DetectInput): Finding | null {
  const rule = input.config.rules.minPrice;
  const { floor } = priceThresholds(input);
  if (!rule || floor === null || !input.price) return null;
  const observed = rule.basis === "effective" ? input.price.perPackMinor : input.price.listedPerPackMinor;
  const threshold = scaleMinor(floor, 1 - rule.tolerance);
  if (observed >= threshold) return null;

  const money = (minor: number) => formatMoney({ minor, currency: input.currency });
  const authorizedDistributor = input.seller.kind === "distributor";
  const monitoringOnly = authorizedDistributor && RPM_RESTRICTED.has(input.config.jurisdiction);
  const basisText =
    rule.basis === "effective" ? `effective price ${input.price.explanation}` : "listed price per pack";
  const tolerance =
    rule.tolerance > 0 ? ` (tolerance ${(rule.tolerance * 100).toFixed(1)}% → ${money(threshold)})` : "";
  let explanation = `Below minimum price: ${describeListing(input)} at ${money(observed)} per pack (${basisText}), below the floor ${money(floor)}${tolerance}.`;
  if (monitoringOnly) {
    explanation += ` Monitoring only: the seller is authorized distributor ${input.seller.distributorId}, and under ${input.config.jurisdiction} law a supplier may not fix or enforce a distributor's resale price (China: Anti-Monopoly Law Art. 18; EU: Art. 101 TFEU).`;
  }
  return {
    ...findingBase(input),
    type: "below_min_price",
    severity: monitoringOnly ? "low" : (rule.severity ?? "high"),
    price: observed,
    threshold,
    explanation,
    facts: explanationFacts(input, {
      rule: "below_min_price",
      basis: rule.basis,
      observedMinor: observed,
      floorMinor: floor,
      tolerance: rule.tolerance,
      thresholdMinor: threshold,
      monitoringOnly: monitoringOnly
        ? { distributorId: input.seller.distributorId, jurisdiction: input.config.jurisdiction }
        : null,
    }),
    monitoringOnly,
    inputs: {
      ...findingBase(input).inputs,
      basis: rule.basis,
      floor: money(floor),
      tolerance: rule.tolerance,
      jurisdiction: input.config.jurisdiction,
    },
  };
}
