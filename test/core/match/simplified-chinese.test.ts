import { join } from "node:path";
import fc from "fast-check";
import { Locale } from "opencc-js/t2cn";
import { describe, expect, it } from "vitest";
import { productAt, productHtml } from "../../../bench/catalog.js";
import {
  dictionaryPairs,
  screenInUse,
  toSimplified,
  toSimplifiedWhole,
} from "../../../functions/core/match/simplified-chinese.js";
import { decodeBody } from "../../../functions/crawl/decode-charset.js";
import { visibleText } from "../../../functions/html/page-text.js";
import { readManifest, readPageBytes } from "../../extract/score.js";
import { realFixturesDir } from "../../support/real-fixtures.js";

// Characters the screen treats differently: keys that change text, their first two characters,
// characters of keys that map to themselves, and characters outside every key.
function dictionaryKeys(): string[] {
  const configs = (Locale as { configs: Record<string, unknown> }).configs;
  const pairs: Array<[string, string]> = [];
  dictionaryPairs([configs["tw2s"], configs["hk2s"]], pairs);
  return pairs.map(([key]) => key);
}

const keys = dictionaryKeys();
const longKeys = keys.filter((k) => [...k].length > 1);
const pieces = fc.oneof(
  fc.constantFrom(...keys),
  fc.constantFrom(...longKeys).map((k) => [...k].slice(0, 2).join("")),
  fc.constantFrom(...longKeys).map((k) => [...k].slice(1).join("")),
  fc.constantFrom(...keys).map((k) => [...k][0] ?? ""),
  fc.constantFrom(
    "的",
    "了",
    "血糖",
    "试纸",
    "片",
    "盒",
    "满199减20",
    " ",
    "　",
    "·",
    "，",
    "。",
    "a",
    "Z",
    "5",
    "\u2ff0",
    "\u2ff1",
    "𠀀",
    "\ud800",
    "\udc00",
    "\u200b",
  ),
  fc.string({ unit: "grapheme", maxLength: 4 }),
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
);

describe("toSimplified", () => {
  it("reads the dictionaries of the installed OpenCC and screens with them", () => {
    expect(keys.length).toBeGreaterThan(5000);
    expect(keys.every((k) => k !== "" && !k.includes(" "))).toBe(true);
    expect(screenInUse()).toBe(true);
  });

  it("converts traditional Taiwan and Hong Kong text", () => {
    expect(toSimplified("醫療器械專營店")).toBe("医疗器械专营店");
    expect(toSimplified("衞生 血糖試紙")).toBe("卫生 血糖试纸");
    expect(toSimplified("安可血糖试纸 50片")).toBe("安可血糖试纸 50片");
  });

  it("gives the converters' result on text built from dictionary keys, their parts and other characters", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join("");
        expect(toSimplified(text)).toBe(toSimplifiedWhole(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the converters' result on whole page texts, simplified and traditional", () => {
    const texts = [0, 1, 2].map((i) => visibleText(productHtml(productAt(i), { count: 100 })));
    texts.push(
      toSimplifiedWhole(texts[0] ?? "").replace(
        /[试纸医疗]/g,
        (c) => ({ 试: "試", 纸: "紙", 医: "醫", 疗: "療" })[c] ?? c,
      ),
    );
    if (realFixturesDir) {
      const dir = join(realFixturesDir, "product-pages");
      for (const page of readManifest(dir))
        texts.push(visibleText(decodeBody(readPageBytes(dir, page), null).text));
    }
    // Page text is kept to 20,000 characters (extract-listing.ts); the whole conversion is slow.
    for (const text of texts.map((t) => t.slice(0, 20_000)))
      expect(toSimplified(text)).toBe(toSimplifiedWhole(text));
  });
});
