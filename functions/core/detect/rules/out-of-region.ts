import type { Finding } from "../../alert.js";
import type { DetectInput } from "../detect-input.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";

/** An authorized distributor shipping from outside its assigned regions. */
export function outOfRegion(input: DetectInput): Finding | null {
  const rule = input.config.rules.region;
  const shipFrom = input.listing.shipFrom;
  if (!rule || !input.price || input.seller.kind !== "distributor" || !shipFrom) return null;
  const distributor = input.config.distributors.find((d) => d.id === input.seller.distributorId);
  if (!distributor || distributor.regions.length === 0) return null;
  if (distributor.regions.some((region) => shipFrom.includes(region))) return null;
  return {
    ...findingBase(input),
    type: "out_of_region",
    severity: rule.severity ?? "medium",
    threshold: null,
    explanation: `Out of region: ${describeListing(input)} ships from "${shipFrom}", outside distributor ${distributor.id}'s regions (${distributor.regions.join(", ")}).`,
    facts: explanationFacts(input, {
      rule: "out_of_region",
      shipFrom,
      distributorId: distributor.id,
      regions: distributor.regions,
    }),
    inputs: { ...findingBase(input).inputs, shipFrom, regions: distributor.regions },
  };
}
