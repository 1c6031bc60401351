import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Product } from "../../../functions/core/config.js";
import {
  catalogIndex,
  identifierPattern,
  identifiersIn,
  MIN_SEARCHED_ID,
} from "../../../functions/core/match/catalog-index.js";
import { normalizeText } from "../../../functions/core/match/normalize-text.js";

function product(sku: string, ids: string[], keywords: string[][] = []): Product {
  return { sku, name: sku, match: { keywords, ids }, category: "device", onlineSaleProhibited: false };
}

// Identifier characters (after normalizeText: letters, marks, digits) and what surrounds them in
// page text: the separators the pattern allows, other punctuation, letters that may glue on.
const idChar = fc.constantFrom(..."0123456789abcz", "国", "械", "注", "准", "Ⅱ", "é", "𠀀");
const textChar = fc.oneof(
  idChar,
  fc.constantFrom(" ", "-", "_", ".", "·", "/", ":", "(", ")", "\u3000", "\u00a0", "\n", "，", "#", "x", "A"),
);
const id = fc
  .string({ unit: idChar, minLength: MIN_SEARCHED_ID, maxLength: 9 })
  .filter((s) => s.length >= MIN_SEARCHED_ID);

describe("identifiersIn", () => {
  it("keeps every identifier its pattern finds in the text", () => {
    fc.assert(
      fc.property(
        fc.array(id, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(fc.string({ unit: textChar, maxLength: 6 }), id), { maxLength: 12 }),
        fc.array(fc.string({ unit: textChar, maxLength: 2 }), { maxLength: 12 }),
        (raw, pieces, glue) => {
          // The catalogue keeps identifiers normalized ("Ⅱ" is "ii"); matching searches folded text.
          const ids = raw.map(normalizeText).filter((i) => i.length >= MIN_SEARCHED_ID);
          // Identifiers written with separators between their characters, among other text.
          const spread = ids.map((i) => [...i].join(glue[i.length % Math.max(1, glue.length)] ?? ""));
          const text = [...pieces, ...spread].join(glue[0] ?? "");
          const index = catalogIndex([product("P", raw)]);
          const found = identifiersIn(index, text);
          for (const i of ids) if (identifierPattern(i).test(text)) expect(found.has(i)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("finds identifiers split by separators and leaves out absent ones", () => {
    const index = catalogIndex([
      product("A", ["6901234567890", "国械注准20193070123"]),
      product("B", ["a1"]),
    ]);
    const found = identifiersIn(index, "条码 690-1234 567890，注册证号：国械注准 2019·307/0123");
    expect([...found].sort()).toEqual(["6901234567890", "国械注准20193070123"]);
    expect(identifiersIn(index, "6901234567891 only")).toEqual(new Set());
  });
});

describe("catalogIndex", () => {
  it("is built once per products list", () => {
    const products = [product("A", ["6901234567890"], [["安可", "血糖试纸"]])];
    const index = catalogIndex(products);
    expect(catalogIndex(products)).toBe(index);
    expect(catalogIndex([...products])).not.toBe(index);
    expect(index.entries[0]?.keywords).toEqual([
      { group: ["安可", "血糖试纸"], words: ["安可", "血糖试纸"] },
    ]);
    expect(index.brandWords).toEqual(["安可"]);
  });

  it("does not search identifiers too short to be told from chance", () => {
    const index = catalogIndex([product("A", ["a1b2"])]);
    expect(index.entries[0]?.ids).toEqual([{ raw: "a1b2", id: "a1b2", pattern: null }]);
    expect(identifiersIn(index, "a1b2")).toEqual(new Set());
  });
});
