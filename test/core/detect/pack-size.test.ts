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
  ["24粒x2板", 1, 48],
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

// Issue 13: a specification describes one pack; only containers sold together multiply packs.
const notations: [string, number, number | null][] = [
  ["0.1g×100片", 1, 100],
  ["维生素C片 0.1g×100", 1, 100],
  ["3g*10袋", 1, 10],
  ["0.5g*24片*2盒", 2, 24],
  ["5ml:0.1g×6支", 1, 6],
  ["10片×3板", 1, 30],
  ["0.25g×12片×2板×3盒", 3, 24],
  ["×2盒", 2, null],
  ["3盒装", 3, null],
  ["2瓶", 2, null],
  ["2瓶装", 2, null],
  ["2盒装", 2, null],
  ["x2盒", 2, null],
  ["*2瓶", 2, null],
  ["3瓶/组", 3, null],
  ["礼盒装 安可血糖试纸 50片", 1, 50],
  ["1盒", 1, null],
  ["每盒10袋", 1, 10],
  ["共20片", 1, 20],
  ["100片/瓶", 1, 100],
  ["60粒*3瓶", 3, 60],
  ["安可血糖试纸 50片*2盒", 2, 50],
  ["一次性采血针 100支/盒", 1, 100],
  ["退热贴 7贴/盒", 1, 7],
  ["维生素D3 400IU*60粒", 1, 60],
  ["10只*3袋装", 3, 10],
  ["医用外科口罩 S/M/L 10只", 1, 10],
  ["安可 型号 MX-3 血压计", 1, null],
  ["益生菌 3个月 30袋", 1, 30],
];

describe("parsePackInfo on pack notation", () => {
  it.each(notations)("%s → %i packs of %s", (title, packs, units) => {
    const info = parsePackInfo(title);
    expect(info.packs).toBe(packs);
    expect(info.unitsPerPack).toBe(units);
  });

  it("never reads a large bare multiplier as packs, and says so", () => {
    expect(parsePackInfo("维生素C ×100")).toEqual({
      packs: 1,
      unitsPerPack: null,
      evidence: ['ignored "×100": a bare multiplier above 10 is ambiguous'],
    });
    expect(parsePackInfo("安可血糖试纸 ×10").packs).toBe(10);
  });

  it("explains layouts, bare counts and totals", () => {
    expect(parsePackInfo("10片×3板").evidence).toEqual(['30 units per pack from "10片×3板"']);
    expect(parsePackInfo("0.1g×100").evidence).toEqual(['100 units per pack from "0.1g×100"']);
    expect(parsePackInfo("共20片").evidence).toEqual(['20 units per pack from total "共20片"']);
    expect(parsePackInfo("2盒 共100片")).toEqual({
      packs: 2,
      unitsPerPack: 50,
      evidence: ['packs 2 from "2盒"', '50 units per pack from total "共100片"'],
    });
    expect(parsePackInfo("50片/盒 共100片").evidence).toEqual([
      '50 units per pack from "50片"',
      'packs 2 from total "共100片"',
    ]);
  });

  it("reads packs from a total only when the title states none", () => {
    expect(parsePackInfo("50片×2盒 共200片")).toMatchObject({ packs: 2, unitsPerPack: 50 });
    expect(parsePackInfo("50片 共50片").evidence).toEqual(['50 units per pack from "50片"']);
    expect(parsePackInfo("1盒").evidence).toEqual(['packs 1 from "1盒"']);
  });

  it("uses a total only when it divides evenly", () => {
    expect(parsePackInfo("50片 共120片")).toMatchObject({ packs: 1, unitsPerPack: 50 });
    expect(parsePackInfo("50片 共50片")).toMatchObject({ packs: 1, unitsPerPack: 50 });
    expect(parsePackInfo("1片 共100片")).toMatchObject({ packs: 100, unitsPerPack: 1 });
    expect(parsePackInfo("1片 共101片")).toMatchObject({ packs: 1, unitsPerPack: 1 });
    expect(parsePackInfo("3盒 共100片", 20)).toMatchObject({ packs: 3, unitsPerPack: 20 });
    expect(parsePackInfo("3盒 共99片")).toMatchObject({ packs: 3, unitsPerPack: 33 });
    expect(parsePackInfo("共10001片").unitsPerPack).toBeNull();
  });

  it("keeps counts and packs within bounds, at the bounds", () => {
    expect(parsePackInfo("安可 100盒").packs).toBe(100);
    expect(parsePackInfo("安可 101盒").packs).toBe(1);
    expect(parsePackInfo("安可 0盒").packs).toBe(1);
    expect(parsePackInfo("安可 10000片").unitsPerPack).toBe(10_000);
    expect(parsePackInfo("安可 10001片").unitsPerPack).toBeNull();
    expect(parsePackInfo("安可 0片").unitsPerPack).toBeNull();
    expect(parsePackInfo("5000片×2板").unitsPerPack).toBe(10_000);
    expect(parsePackInfo("5001片×2板").unitsPerPack).toBeNull();
  });

  it("takes the smaller count as per pack only when packs make up the larger", () => {
    expect(parsePackInfo("100片 50片")).toEqual({
      packs: 1,
      unitsPerPack: 100,
      evidence: ["conflicting unit counts 100, 50; used 100"],
    });
    expect(parsePackInfo("100片 30片 2盒").evidence).toContain("conflicting unit counts 100, 30; used 100");
    expect(parsePackInfo("100片(50片*2盒)").evidence).toEqual([
      'packs 2 from "2盒"',
      "50 units per pack (100 in total)",
    ]);
  });

  it("takes the listing's pack-size field only when it is a positive whole number", () => {
    expect(parsePackInfo("安可", 1).unitsPerPack).toBe(1);
    expect(parsePackInfo("安可", 0).unitsPerPack).toBeNull();
    expect(parsePackInfo("安可", 2.5).unitsPerPack).toBeNull();
    expect(parsePackInfo("安可", 50).evidence).toEqual([
      "50 units per pack from the listing's pack-size field",
    ]);
  });

  it("reads every formatted bundle back as its packs and units", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.option(fc.integer({ min: 2, max: 5 })),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom("盒", "瓶", "袋"),
        fc.constantFrom("×", "*", "x", "＊"),
        fc.constantFrom("", "0.5g", "5ml:0.1g", "400IU"),
        (count, boards, packs, container, times, dose) => {
          const layout = boards === null ? "" : `${times}${boards}板`;
          const title = `安可 ${dose}${dose ? times : ""}${count}片${layout}${times}${packs}${container} 正品`;
          const info = parsePackInfo(title);
          expect(info.packs).toBe(packs);
          expect(info.unitsPerPack).toBe(count * (boards ?? 1));
        },
      ),
    );
  });
});

describe("inner holders and English notation", () => {
  it.each([
    ["瑞宁血糖试纸 50片×2筒", 1, 100],
    ["瑞宁血糖试纸 50片×2筒【2盒装】", 2, 100],
    ["Aspirin Enteric-coated Tablets 0.1g x 100 Pack of 2", 2, 100],
    ["Ambroxol Oral Solution 5ml:0.1g x 6 vials 2 boxes", 2, 6],
    ["Glucose strips 50 ct x 3", 3, 50],
    ["Gift box vitamin C 100 tablets", 1, 100],
    ["Lancets 100 pcs, 2 bottles", 2, 100],
  ])("%s → %i packs of %i", (title, packs, units) => {
    const info = parsePackInfo(title);
    expect([info.packs, info.unitsPerPack]).toEqual([packs, units]);
  });
});
