import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCount } from "../../functions/core/chinese-count.js";

const NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

function write(n: number): string {
  if (n < 10) return NUMERALS[n] ?? "";
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}

describe("parseCount", () => {
  it("reads digits and Chinese numerals", () => {
    expect(parseCount("3")).toBe(3);
    expect(parseCount("两")).toBe(2);
    expect(parseCount("十")).toBe(10);
    expect(parseCount("十二")).toBe(12);
    expect(parseCount("二十")).toBe(20);
    expect(parseCount("九十九")).toBe(99);
  });

  it("rejects what is not a count", () => {
    expect(parseCount("")).toBeNull();
    expect(parseCount("二二")).toBeNull();
    expect(parseCount("两十")).toBeNull();
    expect(parseCount("三七")).toBeNull();
  });

  it("round-trips every count from 1 to 99", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), (n) => {
        expect(parseCount(write(n))).toBe(n);
        expect(parseCount(String(n))).toBe(n);
      }),
    );
  });
});
