import type { Finding } from "../alert.js";
import type { DetectInput } from "./detect-input.js";
import { aboveMaxPrice } from "./rules/above-max-price.js";
import { belowMinPrice } from "./rules/below-min-price.js";
import { listingCompliance } from "./rules/listing-compliance.js";
import { outOfRegion } from "./rules/out-of-region.js";
import { priceDrop } from "./rules/price-drop.js";
import { unauthorizedSeller } from "./rules/unauthorized-seller.js";

const RULES: ReadonlyArray<(input: DetectInput) => Finding | Finding[] | null> = [
  belowMinPrice,
  aboveMaxPrice,
  unauthorizedSeller,
  outOfRegion,
  priceDrop,
  listingCompliance,
];

/** The detect stage: every rule over one matched listing. */
export function detect(input: DetectInput): Finding[] {
  return RULES.flatMap((rule) => rule(input) ?? []);
}
