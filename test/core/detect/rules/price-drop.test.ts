import { describe, expect, it } from "vitest";
import type { PricePoint } from "../../../../functions/core/detect/detect-input.js";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { PRICE_DROP_MIN_HISTORY, priceDrop } from "../../../../functions/core/detect/rules/price-drop.js";
import { detectInput, price, tenantConfig } from "./detect-input-fixture.js";

const history = (...prices: number[]): PricePoint[] =>
  prices.map((perPackMinor, i) => ({ at: `2026-11-2${i}T00:00:00.000Z`, perPackMinor }));

describe("priceDrop", () => {
  it("needs three earlier prices", () => {
    expect(PRICE_DROP_MIN_HISTORY).toBe(3);
    expect(priceDrop(detectInput({ history: history(10000, 10000), price: price(1000) }))).toBeNull();
    expect(
      priceDrop(detectInput({ history: history(10000, 10000, 10000), price: price(1000) })),
    ).not.toBeNull();
  });

  it("does not fire at exactly 20 % below the median and fires one fen further down", () => {
    const earlier = history(10000, 10000, 10000);
    expect(priceDrop(detectInput({ history: earlier, price: price(8000) }))).toBeNull();
    expect(priceDrop(detectInput({ history: earlier, price: price(7999) }))).toMatchObject({
      price: 7999,
      threshold: 8000,
    });
  });

  it("explains the drop against the median of the window", () => {
    const input = detectInput({ history: history(10000, 30000, 9000, 11000), price: price(7775) });
    // Median of 9000, 10000, 11000, 30000 is 10500; 20 % below it is 8400.
    expect(priceDrop(input)).toEqual({
      // The structured facts are checked in explanation-facts.test.ts.
      facts: expect.any(Object),
      ...findingBase(input),
      type: "price_drop",
      severity: "medium",
      price: 7775,
      threshold: 8400,
      explanation:
        "Price drop: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 now at ¥77.75 per pack, 26% below " +
        "its median ¥105.00 over the last 7d (4 earlier prices; alert beyond 20% → below ¥84.00).",
      inputs: {
        ...findingBase(input).inputs,
        reference: "¥105.00",
        window: "7d",
        historyPoints: 4,
        percent: 20,
      },
    });
  });

  it("states the drop to one decimal, rounded half-up", () => {
    // (10000 − 7775) / 10000 = 22.25 % → 22.3 %.
    const finding = priceDrop(detectInput({ history: history(10000, 10000, 10000), price: price(7775) }));
    expect(finding?.explanation).toContain("now at ¥77.75 per pack, 22.3% below its median ¥100.00");
  });

  it("keeps one odd earlier price from becoming the reference", () => {
    // A flash sale at ¥10.00 among ¥100.00 prices: the median stays ¥100.00.
    const finding = priceDrop(detectInput({ history: history(10000, 1000, 10000), price: price(7000) }));
    expect(finding?.inputs.reference).toBe("¥100.00");
  });

  it("uses the configured percentage, window and severity, the cut rounded half-up", () => {
    const cfg = tenantConfig({ rules: { priceDrop: { percent: 12.5, window: "2w", severity: "high" } } });
    // 10001 × 0.875 = 8750.875 → 8751.
    const earlier = history(10001, 10001, 10001);
    expect(priceDrop(detectInput({ config: cfg, history: earlier, price: price(8751) }))).toBeNull();
    const finding = priceDrop(detectInput({ config: cfg, history: earlier, price: price(8750) }));
    expect(finding).toMatchObject({ threshold: 8751, severity: "high" });
    expect(finding?.inputs).toMatchObject({ window: "2w", percent: 12.5 });
    expect(finding?.explanation).toContain(
      "over the last 2w (3 earlier prices; alert beyond 12.5% → below ¥87.51)",
    );
  });

  it("does nothing without the rule or without a price", () => {
    const earlier = history(10000, 10000, 10000);
    expect(
      priceDrop(detectInput({ config: tenantConfig({ rules: {} }), history: earlier, price: price(1) })),
    ).toBeNull();
    expect(priceDrop(detectInput({ history: earlier, price: null }))).toBeNull();
  });
});
