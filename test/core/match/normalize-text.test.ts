import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText, normalizeText } from "../../../functions/core/match/normalize-text.js";

describe("normalizeText", () => {
  it("folds full width, case, traditional characters, spaces and punctuation", () => {
    expect(normalizeText("【安可】 血糖試紙 ５０片")).toBe("安可血糖试纸50片");
    expect(normalizeText("ＡＮＫＥ　Blood-Glucose")).toBe("ankebloodglucose");
    expect(normalizeText("醫療器械專營店")).toBe("医疗器械专营店");
    expect(normalizeText("衞生")).toBe("卫生");
  });

  it("drops invisible characters and trademark signs that would defeat matching", () => {
    expect(normalizeText("安\u200b可®血糖\u00ad试纸™")).toBe("安可血糖试纸");
  });

  it("returns an empty string for text that is only punctuation or space", () => {
    expect(normalizeText(" 【】，。!  ")).toBe("");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
    const cjk = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
    });
    fc.assert(
      fc.property(cjk, (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("settles the OpenCC chains that are not idempotent in one pass", () => {
    const once = normalizeText("什麼");
    expect(normalizeText(once)).toBe(once);
  });
});

describe("foldText", () => {
  it("keeps the punctuation that promotion and pack grammars need", () => {
    expect(foldText("５０片＊２盒　滿１９９減２０")).toBe("50片*2盒 满199减20");
  });

  it("is idempotent, and normalizing folded text equals normalizing the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const folded = foldText(s);
        expect(foldText(folded)).toBe(folded);
        expect(normalizeText(folded)).toBe(normalizeText(s));
      }),
      { numRuns: 300 },
    );
  });
});
