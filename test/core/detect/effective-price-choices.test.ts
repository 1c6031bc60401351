import { describe, expect, it } from "vitest";
import { effectivePrice } from "../../../functions/core/detect/effective-price.js";
import { PricewardenError } from "../../../functions/core/errors.js";

/**
 * Which offer wins where several compete, the exact step each one leaves, and the input bounds:
 * the details a mutation of a comparison or a label would change (see docs/detection.md).
 */
const price = (listedMinor: number, promotions: string[], extra: { quantityForThresholds?: number } = {}) =>
  effectivePrice({ listedMinor, promotions, packs: 1, unitsPerPack: null, ...extra });
const labels = (r: ReturnType<typeof price>) => r.steps.map((s) => s.label);
/** A step's label and amounts; its kind, text and basket are checked in effective-price.test.ts. */
const amounts = (steps: ReturnType<typeof price>["steps"]) =>
  steps.map(({ label, deltaMinor, runningMinor }) => ({ label, deltaMinor, runningMinor }));

describe("effectivePrice: the best offer of each kind", () => {
  it("takes the lowest alternative price, whichever is read first", () => {
    const r = price(20000, ["拼团价¥150", "秒杀价¥160"]);
    expect(r.effectiveMinor).toBe(15000);
    expect(amounts(r.steps)).toEqual([
      { label: "alternative price 拼团价¥150", deltaMinor: -5000, runningMinor: 15000 },
    ]);
    expect(price(20000, ["拼团价¥170", "秒杀价¥160"]).effectiveMinor).toBe(16000);
  });

  it("takes the deepest X折, whichever is read first", () => {
    expect(labels(price(20000, ["8折", "9折"]))).toEqual(["discount 8折"]);
    expect(price(20000, ["8折", "9折"]).effectiveMinor).toBe(16000);
    expect(price(20000, ["7折", "9折"]).effectiveMinor).toBe(14000);
    expect(labels(price(20000, ["9.5折", "9折"]))).toEqual(["discount 9折"]);
  });

  it("takes the largest 立减, whichever is read first", () => {
    const r = price(20000, ["立减50", "立减8"]);
    expect(amounts(r.steps)).toEqual([{ label: "reduction 立减50", deltaMinor: -5000, runningMinor: 15000 }]);
  });

  it("takes the lowest stated final price, whichever is read first", () => {
    const r = price(19900, ["到手价¥129", "到手价¥139"]);
    expect(amounts(r.steps)).toEqual([
      { label: "stated price 到手价¥129", deltaMinor: -7000, runningMinor: 12900 },
    ]);
    expect(price(19900, ["到手价¥149", "到手价¥139"]).effectiveMinor).toBe(13900);
    expect(price(20000, ["到手价¥139", "到手价¥99"]).effectiveMinor).toBe(9900);
  });

  it("takes the largest store 满减 and the largest coupon, whichever is read first", () => {
    const store = price(30000, ["满100减30", "满200减10"]);
    expect(amounts(store.steps)).toEqual([
      { label: "store discount 满100减30", deltaMinor: -3000, runningMinor: 27000 },
    ]);
    const coupon = price(30000, ["领券满100减30", "领券满200减10"]);
    expect(amounts(coupon.steps)).toEqual([
      { label: "coupon 满100减30", deltaMinor: -3000, runningMinor: 27000 },
    ]);
  });

  it("depends on the offers only, not on the words around them", () => {
    // Two equally low alternative prices: the same one is named whatever text carried them.
    const a = price(20000, ["A秒杀价¥150", "B拼团价¥150"]);
    const b = price(20000, ["Z秒杀价¥150", "A拼团价¥150"]);
    expect(a.steps).toEqual(b.steps);
    expect(a.effectiveMinor).toBe(15000);
  });
});

describe("effectivePrice: thresholds", () => {
  it("applies a 满X打Y折 store discount only from its threshold", () => {
    expect(amounts(price(29900, ["满299打9折"]).steps)).toEqual([
      { label: "store discount 满299打9折", deltaMinor: -2990, runningMinor: 26910 },
    ]);
    expect(price(29800, ["满299打9折"]).effectiveMinor).toBe(29800);
  });

  it("applies 每满 once per full step, up to its cap", () => {
    expect(price(35000, ["每满100减10"]).effectiveMinor).toBe(32000);
    expect(price(35000, ["每满100减10，最高减50"]).effectiveMinor).toBe(32000);
    expect(price(80000, ["每满100减10，最高减50"]).effectiveMinor).toBe(75000);
    expect(price(80000, ["每满100减10"]).effectiveMinor).toBe(72000);
  });

  it("applies a plain 满减 once, however far the basket exceeds it", () => {
    expect(price(35000, ["满100减10"]).effectiveMinor).toBe(34000);
  });

  it("labels a single item's discounts without a quantity", () => {
    expect(amounts(price(19900, ["满199减20", "领券满199减10"]).steps)).toEqual([
      { label: "store discount 满199减20", deltaMinor: -2000, runningMinor: 17900 },
      { label: "coupon 满199减10", deltaMinor: -1000, runningMinor: 16900 },
    ]);
  });

  it("labels a bundle's store discount and coupon with the items bought", () => {
    expect(labels(price(15900, ["买2送1", "满300减30", "领券满300减30"]))).toEqual([
      "multi-buy 买2送1 (per item when buying 3)",
      "store discount 满300减30 (on 3 items)",
      "coupon 满300减30 (on 3 items)",
    ]);
    expect(labels(price(10000, ["满100减10"], { quantityForThresholds: 100 }))).toEqual([
      "store discount 满100减10 (on 100 items)",
    ]);
  });
});

describe("effectivePrice: multi-buy", () => {
  it("prices 第二件X元 as one full item and one at X", () => {
    const r = price(15900, ["第二件1元"]);
    expect(r).toMatchObject({ effectiveMinor: 8000, quantity: 2 });
    expect(amounts(r.steps)).toEqual([
      { label: "multi-buy 第二件1元 (per item when buying 2)", deltaMinor: -7900, runningMinor: 8000 },
    ]);
    expect(price(15900, ["第3件1元"]).effectiveMinor).toBe(10633);
  });

  it("prices 满N件减X as N items less X", () => {
    expect(amounts(price(10000, ["满2件减10"]).steps)).toEqual([
      { label: "multi-buy 满2件减10 (per item when buying 2)", deltaMinor: -500, runningMinor: 9500 },
    ]);
  });

  it("never charges more for the second item than the first", () => {
    expect(price(15900, ["第二件199元"])).toMatchObject({ effectiveMinor: 15900, quantity: 1, steps: [] });
  });

  it("records no step for an offer that changes nothing, even when the bundle then meets a threshold", () => {
    expect(amounts(price(15900, ["第二件199元", "满300减30"]).steps)).toEqual([
      { label: "store discount 满300减30 (on 2 items)", deltaMinor: -1500, runningMinor: 14400 },
    ]);
    expect(amounts(price(1, ["5折"]).steps)).toEqual([]);
  });

  it("keeps buying one item when a bundle is no cheaper per item", () => {
    expect(price(9950, ["2件199元"])).toMatchObject({ effectiveMinor: 9950, quantity: 1, steps: [] });
  });

  it("prefers the smaller bundle when two bundles give the same price per item", () => {
    // 2件9折 and 买9送1 both come to ¥90.00 an item; nobody needs to buy ten.
    expect(price(10000, ["2件9折", "买9送1"])).toMatchObject({ effectiveMinor: 9000, quantity: 2 });
    expect(price(10000, ["买9送1", "2件9折"])).toMatchObject({ effectiveMinor: 9000, quantity: 2 });
    expect(price(10000, ["买9送1", "第二件8折"])).toMatchObject({ effectiveMinor: 9000, quantity: 2 });
  });

  it("takes the cheaper bundle per item, however many items it needs", () => {
    expect(price(10000, ["买9送1", "第二件9折"])).toMatchObject({ effectiveMinor: 9000, quantity: 10 });
  });
});

describe("effectivePrice: reporting", () => {
  it("reports only the promotions that yielded nothing", () => {
    const r = price(19900, ["满199包邮", "满199减20"]);
    expect(r.ignored).toEqual(["满199包邮"]);
    expect(r.effectiveMinor).toBe(17900);
  });
});

describe("effectivePrice: input bounds", () => {
  const bad = (input: Partial<Parameters<typeof effectivePrice>[0]>, message: RegExp) =>
    expect(() =>
      effectivePrice({ listedMinor: 100, promotions: [], packs: 1, unitsPerPack: null, ...input }),
    ).toThrow(expect.objectContaining({ code: "BAD_INPUT", message: expect.stringMatching(message) }));

  it("accepts listed prices from 0 to ¥100bn and refuses the rest", () => {
    expect(price(0, []).effectiveMinor).toBe(0);
    expect(price(10_000_000_000_000, []).effectiveMinor).toBe(10_000_000_000_000);
    bad({ listedMinor: -1 }, /^effectivePrice: listedMinor must be an integer from 0 to 10000000000000$/);
    bad({ listedMinor: 10_000_000_000_001 }, /listedMinor/);
  });

  it("refuses a pack count or units per pack that is not a positive integer", () => {
    bad({ packs: 1.5 }, /^effectivePrice: packs must be a positive integer$/);
    bad({ unitsPerPack: 0 }, /^effectivePrice: unitsPerPack must be a positive integer or null$/);
    bad({ unitsPerPack: 2.5 }, /unitsPerPack/);
    expect(effectivePrice({ listedMinor: 100, promotions: [], packs: 1, unitsPerPack: 1 }).perUnitMinor).toBe(
      100,
    );
  });

  it("accepts a threshold basket of 1 to 100 items", () => {
    expect(price(100, [], { quantityForThresholds: 1 }).quantity).toBe(1);
    expect(price(100, [], { quantityForThresholds: 100 }).quantity).toBe(100);
    bad(
      { quantityForThresholds: 101 },
      /^effectivePrice: quantityForThresholds must be an integer from 1 to 100$/,
    );
    bad({ quantityForThresholds: 0 }, /quantityForThresholds/);
    bad({ quantityForThresholds: 1.5 }, /quantityForThresholds/);
  });

  it("throws the project's error type", () => {
    expect(() => price(-5, [])).toThrow(PricewardenError);
  });
});
