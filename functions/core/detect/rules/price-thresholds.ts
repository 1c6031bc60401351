import { unitsToMinor } from "../../money.js";
import type { DetectInput } from "../detect-input.js";

/** Per-SKU floor and ceiling in minor units, with per-SKU×channel overrides applied. */
export function priceThresholds(input: DetectInput): { floor: number | null; ceiling: number | null } {
  const { product } = input.match;
  const override = input.config.rules.overrides.find(
    (o) => o.sku === product.sku && o.channel === input.channel.id,
  );
  const floor = override?.minPrice ?? product.minPrice;
  const ceiling = override?.maxPrice ?? product.maxPrice;
  return {
    floor: floor === undefined ? null : unitsToMinor(floor),
    ceiling: ceiling === undefined ? null : unitsToMinor(ceiling),
  };
}

/** Fraction of a minor-unit amount, rounded half-up to whole minor units. */
export function scaleMinor(minor: number, factor: number): number {
  return Math.round(minor * factor);
}
