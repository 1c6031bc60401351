import type { Finding } from "../../alert.js";
import { medianMinor } from "../../median.js";
import { formatMoney } from "../../money.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";
import { scaleMinor } from "./price-thresholds.js";

/** Fewer earlier prices than this and a single odd observation could be the reference. */
export const PRICE_DROP_MIN_HISTORY = 3;

/**
 * A sudden drop against the listing's own history: the current per-pack price is more than
 * `percent` below the median of its prices in the window. The median keeps one aberrant
 * observation (a flash sale, a mis-read page) from becoming the reference.
 */
export function priceDrop(input: DetectInput): Finding | null {
  const rule = input.config.rules.priceDrop;
  if (!rule || !input.price || input.history.length < PRICE_DROP_MIN_HISTORY) return null;
  const reference = medianMinor(input.history.map((p) => p.perPackMinor));
  if (reference === null) return null;
  const threshold = scaleMinor(reference, 1 - rule.percent / 100);
  const observed = input.price.perPackMinor;
  if (observed >= threshold) return null;
  const money = (minor: number) => formatMoney({ minor, currency: input.currency });
  const dropPercent = Math.round(((reference - observed) * 1000) / reference) / 10;
  return {
    ...findingBase(input),
    type: "price_drop",
    severity: rule.severity ?? "medium",
    price: observed,
    threshold,
    explanation: `Price drop: ${describeListing(input)} now at ${money(observed)} per pack, ${dropPercent}% below its median ${money(reference)} over the last ${rule.window} (${input.history.length} earlier prices; alert beyond ${rule.percent}% → below ${money(threshold)}).`,
    facts: explanationFacts(input, {
      rule: "price_drop",
      observedMinor: observed,
      referenceMinor: reference,
      dropPercent,
      percent: rule.percent,
      window: rule.window,
      samples: input.history.length,
      thresholdMinor: threshold,
    }),
    inputs: {
      ...findingBase(input).inputs,
      reference: money(reference),
      window: rule.window,
      historyPoints: input.history.length,
      percent: rule.percent,
    },
  };
}
