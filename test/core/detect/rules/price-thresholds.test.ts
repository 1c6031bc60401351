import { describe, expect, it } from "vitest";
import { priceThresholds, scaleMinor } from "../../../../functions/core/detect/rules/price-thresholds.js";
import { detectInput, product, tenantConfig } from "./detect-input-fixture.js";

const channels = [
  { id: "jd", name: "京东", match: ["item.jd.com"] },
  { id: "tmall", name: "天猫", match: ["detail.tmall.com"] },
];
const products = [product(), product({ sku: "GLU-99", match: { ids: ["GLU-99"] } })];

function thresholds(overrides: object[], productOverrides = {}) {
  const config = tenantConfig({
    channels,
    products: [product(productOverrides), products[1]],
    rules: { overrides },
  });
  return priceThresholds(detectInput({ config }));
}

describe("priceThresholds", () => {
  it("gives the SKU's floor and ceiling in fen", () => {
    expect(thresholds([], { minPrice: 99.9, maxPrice: 200.05 })).toEqual({ floor: 9990, ceiling: 20005 });
  });

  it("gives null for a bound the SKU does not set", () => {
    expect(thresholds([], { minPrice: undefined, maxPrice: undefined })).toEqual({
      floor: null,
      ceiling: null,
    });
  });

  it("applies the override for this SKU on this channel, bound by bound", () => {
    expect(thresholds([{ sku: "GLU-50", channel: "jd", minPrice: 120, maxPrice: 180 }])).toEqual({
      floor: 12000,
      ceiling: 18000,
    });
    expect(thresholds([{ sku: "GLU-50", channel: "jd", maxPrice: 180 }])).toEqual({
      floor: 10000,
      ceiling: 18000,
    });
    expect(thresholds([{ sku: "GLU-50", channel: "jd", minPrice: 0 }])).toEqual({ floor: 0, ceiling: 20000 });
  });

  it("ignores overrides for another SKU or another channel", () => {
    expect(
      thresholds([
        { sku: "GLU-99", channel: "jd", minPrice: 1, maxPrice: 2 },
        { sku: "GLU-50", channel: "tmall", minPrice: 3, maxPrice: 4 },
      ]),
    ).toEqual({ floor: 10000, ceiling: 20000 });
  });
});

describe("scaleMinor", () => {
  it("scales and rounds half-up to whole fen", () => {
    expect(scaleMinor(10000, 0.95)).toBe(9500);
    expect(scaleMinor(10001, 0.875)).toBe(8751);
    expect(scaleMinor(3, 0.5)).toBe(2);
    expect(scaleMinor(10000, 1)).toBe(10000);
  });
});
