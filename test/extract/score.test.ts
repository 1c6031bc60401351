import { describe, expect, it } from "vitest";
import { canonicalDecimal, expectedPriceValues, judge, scoreCounts } from "./score.js";

describe("scorer", () => {
  it("compares prices as decimals and reads expected values as the page wrote them", () => {
    expect(canonicalDecimal("49.00")).toBe("49");
    expect(canonicalDecimal("019.50")).toBe("19.5");
    expect(expectedPriceValues(["229.99 "]).has("229.99")).toBe(true);
    expect(expectedPriceValues(["23.450"]).has("23450")).toBe(true);
  });

  it("counts a wrong value as both a false positive and a false negative", () => {
    const wanted = new Set(["10"]);
    expect(judge("10", wanted)).toBe("tp");
    expect(judge("11", wanted)).toBe("fp+fn");
    expect(judge(null, wanted)).toBe("fn");
    expect(judge("10", new Set())).toBe("fp");
    expect(judge(null, new Set())).toBe("tn");
    expect(scoreCounts({ tp: 8, fp: 2, fn: 2 }).f1).toBeCloseTo(0.8);
  });
});
