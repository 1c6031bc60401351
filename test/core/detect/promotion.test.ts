import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  discountToBasisPoints,
  type Offer,
  parsePromotion,
} from "../../../functions/core/detect/promotion.js";
import { foldText } from "../../../functions/core/match/normalize-text.js";

const offers = (text: string): Offer[] => parsePromotion(text).offers;

describe("parsePromotion", () => {
  it("reads coupons with and without thresholds", () => {
    expect(offers("领券满199减20")).toEqual([
      expect.objectContaining({
        type: "threshold",
        source: "coupon",
        thresholdMinor: 19900,
        amountMinor: 2000,
      }),
    ]);
    expect(offers("领券减20")).toEqual([
      expect.objectContaining({ type: "threshold", source: "coupon", thresholdMinor: 0, amountMinor: 2000 }),
    ]);
    expect(offers("20元优惠券")).toEqual([expect.objectContaining({ source: "coupon", amountMinor: 2000 })]);
    expect(offers("优惠券 满100元可用 减10元")).toEqual([
      expect.objectContaining({ source: "coupon", thresholdMinor: 10000, amountMinor: 1000 }),
    ]);
  });

  it("reads store 满减, per-step 满减 with a cap, and threshold percentages", () => {
    expect(offers("满199减20")).toEqual([
      expect.objectContaining({ type: "threshold", source: "store", every: false, thresholdMinor: 19900 }),
    ]);
    expect(offers("每满100减10，最高减50")).toEqual([
      expect.objectContaining({ type: "threshold", every: true, amountMinor: 1000, capMinor: 5000 }),
    ]);
    expect(offers("满299打9折")).toEqual([
      expect.objectContaining({ type: "threshold-percent", thresholdMinor: 29900, bp: 9000 }),
    ]);
  });

  it("reads alternative and stated prices", () => {
    expect(offers("拼团价 ¥89")).toEqual([{ type: "price", text: "拼团价¥89", priceMinor: 8900 }]);
    expect(offers("2人团 ￥89.5")).toEqual([expect.objectContaining({ type: "price", priceMinor: 8950 })]);
    expect(offers("限时直降至99元")).toEqual([expect.objectContaining({ type: "price", priceMinor: 9900 })]);
    expect(offers("到手价¥139")).toEqual([{ type: "final", text: "到手价¥139", priceMinor: 13900 }]);
  });

  it("reads direct reductions and percentages", () => {
    expect(offers("限时直降20元")).toEqual([
      expect.objectContaining({ type: "reduction", amountMinor: 2000 }),
    ]);
    expect(offers("下单立减5.5")).toEqual([expect.objectContaining({ type: "reduction", amountMinor: 550 })]);
    expect(offers("限时8.5折")).toEqual([expect.objectContaining({ type: "percent", bp: 8500 })]);
    expect(offers("会员九五折")).toEqual([expect.objectContaining({ type: "percent", bp: 9500 })]);
  });

  it("reads multi-buy offers", () => {
    expect(offers("第二件半价")).toEqual([expect.objectContaining({ kind: "nth", items: 2, bp: 5000 })]);
    expect(offers("第2件0元")).toEqual([expect.objectContaining({ kind: "nth", items: 2, bp: 0 })]);
    expect(offers("第三件8折")).toEqual([expect.objectContaining({ kind: "nth", items: 3, bp: 8000 })]);
    expect(offers("第2件1元")).toEqual([
      expect.objectContaining({ kind: "nth-price", items: 2, priceMinor: 100 }),
    ]);
    expect(offers("买2送1")).toEqual([expect.objectContaining({ kind: "free", items: 3, paid: 2 })]);
    expect(offers("买一送一")).toEqual([expect.objectContaining({ kind: "free", items: 2, paid: 1 })]);
    expect(offers("2件9折")).toEqual([expect.objectContaining({ kind: "percent", items: 2, bp: 9000 })]);
    expect(offers("满2件减10")).toEqual([
      expect.objectContaining({ kind: "reduction", items: 2, amountMinor: 1000 }),
    ]);
    expect(offers("任选2件99元")).toEqual([
      expect.objectContaining({ kind: "fixed", items: 2, priceMinor: 9900 }),
    ]);
  });

  it("reads several offers from one text and classifies by what is left", () => {
    expect(offers("券后¥179 满199减20").map((o) => o.type)).toEqual(["final", "threshold"]);
    expect(offers("券后¥179 满199减20")[1]).toMatchObject({ source: "store" });
  });

  it("yields nothing for texts that are not price promotions", () => {
    for (const text of ["满199包邮", "买2盒送体温计", "赠品：采血针", "正品保障", "满减", "0折", "12345折"]) {
      expect(offers(text), text).toEqual([]);
    }
  });

  it("refuses amounts too large to be a promotion", () => {
    expect(offers("立减99999999999")).toEqual([]);
  });

  it("is idempotent: folding the text first changes nothing", () => {
    const grammar = fc
      .tuple(
        fc.constantFrom(
          "领券",
          "满",
          "每满",
          "立减",
          "第二件",
          "买2送1",
          "拼团价",
          "",
          " ",
          "券",
          "折",
          "件",
        ),
        fc.constantFrom("199", "20", "8.5", "２０", "", "¥", "￥", "減"),
        fc.constantFrom("减", "元", "折", "半价", ""),
        fc.constantFrom("20", "10", "9", ""),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(grammar, fc.string({ maxLength: 30 })), (text) => {
        const direct = parsePromotion(text).offers;
        expect(parsePromotion(foldText(text)).offers).toEqual(direct);
        expect(parsePromotion(text).offers).toEqual(direct);
      }),
      { numRuns: 500 },
    );
  });
});

describe("discountToBasisPoints", () => {
  it("reads the ways a 折 is written", () => {
    expect(discountToBasisPoints("8")).toBe(8000);
    expect(discountToBasisPoints("8.5")).toBe(8500);
    expect(discountToBasisPoints("85")).toBe(8500);
    expect(discountToBasisPoints("8.88")).toBe(8880);
    expect(discountToBasisPoints("八")).toBe(8000);
    expect(discountToBasisPoints("八五")).toBe(8500);
    expect(discountToBasisPoints("0")).toBeNull();
    expect(discountToBasisPoints("100")).toBeNull();
  });
});

describe("a price stated after the coupon", () => {
  it("reads 券后低至¥X as the final price, never as an amount off", () => {
    for (const text of ["券后低至¥47.30", "券后仅需¥47.30", "券后¥47.30"])
      expect(parsePromotion(text).offers, text).toEqual([{ type: "final", text: text, priceMinor: 4730 }]);
  });
});

describe("English promotion wording", () => {
  const cases: [string, Offer[]][] = [
    ["Save ¥26.00", [{ type: "reduction", text: "立减26.00", amountMinor: 2600 }]],
    ["¥5 off", [{ type: "reduction", text: "立减5", amountMinor: 500 }]],
    ["20% off", [{ type: "percent", text: "8折", bp: 8000 }]],
    // A percentage saved is a discount, never an amount off ("save 10%" is not ¥10).
    ["save 10%", [{ type: "percent", text: "9折", bp: 9000 }]],
    ["Buy 3, save 10%", [{ type: "multi-buy", text: "3件9折", kind: "percent", items: 3, bp: 9000 }]],
    [
      "Buy 2 and save 15% off",
      [{ type: "multi-buy", text: "2件8.5折", kind: "percent", items: 2, bp: 8500 }],
    ],
    [
      "Buy 2, get the 2nd at half price",
      [{ type: "multi-buy", text: "第2件半价", kind: "nth", items: 2, bp: 5000 }],
    ],
    ["Buy 2 get 1 free", [{ type: "multi-buy", text: "买2送1", kind: "free", items: 3, paid: 2 }]],
    [
      "Coupon: ¥5.00 off orders over ¥49.00",
      [
        {
          type: "threshold",
          source: "coupon",
          text: "满49.00减5.00",
          thresholdMinor: 4900,
          amountMinor: 500,
          every: false,
          capMinor: null,
        },
      ],
    ],
    [
      "Spend ¥312.00, save ¥51.00",
      [
        {
          type: "threshold",
          source: "store",
          text: "满312.00减51.00",
          thresholdMinor: 31200,
          amountMinor: 5100,
          every: false,
          capMinor: null,
        },
      ],
    ],
    [
      "10% off orders over ¥100",
      [{ type: "threshold-percent", source: "store", text: "满100元打9折", thresholdMinor: 10000, bp: 9000 }],
    ],
    ["Your price ¥27.37", [{ type: "final", text: "到手价27.37", priceMinor: 2737 }]],
    ["Members save ¥10", []],
    // A window that ran from a banner's last word into the next block's prices states no offer.
    ["coupon ¥ 114.00 ¥141.00 Sold by HealthHub", []],
  ];

  it("reads as the Chinese wording it means, and re-reads its own offer texts alike", () => {
    for (const [text, expected] of cases) {
      const { offers } = parsePromotion(text);
      expect(offers, text).toEqual(expected);
      // The rewritten text keeps the offer; whether it was a coupon is read from the whole text.
      const withoutSource = (o: Offer) => ({ ...o, source: undefined });
      for (const o of offers)
        expect(parsePromotion(o.text).offers.map(withoutSource), o.text).toEqual([withoutSource(o)]);
    }
  });
});
