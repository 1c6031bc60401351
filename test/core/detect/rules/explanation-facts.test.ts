import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../functions/core/alert.js";
import { effectivePrice } from "../../../../functions/core/detect/effective-price.js";
import { ExplanationFactsSchema } from "../../../../functions/core/detect/explanation-facts.js";
import { belowMinPrice } from "../../../../functions/core/detect/rules/below-min-price.js";
import { outOfRegion } from "../../../../functions/core/detect/rules/out-of-region.js";
import { priceDrop } from "../../../../functions/core/detect/rules/price-drop.js";
import { unauthorizedSeller } from "../../../../functions/core/detect/rules/unauthorized-seller.js";
import { explainAlert, ruleInputRows } from "../../../../functions/text/explanation-text.js";
import { DISTRIBUTOR, detectInput, listing, price, tenantConfig } from "./detect-input-fixture.js";

/** Latin-letter words other than the SKU code: what a Chinese reader must not meet. */
function latinWords(text: string): string[] {
  return text.replaceAll("GLU-50", "").match(/[A-Za-z]+/g) ?? [];
}

function withPromotions() {
  // ¥219.00 for 2 packs, a ¥20 coupon from ¥200: ¥199.00, ¥99.50 a pack.
  const eff = effectivePrice({
    listedMinor: 21900,
    promotions: ["领券满200减20"],
    packs: 2,
    unitsPerPack: 50,
  });
  return detectInput({
    match: { ...detectInput().match, packs: 2 },
    price: {
      listedMinor: eff.listedMinor,
      effectiveMinor: eff.effectiveMinor,
      perPackMinor: eff.perPackMinor,
      listedPerPackMinor: eff.listedPerPackMinor,
      perUnitMinor: eff.perUnitMinor,
      steps: eff.steps,
      explanation: eff.explanation,
    },
  });
}

function rendered(finding: Finding | null) {
  if (!finding) throw new Error("expected a finding");
  const alert = { ...finding };
  return {
    zh: explainAlert(alert, "zh-CN"),
    en: explainAlert(alert, "en"),
    rowsZh: ruleInputRows(alert, "zh-CN"),
    rowsEn: ruleInputRows(alert, "en"),
  };
}

describe("findings carry structured facts, and both languages say the same thing", () => {
  it("below the floor: the price working step by step, in ¥ with two decimals, per pack", () => {
    const finding = belowMinPrice(withPromotions());
    expect(ExplanationFactsSchema.parse(finding?.facts)).toEqual(finding?.facts);
    expect(finding?.facts?.rule).toEqual({
      rule: "below_min_price",
      basis: "effective",
      observedMinor: 9950,
      floorMinor: 10000,
      tolerance: 0,
      thresholdMinor: 10000,
      monitoringOnly: null,
    });
    expect(finding?.facts?.price?.steps).toEqual([
      { kind: "coupon", text: "满200减20", quantity: 1, deltaMinor: -2000, runningMinor: 19900 },
    ]);
    const r = rendered(finding);
    expect(r.zh).toBe(
      "低于最低价：安可血糖试纸 50片（GLU-50），店铺「某某大药房」在京东，每盒 ¥99.50（到手价：标价 ¥219.00（2 盒装） − ¥20.00 优惠券「满200减20」 = ¥199.00，每盒 ¥99.50，每单位 ¥1.99），低于最低价 ¥100.00。",
    );
    expect(r.en).toBe(
      'Below minimum price: 安可血糖试纸 50片 (GLU-50) sold by "某某大药房" on 京东 at ¥99.50 per pack (effective price: listed ¥219.00 for 2 packs − ¥20.00 coupon "满200减20" = ¥199.00 → ¥99.50/pack (¥1.99/unit)), below the floor ¥100.00.',
    );
    expect(latinWords(r.zh)).toEqual([]);
    expect(r.rowsZh).toContainEqual({ label: "价格计算", value: "优惠券「满200减20」：−¥20.00 → ¥199.00" });
    expect(r.rowsZh).toContainEqual({ label: "最低价", value: "¥100.00" });
    expect(r.rowsEn).toContainEqual({ label: "Floor", value: "¥100.00" });
    // Never a raw key or an amount in fen.
    for (const row of r.rowsZh) {
      expect(latinWords(`${row.label} ${row.value}`), row.label).toEqual([]);
      expect(row.value).not.toMatch(/(^|[^.\d])(19900|21900|2000)(?!\d)/);
    }
  });

  it("monitoring only: says why, naming the law, in each language", () => {
    const finding = belowMinPrice(detectInput({ seller: DISTRIBUTOR, price: price(9000) }));
    expect(finding?.facts?.rule).toMatchObject({
      monitoringOnly: { distributorId: "dist-sh", jurisdiction: "CN" },
    });
    const r = rendered(finding);
    expect(r.zh).toContain("仅作监测：该店铺是授权经销商 dist-sh，依照《反垄断法》第十八条");
    expect(r.en).toContain("Monitoring only: the seller is authorized distributor dist-sh");
    expect(r.en).toContain("China: Anti-Monopoly Law Art. 18");
  });

  it("an unauthorized seller priced like a counterfeit: the market median and the cut", () => {
    const finding = unauthorizedSeller(
      detectInput({ price: price(5000), market: { authorizedMedianMinor: 15000, samples: 4 } }),
    );
    expect(finding?.facts?.rule).toEqual({
      rule: "unauthorized_seller",
      market: { medianMinor: 15000, samples: 4 },
      counterfeit: { observedMinor: 5000, percent: 40 },
    });
    const r = rendered(finding);
    expect(r.zh).toContain(
      "未授权店铺：店铺「某某大药房」（店铺 ID s-9）在京东销售安可血糖试纸 50片（GLU-50），该店铺既不是京东上的官方旗舰店，也不是授权经销商。",
    );
    expect(r.zh).toContain("疑似假货：每盒 ¥50.00，比 4 个授权店铺的中位价 ¥150.00 低 40% 以上");
    expect(r.en).toContain("Possible counterfeit: ¥50.00 per pack is more than 40% below the median ¥150.00");
  });

  it("out of region and a price drop: regions, window and median in the reader's words", () => {
    const region = outOfRegion(
      detectInput({ seller: DISTRIBUTOR, listing: listing({ shipFrom: "广东广州" }) }),
    );
    expect(rendered(region).zh).toBe(
      "跨区销售（窜货）：安可血糖试纸 50片（GLU-50），店铺「某某大药房」在京东，发货地为「广东广州」，不在经销商 dist-sh 的授权区域（上海、江苏）内。",
    );
    const drop = priceDrop(
      detectInput({
        config: tenantConfig({ rules: { priceDrop: { percent: 20, window: "7d" } } }),
        price: price(10000),
        history: [15000, 15000, 16000].map((perPackMinor, i) => ({
          at: `2026-11-2${i}T00:00:00Z`,
          perPackMinor,
        })),
      }),
    );
    const r = rendered(drop);
    expect(r.zh).toContain("现价每盒 ¥100.00，比最近 7 天的中位价 ¥150.00 低 33.3%");
    expect(r.en).toContain("33.3% below its median ¥150.00 over the last 7 days");
    expect(r.rowsZh).toContainEqual({ label: "统计区间", value: "7 天" });
  });

  it("an alert stored before facts existed still reads: its recorded sentence", () => {
    const finding = belowMinPrice(detectInput({ price: price(9000) }));
    if (!finding) throw new Error("expected a finding");
    const { facts: _facts, ...old } = finding;
    expect(explainAlert(old, "zh-CN")).toBe(finding.explanation);
  });
});
