import type { Finding } from "../../alert.js";
import { formatMoney } from "../../money.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";
import { priceThresholds, scaleMinor } from "./price-thresholds.js";

/** Gouging: the price a shopper actually pays per pack is above the ceiling. */
export function aboveMaxPrice(input: DetectInput): Finding | null {
  const rule = input.config.rules.maxPrice;
  const { ceiling } = priceThresholds(input);
  if (!rule || ceiling === null || !input.price) return null;
  const observed = input.price.perPackMinor;
  const threshold = scaleMinor(ceiling, 1 + rule.tolerance);
  if (observed <= threshold) return null;
  const money = (minor: number) => formatMoney({ minor, currency: input.currency });
  return {
    ...findingBase(input),
    type: "above_max_price",
    severity: rule.severity ?? "medium",
    price: observed,
    threshold,
    explanation: `Above maximum price: ${describeListing(input)} at ${money(observed)} per pack (${input.price.explanation}), above the ceiling ${money(ceiling)}.`,
    facts: explanationFacts(input, {
      rule: "above_max_price",
      observedMinor: observed,
      ceilingMinor: ceiling,
      tolerance: rule.tolerance,
      thresholdMinor: threshold,
    }),
  };
}
