import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePackInfo } from "../../../functions/core/detect/pack-size.js";

const cases: [string, number, number | null][] = [
  ["安可血糖试纸50片", 1, 50],
  ["安可血糖试纸 50片*2盒", 2, 50],
  ["安可血糖试纸50片×3", 3, 50],
  ["安可血糖试纸 50条 x3", 3, 50],
  ["2盒装 安可血糖试纸", 2, null],
  ["安可血糖试纸 3盒", 3, null],
  ["安可血糖试纸 两盒", 2, null],
  ["安可血糖试纸 三盒装", 3, null],
  ["安可体温计 3件套", 3, null],
  ["安可血糖试纸 *3", 3, null],
  ["安可血糖試紙５０片＊２盒", 2, 50],
  ["100片(50片*2盒)", 2, 50],
  ["50片/盒 共100片", 2, 50],
  ["0.25g*24粒/盒", 1, 24],
  ["24粒x2板", 1, 24],
  ["10cm*10cm 敷贴", 1, null],
  ["安可MX3 血糖仪", 1, null],
  ["一次性使用采血针", 1, null],
  ["三七粉", 1, null],
];

describe("parsePackInfo", () => {
  it.each(cases)("%s → %i packs of %s", (title, packs, units) => {
    const info = parsePackInfo(title);
    expect(info.packs).toBe(packs);
    expect(info.unitsPerPack).toBe(units);
  });

  it("does not read promotions as pack counts", () => {
    for (const title of [
      "买2送1 安可血糖试纸50片",
      "第二件半价 安可血糖试纸50片",
      "2件9折 安可血糖试纸50片",
      "送1盒 安可血糖试纸50片",
    ]) {
      const info = parsePackInfo(title);
      expect(info.packs, title).toBe(1);
      expect(info.unitsPerPack, title).toBe(50);
    }
    expect(parsePackInfo("买2送1").evidence.join()).toContain("买2送1");
  });

  it("explains what it read", () => {
    expect(parsePackInfo("安可血糖试纸50片*2盒").evidence).toEqual([
      'packs 2 from "2盒"',
      '50 units per pack from "50片"',
    ]);
  });

  it("reports conflicting counts and keeps the first", () => {
    const info = parsePackInfo("2盒 3盒");
    expect(info.packs).toBe(2);
    expect(info.evidence.join()).toContain("conflicting pack counts 2, 3");
  });

  it("falls back to the listing's pack-size field only when the title states no units", () => {
    expect(parsePackInfo("安可血糖试纸", 50).unitsPerPack).toBe(50);
    expect(parsePackInfo("安可血糖试纸25片", 50).unitsPerPack).toBe(25);
  });

  it("ignores absurd counts", () => {
    expect(parsePackInfo("安可 500盒").packs).toBe(1);
    expect(parsePackInfo("安可 99999片").unitsPerPack).toBeNull();
  });

  it("reads generated titles back and always returns a sane result", () => {
    const words = fc.constantFrom("安可", "血糖试纸", "正品", "【官方】", "包邮", " ", "医用");
    fc.assert(
      fc.property(
        fc.array(words, { maxLength: 3 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom("*", "×", "x"),
        (prefix, units, packs, times) => {
          const info = parsePackInfo(`${prefix.join("")}${units}片${times}${packs}盒`);
          expect(info.unitsPerPack).toBe(units);
          expect(info.packs).toBe(packs);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (title) => {
        const info = parsePackInfo(title);
        expect(Number.isInteger(info.packs) && info.packs >= 1 && info.packs <= 100).toBe(true);
        expect(info.unitsPerPack === null || (info.unitsPerPack >= 1 && info.unitsPerPack <= 10_000)).toBe(
          true,
        );
      }),
    );
  });

  it("is invariant under full-width forms and traditional characters", () => {
    expect(parsePackInfo("安可血糖試紙５０片×３盒")).toEqual(parsePackInfo("安可血糖试纸50片×3盒"));
  });
});
