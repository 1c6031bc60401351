import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Product } from "../../../functions/core/config.js";
import {
  MATCH_THRESHOLD,
  type MatchListing,
  matchProduct,
} from "../../../functions/core/match/product-match.js";

function product(sku: string, keywords: string[][], ids: string[] = [], packSize?: number): Product {
  return {
    sku,
    name: sku,
    match: { keywords, ids, ...(packSize === undefined ? {} : { packSize }) },
    category: "device",
    onlineSaleProhibited: false,
  };
}

function listing(title: string, extra: Partial<MatchListing> = {}): MatchListing {
  return { title, identifiers: [], pageText: "", packSize: null, ...extra };
}

const glu50 = product("GLU-50", [["安可", "血糖试纸"]], ["国械注准20193070123"], 50);
const glu25 = product("GLU-25", [["安可", "血糖试纸"]], ["国械注准20193070123"], 25);
const meter = product("METER", [["安可", "血糖仪"]], ["6901234567890"]);
const products = [glu50, glu25, meter];

describe("matchProduct", () => {
  it("takes an explicit sku at full confidence", () => {
    const r = matchProduct(products, listing("anything 2盒"), { explicitSku: "METER" });
    expect(r).toMatchObject({
      kind: "matched",
      sku: "METER",
      confidence: 1,
      matchedBy: "explicit",
      packs: 2,
    });
  });

  it("keeps an explicit sku but notes a contradicting pack size", () => {
    const r = matchProduct(products, listing("安可血糖试纸25片"), { explicitSku: "GLU-50" });
    expect(r.kind).toBe("matched");
    if (r.kind === "matched") expect(r.evidence.join()).toContain("25 units per pack");
  });

  it("reports an explicit sku that is not configured", () => {
    const r = matchProduct(products, listing("安可血糖试纸"), { explicitSku: "NOPE" });
    expect(r).toMatchObject({ kind: "unmatched", mentionsBrand: true });
  });

  it("matches keywords with an agreeing pack size above the bare keyword score", () => {
    const r = matchProduct(products, listing("【安可】血糖試紙 50片*2盒 正品"));
    expect(r).toMatchObject({
      kind: "matched",
      sku: "GLU-50",
      matchedBy: "keywords",
      packs: 2,
      unitsPerPack: 50,
    });
    if (r.kind === "matched") expect(r.confidence).toBeGreaterThan(0.8);
  });

  it("leaves a listing whose pack size contradicts every candidate unmatched, with the reason", () => {
    const r = matchProduct([glu50], listing("安可血糖试纸25片"));
    expect(r.kind).toBe("unmatched");
    if (r.kind === "unmatched") {
      expect(r.reason).toContain("25 units per pack");
      expect(r.candidates[0]?.sku).toBe("GLU-50");
      expect(r.candidates[0]?.confidence).toBeLessThan(MATCH_THRESHOLD);
    }
  });

  it("is ambiguous when two products match equally", () => {
    const r = matchProduct(products, listing("安可血糖试纸 正品"));
    expect(r.kind).toBe("unmatched");
    if (r.kind === "unmatched") {
      expect(r.reason).toContain("ambiguous");
      expect(r.candidates.map((c) => c.sku).sort()).toEqual(["GLU-25", "GLU-50"]);
    }
  });

  it("uses the pack size to pick between SKUs that share an approval number", () => {
    const r = matchProduct(products, listing("血糖试纸25片", { identifiers: ["国械注准 20193070123"] }));
    expect(r).toMatchObject({ kind: "matched", sku: "GLU-25", matchedBy: "identifier" });
  });

  it("finds identifiers in the title and page text with separators, but not inside longer numbers", () => {
    expect(matchProduct(products, listing("血糖仪 690-1234-567890"))).toMatchObject({
      sku: "METER",
      confidence: 0.95,
    });
    expect(matchProduct(products, listing("血糖仪", { pageText: "条码：6901234567890" }))).toMatchObject({
      sku: "METER",
      confidence: 0.9,
    });
    expect(matchProduct(products, listing("血糖仪", { pageText: "69012345678901" })).kind).toBe("unmatched");
    expect(
      matchProduct(products, listing("血糖仪", { identifiers: ["６９０１２３４５６７８９０"] })),
    ).toMatchObject({
      sku: "METER",
      matchedBy: "identifier",
    });
  });

  it("uses the listing's pack-size field when the title has none", () => {
    const r = matchProduct(products, listing("安可血糖试纸", { packSize: 25 }));
    expect(r).toMatchObject({ kind: "matched", sku: "GLU-25", unitsPerPack: 25 });
  });

  it("flags brand mentions on unmatched listings for review", () => {
    expect(matchProduct(products, listing("安可 电子血压计"))).toMatchObject({
      kind: "unmatched",
      mentionsBrand: true,
    });
    expect(matchProduct(products, listing("某牌 血压计"))).toMatchObject({
      kind: "unmatched",
      mentionsBrand: false,
      candidates: [],
    });
    expect(matchProduct(products, listing("", { title: null })).kind).toBe("unmatched");
  });

  it("needs every word of a group", () => {
    expect(matchProduct([meter], listing("血糖仪")).kind).toBe("unmatched");
    expect(matchProduct([meter], listing("安可 血糖仪")).kind).toBe("matched");
  });

  it("never matches below the threshold and keeps confidences in 0..1", () => {
    const words = fc.constantFrom(
      "安可",
      "血糖试纸",
      "血糖仪",
      "25片",
      "50片",
      "2盒",
      "正品",
      "6901234567890",
      " ",
    );
    fc.assert(
      fc.property(
        fc.array(words, { maxLength: 6 }),
        fc.option(fc.constantFrom(25, 50)),
        (parts, packSize) => {
          const r = matchProduct(products, listing(parts.join(""), { packSize }));
          if (r.kind === "matched") {
            expect(r.confidence).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
            expect(r.confidence).toBeLessThanOrEqual(1);
          } else {
            for (const c of r.candidates) expect(c.confidence >= 0 && c.confidence <= 1).toBe(true);
          }
        },
      ),
    );
  });

  it("does not depend on the order of the products", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(products, { minLength: products.length, maxLength: products.length }),
        fc.constantFrom("安可血糖试纸50片", "安可血糖试纸", "安可血糖仪", "血糖试纸25片 国械注准20193070123"),
        (order, title) => {
          expect(matchProduct(order, listing(title))).toEqual(matchProduct(products, listing(title)));
        },
      ),
    );
  });
});
