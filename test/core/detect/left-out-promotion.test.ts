import { describe, expect, it } from "vitest";
import { PriceFactsSchema } from "../../../functions/core/detect/explanation-facts.js";
import { priceWorkingFacts } from "../../../functions/core/detect/rules/finding-base.js";
import { priceBreakdown } from "../../../functions/stages/price-breakdown.js";
import { priceWorkingText } from "../../../functions/text/explanation-text.js";

const listing = (price: string, promotions: string[]) => ({
  price,
  currency: "CNY",
  promotions,
  finalPrice: null,
});

describe("a promotion left out of the price", () => {
  it("keeps the listed price and says, in the alert's price working, what was left out and why", () => {
    const price = priceBreakdown(listing("7.37", ["券立减15元", "满299减30"]), "CNY", 1, null);
    expect(price?.effectiveMinor).toBe(737);
    expect(price?.leftOut).toEqual(["券立减15元"]);
    const facts = PriceFactsSchema.parse(priceWorkingFacts(price!, 1));
    expect(facts.ignored).toEqual(["券立减15元"]);
    const zh = priceWorkingText(facts, "CNY", "zh-CN");
    expect(zh).toContain("标价 ¥7.37");
    expect(zh).toContain("未计入：「券立减15元」");
    expect(zh).not.toContain("¥0.00");
    expect(priceWorkingText(facts, "CNY", "en")).toContain("left out");
  });

  it("says nothing when every promotion either applied or did not apply to the basket", () => {
    const price = priceBreakdown(listing("319.00", ["满300减50", "满199包邮"]), "CNY", 1, null);
    expect(price?.effectiveMinor).toBe(26900);
    expect(price?.leftOut).toBeUndefined();
    const facts = PriceFactsSchema.parse(priceWorkingFacts(price!, 1));
    expect(priceWorkingText(facts, "CNY", "zh-CN")).not.toContain("未计入");
  });
});
