import { describe, expect, it } from "vitest";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { unauthorizedSeller } from "../../../../functions/core/detect/rules/unauthorized-seller.js";
import {
  DISTRIBUTOR,
  detectInput,
  listing,
  OFFICIAL,
  price,
  STRANGER,
  tenantConfig,
} from "./detect-input-fixture.js";

const market = { authorizedMedianMinor: 10000, samples: 3 };

describe("unauthorizedSeller", () => {
  it("flags a named shop that is neither the official store nor an authorized distributor", () => {
    const input = detectInput({ seller: STRANGER });
    expect(unauthorizedSeller(input)).toEqual({
      // The structured facts are checked in explanation-facts.test.ts.
      facts: expect.any(Object),
      ...findingBase(input),
      type: "unauthorized_seller",
      severity: "high",
      threshold: null,
      explanation:
        "Unauthorized seller: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东; the shop " +
        '"某某大药房" (id s-9) is not the official store or an authorized distributor on 京东. ' +
        "Not on the authorized list.",
    });
  });

  it("leaves the id out of the explanation when the page shows none", () => {
    const finding = unauthorizedSeller(detectInput({ listing: listing({ sellerId: null }) }));
    expect(finding?.explanation).toContain('the shop "某某大药房" is not the official store');
  });

  it("never flags the official store or an authorized distributor", () => {
    expect(unauthorizedSeller(detectInput({ seller: OFFICIAL }))).toBeNull();
    expect(unauthorizedSeller(detectInput({ seller: DISTRIBUTOR }))).toBeNull();
  });

  it("accuses nobody when the page names no seller, and nothing without a price or the rule", () => {
    expect(unauthorizedSeller(detectInput({ listing: listing({ seller: null }) }))).toBeNull();
    expect(unauthorizedSeller(detectInput({ listing: listing({ seller: "" }) }))).toBeNull();
    expect(unauthorizedSeller(detectInput({ price: null }))).toBeNull();
    expect(unauthorizedSeller(detectInput({ config: tenantConfig({ rules: {} }) }))).toBeNull();
  });

  it("uses the configured severity when there is no counterfeit signal", () => {
    const cfg = tenantConfig({ rules: { authorizedSeller: { severity: "low" } } });
    expect(unauthorizedSeller(detectInput({ config: cfg }))?.severity).toBe("low");
    expect(unauthorizedSeller(detectInput({ config: cfg, market, price: price(6000) }))?.severity).toBe(
      "low",
    );
  });

  it("records the authorized market price without a counterfeit signal at exactly the cut-off", () => {
    // Default 40 % below the ¥100.00 median: the cut-off is ¥60.00.
    const finding = unauthorizedSeller(detectInput({ market, price: price(6000) }));
    expect(finding?.inputs).toEqual({
      ...findingBase(detectInput()).inputs,
      authorizedMedian: "¥100.00",
      authorizedSamples: 3,
    });
    expect(finding?.explanation).not.toContain("Possible counterfeit");
  });

  it("raises a high-severity counterfeit signal one fen below the cut-off", () => {
    const cfg = tenantConfig({ rules: { authorizedSeller: { severity: "low" } } });
    const finding = unauthorizedSeller(detectInput({ config: cfg, market, price: price(5999) }));
    expect(finding?.severity).toBe("high");
    expect(finding?.inputs.counterfeitSignal).toBe(true);
    expect(finding?.explanation).toBe(
      "Unauthorized seller: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东; the shop " +
        '"某某大药房" (id s-9) is not the official store or an authorized distributor on 京东. ' +
        "Not on the authorized list. Possible counterfeit: ¥59.99 per pack is more than 40% below the " +
        "median ¥100.00 of 3 authorized listing(s).",
    );
  });

  it("uses the configured outlier percentage, rounding the cut-off half-up", () => {
    // ¥100.01 × (1 − 0.125) = 8750.875 fen → 8751.
    const cfg = tenantConfig({ rules: { authorizedSeller: { outlierPercent: 12.5 } } });
    const odd = { authorizedMedianMinor: 10001, samples: 1 };
    expect(
      unauthorizedSeller(detectInput({ config: cfg, market: odd, price: price(8751) }))?.inputs,
    ).not.toHaveProperty("counterfeitSignal");
    const finding = unauthorizedSeller(detectInput({ config: cfg, market: odd, price: price(8750) }));
    expect(finding?.inputs.counterfeitSignal).toBe(true);
    expect(finding?.explanation).toContain("more than 12.5% below the median ¥100.01 of 1 authorized");
  });

  it("has no market inputs when no authorized price is known", () => {
    const finding = unauthorizedSeller(detectInput({ market: null, price: price(1) }));
    expect(finding?.inputs).not.toHaveProperty("authorizedMedian");
    expect(finding?.inputs).not.toHaveProperty("counterfeitSignal");
    expect(finding?.severity).toBe("high");
  });
});
