import { describe, expect, it } from "vitest";
import { aboveMaxPrice } from "../../../../functions/core/detect/rules/above-max-price.js";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { detectInput, price, product, tenantConfig } from "./detect-input-fixture.js";

describe("aboveMaxPrice", () => {
  it("does not fire at exactly the ceiling and fires one fen above it", () => {
    expect(aboveMaxPrice(detectInput({ price: price(20000) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ price: price(20001) }))).toMatchObject({
      type: "above_max_price",
      price: 20001,
      threshold: 20000,
    });
  });

  it("explains the finding with the listing, the per-pack price, its working and the ceiling", () => {
    const input = detectInput({
      price: price(25000, { listedMinor: 50000, explanation: "¥500.00 for 2 packs → ¥250.00/pack" }),
    });
    expect(aboveMaxPrice(input)).toEqual({
      // The structured facts are checked in explanation-facts.test.ts.
      facts: expect.any(Object),
      ...findingBase(input),
      type: "above_max_price",
      severity: "medium",
      price: 25000,
      threshold: 20000,
      explanation:
        "Above maximum price: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 at ¥250.00 per pack " +
        "(¥500.00 for 2 packs → ¥250.00/pack), above the ceiling ¥200.00.",
    });
  });

  it("compares the effective per-pack price, not the listed one", () => {
    expect(aboveMaxPrice(detectInput({ price: price(19000, { listedPerPackMinor: 26000 }) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ price: price(21000, { listedPerPackMinor: 19000 }) }))?.price).toBe(
      21000,
    );
  });

  it("tolerates the configured fraction above the ceiling, rounded half-up", () => {
    const cfg = tenantConfig({ rules: { maxPrice: { tolerance: 0.1 } } });
    expect(aboveMaxPrice(detectInput({ config: cfg, price: price(22000) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ config: cfg, price: price(22001) }))?.threshold).toBe(22000);
    // ¥200.01 × 1.125 = 22501.125 fen → 22501.
    const odd = tenantConfig({
      rules: { maxPrice: { tolerance: 0.125 } },
      products: [product({ maxPrice: 200.01 })],
    });
    expect(aboveMaxPrice(detectInput({ config: odd, price: price(22501) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ config: odd, price: price(22502) }))?.threshold).toBe(22501);
  });

  it("uses the configured severity", () => {
    const cfg = tenantConfig({ rules: { maxPrice: { severity: "high" } } });
    expect(aboveMaxPrice(detectInput({ config: cfg, price: price(30000) }))?.severity).toBe("high");
  });

  it("uses a per-SKU×channel ceiling override", () => {
    const cfg = tenantConfig({
      rules: { maxPrice: {}, overrides: [{ sku: "GLU-50", channel: "jd", maxPrice: 150 }] },
    });
    expect(aboveMaxPrice(detectInput({ config: cfg, price: price(15000) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ config: cfg, price: price(15001) }))?.explanation).toContain(
      "above the ceiling ¥150.00.",
    );
  });

  it("does nothing without the rule, without a ceiling or without a price", () => {
    expect(
      aboveMaxPrice(detectInput({ config: tenantConfig({ rules: {} }), price: price(99999) })),
    ).toBeNull();
    const noCeiling = tenantConfig({ products: [product({ maxPrice: undefined })] });
    expect(aboveMaxPrice(detectInput({ config: noCeiling, price: price(99999) }))).toBeNull();
    expect(aboveMaxPrice(detectInput({ price: null }))).toBeNull();
  });
});
