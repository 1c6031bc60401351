import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divideHalfUp, effectivePrice } from "../../../functions/core/detect/effective-price.js";
import { PricewardenError } from "../../../functions/core/errors.js";

const base = { packs: 1, unitsPerPack: null };

describe("effectivePrice", () => {
  it("explains a threshold coupon on a bundle of packs", () => {
    const r = effectivePrice({
      listedMinor: 29900,
      promotions: ["领券满199减20"],
      packs: 3,
      unitsPerPack: 50,
    });
    expect(r).toMatchObject({
      listedMinor: 29900,
      effectiveMinor: 27900,
      perPackMinor: 9300,
      listedPerPackMinor: 9967,
      perUnitMinor: 186,
      quantity: 1,
    });
    expect(r.steps).toEqual([
      {
        label: "coupon 满199减20",
        kind: "coupon",
        text: "满199减20",
        quantity: 1,
        deltaMinor: -2000,
        runningMinor: 27900,
      },
    ]);
    expect(r.explanation).toBe(
      "¥299.00 for 3 packs − ¥20.00 coupon 满199减20 = ¥279.00 → ¥93.00/pack (¥1.86/unit)",
    );
  });

  it("returns the listed price when there are no promotions", () => {
    const r = effectivePrice({ ...base, listedMinor: 19900, promotions: [] });
    expect(r).toMatchObject({
      effectiveMinor: 19900,
      perPackMinor: 19900,
      steps: [],
      explanation: "¥199.00",
    });
  });

  it("applies a threshold only when a single item meets it", () => {
    expect(effectivePrice({ ...base, listedMinor: 19800, promotions: ["满199减20"] }).effectiveMinor).toBe(
      19800,
    );
    expect(effectivePrice({ ...base, listedMinor: 19900, promotions: ["满199减20"] }).effectiveMinor).toBe(
      17900,
    );
  });

  it("checks thresholds against the price after item-level discounts", () => {
    const r = effectivePrice({ ...base, listedMinor: 19900, promotions: ["满199减20", "拼团价¥189"] });
    expect(r.effectiveMinor).toBe(18900);
    expect(r.steps.map((s) => s.label)).toEqual(["alternative price 拼团价¥189"]);
  });

  it("evaluates coupon and store thresholds against the same pre-coupon basket", () => {
    const r = effectivePrice({ ...base, listedMinor: 20000, promotions: ["满200减20", "领券满200减10"] });
    expect(r.effectiveMinor).toBe(17000);
  });

  it("can assume a larger basket for thresholds", () => {
    const r = effectivePrice({
      ...base,
      listedMinor: 10000,
      promotions: ["满199减20"],
      quantityForThresholds: 2,
    });
    expect(r).toMatchObject({ effectiveMinor: 9000, quantity: 2 });
  });

  it("uses one best offer per kind", () => {
    const r = effectivePrice({
      ...base,
      listedMinor: 30000,
      promotions: ["满100减10", "满300减40", "领券减5", "领券满250减25", "立减3", "立减8"],
    });
    // 300 − 8 = 292 (满300 no longer met) → 满100减10 → 282 → coupon 满250减25 → 257
    expect(r.effectiveMinor).toBe(25700);
  });

  it("applies percentage before fixed reductions, rounding half-up to the fen", () => {
    const r = effectivePrice({ ...base, listedMinor: 9999, promotions: ["立减5", "8.5折"] });
    // 9999 × 0.85 = 8499.15 → 8499; − 500 = 7999
    expect(r.effectiveMinor).toBe(7999);
    expect(effectivePrice({ ...base, listedMinor: 1, promotions: ["5折"] }).effectiveMinor).toBe(1);
  });

  it("prices multi-buy offers per item when buying the bundle", () => {
    expect(effectivePrice({ ...base, listedMinor: 15900, promotions: ["第二件半价"] })).toMatchObject({
      effectiveMinor: 11925,
      quantity: 2,
    });
    expect(effectivePrice({ ...base, listedMinor: 15900, promotions: ["买2送1"] }).effectiveMinor).toBe(
      10600,
    );
    expect(effectivePrice({ ...base, listedMinor: 15900, promotions: ["2件9折"] }).effectiveMinor).toBe(
      14310,
    );
    expect(effectivePrice({ ...base, listedMinor: 15900, promotions: ["2件199元"] }).effectiveMinor).toBe(
      9950,
    );
  });

  it("lets a bundle meet a threshold a single item does not", () => {
    const r = effectivePrice({ ...base, listedMinor: 15900, promotions: ["买2送1", "满300减30"] });
    expect(r.effectiveMinor).toBe(9600);
    expect(r.explanation).toBe(
      "¥159.00 − ¥53.00 multi-buy 买2送1 (per item when buying 3) − ¥10.00 store discount 满300减30 (on 3 items) = ¥96.00",
    );
  });

  it("takes a stated final price only when it is lower, never stacking it", () => {
    expect(
      effectivePrice({ ...base, listedMinor: 19900, promotions: ["到手价¥139", "领券减20"] }).effectiveMinor,
    ).toBe(13900);
    expect(
      effectivePrice({ ...base, listedMinor: 19900, promotions: ["到手价¥189", "领券减20"] }).effectiveMinor,
    ).toBe(17900);
  });

  it("reports promotions it could not apply", () => {
    const r = effectivePrice({ ...base, listedMinor: 100, promotions: ["满199包邮", "赠采血针"] });
    expect(r.ignored).toEqual(["满199包邮", "赠采血针"]);
    expect(r.effectiveMinor).toBe(100);
  });

  it("leaves out a reduction at least as large as what it comes off, instead of pricing the item at ¥0", () => {
    // A ¥7.37 listing showing a platform-wide 券立减15元 (bench data): the coupon cannot be for it.
    const coupon = effectivePrice({ ...base, listedMinor: 737, promotions: ["券立减15元"] });
    expect(coupon.effectiveMinor).toBe(737);
    expect(coupon.steps).toEqual([]);
    expect(coupon.ignored).toEqual(["券立减15元"]);

    const both = effectivePrice({ ...base, listedMinor: 1000, promotions: ["领券减20", "立减50"] });
    expect(both.effectiveMinor).toBe(1000);
    expect(both.ignored).toEqual(["立减50", "领券减20"]);

    // Exactly the price is left out too; one fen less applies.
    expect(effectivePrice({ ...base, listedMinor: 2000, promotions: ["立减20"] }).effectiveMinor).toBe(2000);
    expect(effectivePrice({ ...base, listedMinor: 2001, promotions: ["立减20"] }).effectiveMinor).toBe(1);

    // A coupon judged against what is left after the store's 满减: the one that still fits wins.
    const stacked = effectivePrice({
      ...base,
      listedMinor: 10000,
      promotions: ["满100减40", "领券满100减70", "领券满100减50"],
    });
    expect(stacked.effectiveMinor).toBe(10000 - 4000 - 5000);
    expect(stacked.steps.map((st) => [st.kind, st.deltaMinor])).toEqual([
      ["store", -4000],
      ["coupon", -5000],
    ]);

    // A stated price of ¥0 is not a price a shopper pays.
    expect(effectivePrice({ ...base, listedMinor: 5000, promotions: ["到手价¥0"] }).effectiveMinor).toBe(
      5000,
    );
  });

  it("refuses inputs that are bugs", () => {
    expect(() => effectivePrice({ ...base, listedMinor: 1.5, promotions: [] })).toThrow(PricewardenError);
    expect(() => effectivePrice({ ...base, listedMinor: Number.MAX_SAFE_INTEGER, promotions: [] })).toThrow(
      /listedMinor/,
    );
    expect(() => effectivePrice({ ...base, listedMinor: 100, promotions: [], packs: 0 })).toThrow(/packs/);
    expect(() => effectivePrice({ listedMinor: 100, promotions: [], packs: 1, unitsPerPack: 0 })).toThrow();
    expect(() =>
      effectivePrice({ ...base, listedMinor: 100, promotions: [], quantityForThresholds: 0 }),
    ).toThrow();
  });

  describe("properties", () => {
    const promotion = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 100 }))
        .map(([t, a]) => `满${t}减${a}`),
      fc
        .tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 100 }))
        .map(([t, a]) => `领券满${t}减${a}`),
      fc.integer({ min: 1, max: 100 }).map((a) => `领券减${a}`),
      fc
        .tuple(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 1, max: 30 }))
        .map(([t, a]) => `每满${t}减${a}`),
      fc.integer({ min: 1, max: 50 }).map((a) => `立减${a}`),
      fc.integer({ min: 1, max: 9 }).map((d) => `${d}折`),
      fc.integer({ min: 1, max: 999 }).map((p) => `拼团价¥${p}`),
      fc.integer({ min: 1, max: 999 }).map((p) => `到手价¥${p}`),
      fc.constantFrom(
        "第二件半价",
        "买2送1",
        "2件9折",
        "满2件减10",
        "2件99元",
        "第2件0元",
        "满199包邮",
        "正品",
      ),
      fc.string({ maxLength: 20 }),
    );
    const input = fc.record({
      listedMinor: fc.integer({ min: 0, max: 10_000_000 }),
      promotions: fc.array(promotion, { maxLength: 6 }),
      packs: fc.integer({ min: 1, max: 12 }),
      unitsPerPack: fc.option(fc.integer({ min: 1, max: 200 })),
    });

    it("is never negative and never above the listed price", () => {
      fc.assert(
        fc.property(input, (i) => {
          const r = effectivePrice(i);
          expect(Number.isSafeInteger(r.effectiveMinor)).toBe(true);
          expect(r.effectiveMinor).toBeGreaterThanOrEqual(0);
          expect(r.effectiveMinor).toBeLessThanOrEqual(i.listedMinor);
        }),
        { numRuns: 500 },
      );
    });

    it("never reports a price of ¥0 for a listing of ¥1 or more", () => {
      fc.assert(
        fc.property(input, (i) => {
          fc.pre(i.listedMinor >= 100);
          expect(effectivePrice(i).effectiveMinor).toBeGreaterThan(0);
        }),
        { numRuns: 500 },
      );
    });

    it("keeps per-pack × packs within rounding of the effective price", () => {
      fc.assert(
        fc.property(input, (i) => {
          const r = effectivePrice(i);
          expect(Math.abs(r.perPackMinor * i.packs - r.effectiveMinor)).toBeLessThanOrEqual(i.packs / 2);
          if (r.perUnitMinor !== null && i.unitsPerPack !== null) {
            const units = i.packs * i.unitsPerPack;
            expect(Math.abs(r.perUnitMinor * units - r.effectiveMinor)).toBeLessThanOrEqual(units / 2);
          }
        }),
        { numRuns: 300 },
      );
    });

    it("does not depend on the order of the promotions", () => {
      fc.assert(
        fc.property(input, (i) => {
          const reversed = { ...i, promotions: [...i.promotions].reverse() };
          const rotated = { ...i, promotions: [...i.promotions.slice(1), ...i.promotions.slice(0, 1)] };
          const r = effectivePrice(i);
          expect(effectivePrice(reversed)).toEqual(r);
          expect(effectivePrice(rotated)).toEqual(r);
        }),
        { numRuns: 300 },
      );
      fc.assert(
        fc.property(
          input.chain((i) =>
            fc
              .shuffledSubarray(i.promotions, {
                minLength: i.promotions.length,
                maxLength: i.promotions.length,
              })
              .map((p) => [i, p] as const),
          ),
          ([i, permuted]) => {
            expect(effectivePrice({ ...i, promotions: permuted }).effectiveMinor).toBe(
              effectivePrice(i).effectiveMinor,
            );
          },
        ),
        { numRuns: 300 },
      );
    });

    it("steps add up to the effective price", () => {
      fc.assert(
        fc.property(input, (i) => {
          const r = effectivePrice(i);
          const total = r.steps.reduce((sum, s) => sum + s.deltaMinor, i.listedMinor);
          expect(total).toBe(r.effectiveMinor);
          expect(r.steps.at(-1)?.runningMinor ?? i.listedMinor).toBe(r.effectiveMinor);
        }),
        { numRuns: 300 },
      );
    });

    it("gives the same answer when the promotions are repeated", () => {
      fc.assert(
        fc.property(input, (i) => {
          expect(effectivePrice({ ...i, promotions: [...i.promotions, ...i.promotions] })).toEqual(
            effectivePrice(i),
          );
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe("divideHalfUp", () => {
  it("rounds halves up and stays exact for large values", () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(4, 3)).toBe(1);
    expect(divideHalfUp(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 1000 }), (a, b) => {
        const q = divideHalfUp(a, b);
        expect(Math.abs(q * b - a) * 2).toBeLessThanOrEqual(b);
      }),
    );
  });
});
