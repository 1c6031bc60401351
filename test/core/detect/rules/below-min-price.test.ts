import { describe, expect, it } from "vitest";
import { belowMinPrice } from "../../../../functions/core/detect/rules/below-min-price.js";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import {
  DISTRIBUTOR,
  detectInput,
  OFFICIAL,
  price,
  product,
  STRANGER,
  tenantConfig,
} from "./detect-input-fixture.js";

type Jurisdiction = "CN" | "EU" | "US" | "OTHER";

function config(minPrice: Record<string, unknown> = {}, jurisdiction: Jurisdiction = "CN", extra = {}) {
  return tenantConfig({ jurisdiction, rules: { minPrice, ...extra } });
}

describe("belowMinPrice", () => {
  it("does not fire at exactly the floor and fires one fen below it", () => {
    expect(belowMinPrice(detectInput({ price: price(10000) }))).toBeNull();
    const finding = belowMinPrice(detectInput({ price: price(9999) }));
    expect(finding).toMatchObject({ type: "below_min_price", price: 9999, threshold: 10000 });
  });

  it("explains the finding with the listing, the observed price, the basis and the floor", () => {
    const input = detectInput({
      price: price(9000, { explanation: "¥95.00 − ¥5.00 coupon 满90减5 = ¥90.00" }),
    });
    const finding = belowMinPrice(input);
    expect(finding).toEqual({
      // The structured facts are checked in explanation-facts.test.ts.
      facts: expect.any(Object),
      ...findingBase(input),
      type: "below_min_price",
      severity: "high",
      price: 9000,
      threshold: 10000,
      monitoringOnly: false,
      explanation:
        "Below minimum price: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 at ¥90.00 per pack " +
        "(effective price ¥95.00 − ¥5.00 coupon 满90减5 = ¥90.00), below the floor ¥100.00.",
      inputs: {
        ...findingBase(input).inputs,
        basis: "effective",
        floor: "¥100.00",
        tolerance: 0,
        jurisdiction: "CN",
      },
    });
  });

  it("tolerates the configured fraction below the floor: fires only under the rounded cut", () => {
    const cfg = config({ tolerance: 0.05 });
    expect(belowMinPrice(detectInput({ config: cfg, price: price(9500) }))).toBeNull();
    const finding = belowMinPrice(detectInput({ config: cfg, price: price(9499) }));
    expect(finding?.threshold).toBe(9500);
    expect(finding?.explanation).toBe(
      "Below minimum price: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 at ¥94.99 per pack " +
        "(effective price ¥94.99), below the floor ¥100.00 (tolerance 5.0% → ¥95.00).",
    );
    expect(finding?.inputs.tolerance).toBe(0.05);
  });

  it("rounds the tolerance cut half-up to the fen", () => {
    // ¥99.99 × (1 − 0.125) = 8749.125 fen → 8749; at 8749 no finding, at 8748 one.
    const cfg = tenantConfig({
      rules: { minPrice: { tolerance: 0.125 } },
      products: [product({ minPrice: 99.99 })],
    });
    expect(belowMinPrice(detectInput({ config: cfg, price: price(8749) }))).toBeNull();
    expect(belowMinPrice(detectInput({ config: cfg, price: price(8748) }))?.threshold).toBe(8749);
  });

  it("compares the effective per-pack price by default and the listed per-pack price on basis 'listed'", () => {
    const discounted = price(9000, { listedPerPackMinor: 12000, listedMinor: 24000 });
    expect(belowMinPrice(detectInput({ price: discounted }))?.price).toBe(9000);
    const listedCfg = config({ basis: "listed" });
    expect(belowMinPrice(detectInput({ config: listedCfg, price: discounted }))).toBeNull();

    const listedLow = price(12000, { listedPerPackMinor: 9900 });
    expect(belowMinPrice(detectInput({ price: listedLow }))).toBeNull();
    const finding = belowMinPrice(detectInput({ config: listedCfg, price: listedLow }));
    expect(finding?.price).toBe(9900);
    expect(finding?.inputs.basis).toBe("listed");
    expect(finding?.explanation).toContain("at ¥99.00 per pack (listed price per pack), below the floor");
  });

  it("is monitoring-only, low severity and says why for an authorized distributor in CN and EU", () => {
    for (const jurisdiction of ["CN", "EU"] as const) {
      const finding = belowMinPrice(
        detectInput({ config: config({}, jurisdiction), seller: DISTRIBUTOR, price: price(9000) }),
      );
      expect(finding?.monitoringOnly).toBe(true);
      expect(finding?.severity).toBe("low");
      expect(finding?.inputs.jurisdiction).toBe(jurisdiction);
      expect(finding?.explanation).toBe(
        "Below minimum price: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 at ¥90.00 per pack " +
          "(effective price ¥90.00), below the floor ¥100.00. Monitoring only: the seller is authorized " +
          `distributor dist-sh, and under ${jurisdiction} law a supplier may not fix or enforce a ` +
          "distributor's resale price (China: Anti-Monopoly Law Art. 18; EU: Art. 101 TFEU).",
      );
    }
  });

  it("is enforceable for an authorized distributor in the US and elsewhere", () => {
    for (const jurisdiction of ["US", "OTHER"] as const) {
      const finding = belowMinPrice(
        detectInput({ config: config({}, jurisdiction), seller: DISTRIBUTOR, price: price(9000) }),
      );
      expect(finding?.monitoringOnly).toBe(false);
      expect(finding?.severity).toBe("high");
      expect(finding?.explanation).not.toContain("Monitoring only");
    }
  });

  it("is enforceable for the official store and for strangers in CN", () => {
    for (const seller of [OFFICIAL, STRANGER]) {
      const finding = belowMinPrice(detectInput({ seller, price: price(9000) }));
      expect(finding?.monitoringOnly).toBe(false);
      expect(finding?.severity).toBe("high");
    }
  });

  it("uses the configured severity unless the finding is monitoring-only", () => {
    const cfg = config({ severity: "medium" });
    expect(belowMinPrice(detectInput({ config: cfg, price: price(9000) }))?.severity).toBe("medium");
    const monitored = belowMinPrice(detectInput({ config: cfg, seller: DISTRIBUTOR, price: price(9000) }));
    expect(monitored?.severity).toBe("low");
  });

  it("uses a per-SKU×channel floor override, and only for that SKU and channel", () => {
    const override = (sku: string, channel: string) =>
      tenantConfig({
        channels: [
          { id: "jd", name: "京东", match: ["item.jd.com"] },
          { id: "tmall", name: "天猫", match: ["detail.tmall.com"] },
        ],
        products: [product(), product({ sku: "GLU-99", match: { ids: ["GLU-99"] } })],
        rules: { minPrice: {}, overrides: [{ sku, channel, minPrice: 120 }] },
      });
    const onJd = belowMinPrice(detectInput({ config: override("GLU-50", "jd"), price: price(11999) }));
    expect(onJd?.threshold).toBe(12000);
    expect(onJd?.inputs.floor).toBe("¥120.00");
    expect(belowMinPrice(detectInput({ config: override("GLU-50", "jd"), price: price(12000) }))).toBeNull();
    expect(
      belowMinPrice(detectInput({ config: override("GLU-50", "tmall"), price: price(11999) })),
    ).toBeNull();
    expect(belowMinPrice(detectInput({ config: override("GLU-99", "jd"), price: price(11999) }))).toBeNull();
  });

  it("does nothing without the rule, without a floor or without a price", () => {
    const noRule = tenantConfig({ rules: {} });
    expect(belowMinPrice(detectInput({ config: noRule, price: price(1) }))).toBeNull();
    const noFloor = tenantConfig({ products: [product({ minPrice: undefined })] });
    expect(belowMinPrice(detectInput({ config: noFloor, price: price(1) }))).toBeNull();
    expect(belowMinPrice(detectInput({ price: null }))).toBeNull();
  });

  it("fires below a floor of zero never, and below a positive floor for a free listing", () => {
    const zero = tenantConfig({ products: [product({ minPrice: 0 })] });
    expect(belowMinPrice(detectInput({ config: zero, price: price(0) }))).toBeNull();
    expect(belowMinPrice(detectInput({ price: price(0) }))?.price).toBe(0);
  });
});
