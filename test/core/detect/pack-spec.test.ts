import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONTAINER_WORDS,
  type ContainerWord,
  formatPackSpec,
  MAX_BARE_PACKS,
  type Measure,
  type MeasureUnit,
  type PackSpec,
  type PackSpecStyle,
  PLAIN_STYLE,
  parsePackSpec,
  readPackSpec,
  UNIT_WORDS,
  type UnitWord,
  unitsInPack,
} from "../../../functions/core/detect/pack-spec.js";

const NONE: PackSpec = {
  dose: null,
  volume: null,
  count: null,
  boards: null,
  container: null,
  packs: null,
  total: null,
};
const spec = (parts: Partial<PackSpec>): PackSpec => ({ ...NONE, ...parts });
const g = (amount: number, unit: MeasureUnit = "g"): Measure => ({ amount, unit });
const count = (value: number, unit: UnitWord | null) => ({ value, unit });
const total = (value: number, unit: UnitWord) => ({ value, unit });
const packs = (value: number, container: ContainerWord | null) => ({ value, container });

// The notations named in the issue and the brief, each with the one reading it must give.
const examples: [string, PackSpec][] = [
  ["0.1g×100片", spec({ dose: g(0.1), count: count(100, "片") })],
  ["3g*10袋", spec({ dose: g(3), count: count(10, "袋") })],
  ["0.5g*24片*2盒", spec({ dose: g(0.5), count: count(24, "片"), packs: packs(2, "盒") })],
  ["5ml:0.1g×6支", spec({ volume: g(5, "ml"), dose: g(0.1), count: count(6, "支") })],
  ["10片×3板", spec({ count: count(10, "片"), boards: 3 })],
  ["×2盒", spec({ packs: packs(2, "盒") })],
  ["3盒装", spec({ packs: packs(3, "盒") })],
  ["2瓶", spec({ packs: packs(2, "瓶") })],
  ["2瓶装", spec({ packs: packs(2, "瓶") })],
  ["2盒装", spec({ packs: packs(2, "盒") })],
  ["x2盒", spec({ packs: packs(2, "盒") })],
  ["*2瓶", spec({ packs: packs(2, "瓶") })],
  ["3瓶/组", spec({ packs: packs(3, "瓶") })],
  ["礼盒", spec({ container: "盒" })],
  ["礼盒装", spec({ container: "盒" })],
  ["盒装", spec({ container: "盒" })],
  ["瓶装", spec({ container: "瓶" })],
  ["1盒", spec({ packs: packs(1, "盒") })],
  ["每盒10袋", spec({ container: "盒", count: count(10, "袋") })],
  ["共20片", spec({ total: total(20, "片") })],
  ["100片/瓶", spec({ count: count(100, "片"), container: "瓶" })],
  ["60粒*3瓶", spec({ count: count(60, "粒"), packs: packs(3, "瓶") })],
  ["50片*2盒", spec({ count: count(50, "片"), packs: packs(2, "盒") })],
  ["100支/盒", spec({ count: count(100, "支"), container: "盒" })],
  ["7贴/盒", spec({ count: count(7, "贴"), container: "盒" })],
  ["400IU*60粒", spec({ dose: g(400, "IU"), count: count(60, "粒") })],
  ["5ml:0.1g", spec({ volume: g(5, "ml"), dose: g(0.1) })],
  ["0.1g×100", spec({ dose: g(0.1), count: count(100, null) })],
  ["0.25g×12片×2板×3盒", spec({ dose: g(0.25), count: count(12, "片"), boards: 2, packs: packs(3, "盒") })],
  ["10只*3袋装", spec({ count: count(10, "只"), packs: packs(3, "袋") })],
  ["50片/盒 共100片", spec({ count: count(50, "片"), container: "盒", total: total(100, "片") })],
  ["规格：0.5g×24片/盒", spec({ dose: g(0.5), count: count(24, "片"), container: "盒" })],
  ["安可血糖试纸 50片×3", spec({ count: count(50, "片"), packs: packs(3, null) })],
  ["安可血糖试纸 两盒装", spec({ packs: packs(2, "盒") })],
  ["维生素D3 400IU*60粒 3瓶装", spec({ dose: g(400, "IU"), count: count(60, "粒"), packs: packs(3, "瓶") })],
  ["感冒灵颗粒 10克×9袋", spec({ dose: g(10), count: count(9, "袋") })],
  ["青霉素 80万单位×10支", spec({ dose: g(80, "万IU"), count: count(10, "支") })],
  ["维生素B12 500μg×20片", spec({ dose: g(500, "μg"), count: count(20, "片") })],
  ["止咳糖浆 100ml×2瓶", spec({ volume: g(100, "ml"), packs: packs(2, "瓶") })],
];

// Wording that must never count: sizes, models, durations, ranges, phrases.
const nothing: string[] = [
  "S/M/L",
  "型号 MX-3",
  "型号:GA3",
  "安可MX3 血糖仪",
  "3个月",
  "三个月",
  "7天",
  "1-3岁",
  "20-30片",
  "2~3盒",
  "10cm*10cm 敷贴",
  "10cm×5",
  "一片心意",
  "一次性使用采血针",
  "三七粉",
  "¥39.9",
  "满199减20",
  "2024新款",
  "药盒",
  "每袋",
  "10片装饰",
  "安可 1 包邮",
];

describe("parsePackSpec", () => {
  it.each(examples)("%s", (text, expected) => {
    expect(parsePackSpec(text)).toEqual(expected);
  });

  it.each(nothing)("reads nothing from %s", (text) => {
    expect(parsePackSpec(text)).toEqual(NONE);
  });

  it("reads every unit word as a count and every container word as packs", () => {
    for (const unit of UNIT_WORDS) {
      const expected = unit === "板" ? spec({ count: count(7, "板") }) : spec({ count: count(7, unit) });
      expect(parsePackSpec(`7${unit}`), unit).toEqual(expected);
    }
    for (const container of CONTAINER_WORDS) {
      expect(parsePackSpec(`7${container}`), container).toEqual(spec({ packs: packs(7, container) }));
      expect(parsePackSpec(`7片/${container}`), container).toEqual(
        spec({ count: count(7, "片"), container }),
      );
      expect(parsePackSpec(`每${container}7片`), container).toEqual(
        spec({ count: count(7, "片"), container }),
      );
      expect(parsePackSpec(`${container}装`), container).toEqual(spec({ container }));
    }
  });

  it("maps every spelling of a measure to one unit", () => {
    const spellings: [string, MeasureUnit][] = [
      ["g", "g"],
      ["克", "g"],
      ["mg", "mg"],
      ["毫克", "mg"],
      ["μg", "μg"],
      ["µg", "μg"],
      ["ug", "μg"],
      ["mcg", "μg"],
      ["微克", "μg"],
      ["kg", "kg"],
      ["千克", "kg"],
      ["公斤", "kg"],
      ["IU", "IU"],
      ["iu", "IU"],
      ["国际单位", "IU"],
      ["单位", "IU"],
      ["万IU", "万IU"],
      ["万单位", "万IU"],
    ];
    for (const [spelling, unit] of spellings)
      expect(parsePackSpec(`2.5${spelling}×6片`), spelling).toEqual(
        spec({ dose: g(2.5, unit), count: count(6, "片") }),
      );
    for (const [spelling, unit] of [
      ["ml", "ml"],
      ["mL", "ml"],
      ["毫升", "ml"],
      ["l", "l"],
      ["升", "l"],
    ] as const)
      expect(parsePackSpec(`2.5${spelling}×6支`), spelling).toEqual(
        spec({ volume: g(2.5, unit), count: count(6, "支") }),
      );
  });

  it("keeps sizes and concentrations out of the dose and of the count", () => {
    for (const size of ["cm", "mm", "m", "厘米", "毫米", "米", "%"]) {
      expect(parsePackSpec(`5${size}×8`), size).toEqual(NONE);
      expect(parsePackSpec(`5${size} 8片`), size).toEqual(spec({ count: count(8, "片") }));
    }
    expect(readPackSpec("5cm×8").notes).toEqual([
      'ignored "×8": a multiplier after a size, a pack count or a figure',
    ]);
  });

  it("keeps the first dose and the first volume", () => {
    expect(parsePackSpec("0.5g 0.25g 10ml 5ml")).toEqual(spec({ dose: g(0.5), volume: g(10, "ml") }));
  });
});

describe("readPackSpec", () => {
  it("reads a bare multiplier as packs after a count, as the count after a dose", () => {
    expect(readPackSpec("50片×3").packs).toEqual([{ packs: packs(3, null), text: "×3" }]);
    expect(readPackSpec("×3").packs).toEqual([{ packs: packs(3, null), text: "×3" }]);
    expect(readPackSpec("0.1g × 100").counts).toEqual([
      { count: count(100, null), boards: null, text: "0.1g × 100" },
    ]);
    expect(readPackSpec("0.1gx100x3")).toMatchObject({
      counts: [{ count: count(100, null), text: "0.1gx100" }],
      packs: [{ packs: packs(3, null), text: "x3" }],
    });
  });

  it(`leaves a bare multiplier above ${MAX_BARE_PACKS} out, with the reason`, () => {
    expect(readPackSpec(`50片×${MAX_BARE_PACKS}`).packs).toEqual([
      { packs: packs(MAX_BARE_PACKS, null), text: `×${MAX_BARE_PACKS}` },
    ]);
    const over = readPackSpec(`维生素C ×${MAX_BARE_PACKS + 1}`);
    expect(over.packs).toEqual([]);
    expect(over.counts).toEqual([]);
    expect(over.notes).toEqual([`ignored "×11": a bare multiplier above 10 is ambiguous`]);
    expect(MAX_BARE_PACKS).toBe(10);
  });

  it("reads no multiplier after a pack count, a plain figure or a fraction", () => {
    const afterPacks = readPackSpec("2盒×3");
    expect(afterPacks.packs).toEqual([{ packs: packs(2, "盒"), text: "2盒" }]);
    expect(afterPacks.notes).toEqual(['ignored "×3": a multiplier after a size, a pack count or a figure']);
    expect(readPackSpec("2x3")).toMatchObject({
      packs: [],
      counts: [],
      notes: ['ignored "x3": a multiplier after a size, a pack count or a figure'],
    });
    expect(readPackSpec("50片×1.5")).toMatchObject({ packs: [], notes: [] });
    expect(readPackSpec("0.1g×1.5")).toMatchObject({ counts: [], notes: [] });
    expect(readPackSpec("50片 3")).toMatchObject({ packs: [], notes: [] });
  });

  it("takes x as a sign only after a figure or outside a word", () => {
    expect(readPackSpec("50片x3").packs).toEqual([{ packs: packs(3, null), text: "x3" }]);
    expect(readPackSpec("50片 x 3").packs).toEqual([{ packs: packs(3, null), text: "x 3" }]);
    expect(readPackSpec("50片X3").packs).toEqual([{ packs: packs(3, null), text: "x3" }]);
    expect(readPackSpec("50片✕3").packs).toEqual([{ packs: packs(3, null), text: "✕3" }]);
    expect(readPackSpec("50片 box3").packs).toEqual([]);
    expect(readPackSpec("50片 ax 3").packs).toEqual([]);
    expect(readPackSpec("50片 xa").packs).toEqual([]);
  });

  it("ends a notation at any other word", () => {
    expect(readPackSpec("0.1g 正品 ×3")).toMatchObject({ counts: [], packs: [{ packs: packs(3, null) }] });
    expect(readPackSpec("50片 正品 3板").counts).toEqual([
      { count: count(50, "片"), boards: null, text: "50片" },
      { count: count(3, "板"), boards: null, text: "3板" },
    ]);
    expect(readPackSpec("50片 正品 3袋").packs).toEqual([]);
    expect(readPackSpec("50片 正品 /盒").container).toBeNull();
    expect(readPackSpec("0.1g 正品 ×100").counts).toEqual([]);
    expect(readPackSpec("2盒 药盒 ×3")).toMatchObject({
      packs: [{ text: "2盒" }, { text: "×3" }],
      notes: [],
    });
  });

  it("lays a count out on boards once, with the layout as its text", () => {
    expect(readPackSpec("24粒x2板").counts).toEqual([
      { count: count(24, "粒"), boards: 2, text: "24粒x2板" },
    ]);
    expect(readPackSpec("10片 3板").counts).toEqual([
      { count: count(10, "片"), boards: 3, text: "10片 3板" },
    ]);
    expect(readPackSpec("10片×3板×2板").counts).toEqual([
      { count: count(10, "片"), boards: 3, text: "10片×3板" },
      { count: count(2, "板"), boards: null, text: "2板" },
    ]);
    expect(readPackSpec("0.1g×10×三板").counts).toEqual([
      { count: count(10, null), boards: 3, text: "0.1g×10×三板" },
    ]);
    expect(unitsInPack(count(10, "片"), 3)).toBe(30);
    expect(unitsInPack(count(10, "片"), null)).toBe(10);
  });

  it("reads 袋 and 包 as contents unless a count comes first", () => {
    expect(readPackSpec("3g*10包")).toMatchObject({ counts: [{ count: count(10, "包") }], packs: [] });
    expect(readPackSpec("10片*3包")).toMatchObject({
      counts: [{ count: count(10, "片") }],
      packs: [{ packs: packs(3, "包"), text: "3包" }],
    });
    expect(readPackSpec("2盒 10袋")).toMatchObject({ counts: [{ count: count(10, "袋") }] });
    expect(readPackSpec("10片/袋")).toMatchObject({ container: "袋" });
    expect(readPackSpec("每袋10片").container).toBeNull();
  });

  it("reads a slash after packs as grouping and a slash after anything else as nothing", () => {
    expect(readPackSpec("3瓶/组")).toMatchObject({ container: null, packs: [{ packs: packs(3, "瓶") }] });
    expect(readPackSpec("0.1g/盒").container).toBeNull();
    expect(readPackSpec("/盒").container).toBeNull();
    expect(readPackSpec("10片/盒/瓶").container).toBe("盒");
    expect(readPackSpec("瓶装 10片/盒").container).toBe("瓶");
  });

  it("reads totals apart from counts, in every spelling", () => {
    for (const word of ["共", "总", "共计", "总计", "合计"])
      expect(readPackSpec(`${word}20片`), word).toMatchObject({
        counts: [],
        totals: [{ count: count(20, "片"), text: "共20片" }],
      });
    expect(readPackSpec("共2盒")).toMatchObject({ totals: [], packs: [{ packs: packs(2, "盒") }] });
    expect(readPackSpec("共 正品 20片")).toMatchObject({ totals: [], counts: [{ count: count(20, "片") }] });
  });

  it("reads Chinese numerals only as whole counts", () => {
    expect(parsePackSpec("十二片")).toEqual(spec({ count: count(12, "片") }));
    expect(parsePackSpec("二盒")).toEqual(spec({ packs: packs(2, "盒") }));
    expect(parsePackSpec("三七片 0.25g×36片")).toEqual(spec({ dose: g(0.25), count: count(36, "片") }));
    expect(parsePackSpec("两十片")).toEqual(NONE);
    expect(parsePackSpec("1.5片")).toEqual(NONE);
    expect(parsePackSpec("2.5盒")).toEqual(NONE);
  });

  it("explains each piece of ignored wording once", () => {
    expect(readPackSpec("买2送1 第二件半价 2件9折 送1盒 满2件减10 3件八五折").notes).toEqual([
      "ignored promotion wording: 买2送1, 第二件, 2件9折, 送1盒, 满2件, 3件八五折",
    ]);
    expect(readPackSpec("买2送1 买2送1").notes).toEqual(["ignored promotion wording: 买2送1"]);
    expect(readPackSpec("型号 MX-3 omega-3").notes).toEqual(["ignored model number: 型号 mx-3, omega-3"]);
    expect(readPackSpec("3个月 1年").notes).toEqual(["ignored duration: 3个月, 1年"]);
    expect(readPackSpec("1-3盒 2~4片 5至10ml").notes).toEqual(["ignored range: 1-3盒, 2~4片, 5至10ml"]);
    expect(readPackSpec("安可血糖试纸50片*2盒").notes).toEqual([]);
  });

  it("names every duration it ignores, and the model label as written", () => {
    expect(readPackSpec("3个月 2周 7天 5日 1年 3岁 2小时 30分钟 三个月").notes).toEqual([
      "ignored duration: 3个月, 2周, 7天, 5日, 1年, 3岁, 2小时, 30分钟, 三个月",
    ]);
    expect(readPackSpec("型号:GA3").notes).toEqual(["ignored model number: 型号:ga3"]);
    expect(readPackSpec("型号 MX-3 omega-3 d3").notes).toEqual([
      "ignored model number: 型号 mx-3, omega-3, d3",
    ]);
  });

  it("keeps the first container however it is named", () => {
    expect(readPackSpec("每盒每瓶10片").container).toBe("盒");
    expect(readPackSpec("瓶装 盒装").container).toBe("瓶");
    expect(readPackSpec("礼盒 瓶装").container).toBe("盒");
  });

  it("treats a container word outside a notation as a word", () => {
    expect(parsePackSpec("0.1g 盒 ×100").count).toBeNull();
    expect(parsePackSpec("0.1g/盒×100").count).toBeNull();
    expect(readPackSpec("box×3").packs).toEqual([{ packs: packs(3, null), text: "×3" }]);
    expect(readPackSpec("3瓶/组×2")).toMatchObject({
      packs: [{ packs: packs(3, "瓶"), text: "3瓶" }],
      notes: ['ignored "×2": a multiplier after a size, a pack count or a figure'],
    });
  });

  it("reads nothing more from a multiplier that follows what is not a count", () => {
    const after = "a multiplier after a size, a pack count or a figure";
    expect(readPackSpec("50片 3 ×2")).toMatchObject({ packs: [], notes: [`ignored "×2": ${after}`] });
    expect(readPackSpec("0.1g×1.5×2")).toMatchObject({ counts: [], notes: [`ignored "×2": ${after}`] });
    expect(readPackSpec("50片×3×2")).toMatchObject({
      packs: [{ packs: packs(3, null) }],
      notes: [`ignored "×2": ${after}`],
    });
    expect(readPackSpec("50片×11×2").notes).toEqual([
      'ignored "×11": a bare multiplier above 10 is ambiguous',
      `ignored "×2": ${after}`,
    ]);
    expect(readPackSpec("5cm×8×2").notes).toEqual([`ignored "×8": ${after}`, `ignored "×2": ${after}`]);
    expect(readPackSpec("3瓶 组×2")).toMatchObject({ packs: [{ text: "3瓶" }, { text: "×2" }], notes: [] });
  });

  it("does not read the figures of ignored wording", () => {
    expect(readPackSpec("型号 : MX3 型号mx3 型号3").notes).toEqual([
      "ignored model number: 型号 : mx3, 型号mx3, 型号3",
    ]);
    expect(parsePackSpec("0.1g买2送1×100").count).toBeNull();
    expect(parsePackSpec("买2送1盒 50片")).toEqual(spec({ count: count(50, "片") }));
    expect(parsePackSpec("维生素B1片 10mg×100片")).toEqual(
      spec({ dose: g(10, "mg"), count: count(100, "片") }),
    );
    expect(parsePackSpec("400万IUx6支")).toEqual(spec({ dose: g(400, "万IU"), count: count(6, "支") }));
    expect(parsePackSpec("3-6个月 2盒")).toEqual(spec({ packs: packs(2, "盒") }));
  });
});

// Generators for well-formed specifications: what `formatPackSpec` promises to write readably.
const amounts = fc
  .tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(1, 10, 100))
  .map(([n, scale]) => n / scale);
const doses = fc.record({
  amount: amounts,
  unit: fc.constantFrom<MeasureUnit>("g", "mg", "μg", "kg", "IU", "万IU"),
});
const volumes = fc.record({ amount: amounts, unit: fc.constantFrom<MeasureUnit>("ml", "l") });
const unitWords = fc.constantFrom(...UNIT_WORDS.filter((u) => u !== "板"));
const containers = fc.constantFrom<ContainerWord>(...CONTAINER_WORDS, "袋", "包");

const specs: fc.Arbitrary<PackSpec> = fc
  .record({
    dose: fc.option(doses),
    volume: fc.option(volumes),
    count: fc.option(fc.record({ value: fc.integer({ min: 1, max: 2000 }), unit: fc.option(unitWords) })),
    boards: fc.option(fc.integer({ min: 1, max: 20 })),
    container: fc.option(containers),
    packs: fc.option(fc.record({ value: fc.integer({ min: 1, max: 99 }), container: fc.option(containers) })),
    total: fc.option(fc.record({ value: fc.integer({ min: 1, max: 5000 }), unit: unitWords })),
  })
  .map((s) => {
    const measured = s.dose !== null || s.volume !== null;
    // A unit-less count exists only after a dose: "0.1g×100".
    const count = s.count !== null && s.count.unit === null && !measured ? null : s.count;
    let packs = s.packs;
    // A bare "×N" is small and follows a count or nothing; 袋 and 包 count packs only after a count.
    if (packs?.container === null && (packs.value > MAX_BARE_PACKS || (count === null && measured)))
      packs = null;
    if (packs !== null && (packs.container === "袋" || packs.container === "包") && count === null)
      packs = null;
    const container = s.container === count?.unit ? null : s.container;
    return { ...s, count, boards: count === null ? null : s.boards, container, packs };
  });

const styles: fc.Arbitrary<PackSpecStyle> = fc.record({
  times: fc.constantFrom("×", "x", "X", "*", "＊"),
  ratio: fc.constantFrom(":", "："),
  spaced: fc.boolean(),
  fullWidthDigits: fc.boolean(),
  unitNames: fc.constantFrom("latin", "chinese"),
  countSuffix: fc.boolean(),
  container: fc.constantFrom("slash", "per", "boxed"),
  packs: fc.constantFrom("times", "boxed", "plain", "group"),
  numerals: fc.constantFrom("digits", "两", "二"),
  label: fc.boolean(),
});

/** A style the specification can be written in: "/瓶" needs a count, "每袋" is not a container. */
function writable(spec: PackSpec, style: PackSpecStyle): PackSpecStyle {
  const bag = spec.container === "袋" || spec.container === "包";
  if (style.container === "slash" && spec.count === null) return { ...style, container: "boxed" };
  if (style.container === "per" && bag)
    return { ...style, container: spec.count === null ? "boxed" : "slash" };
  return style;
}

const brands = fc.constantFrom(
  "安可",
  "仁和 维生素C",
  "【官方旗舰店】",
  "999 感冒灵颗粒",
  "三七片",
  "欧姆龙",
);
const marketing = fc.constantFrom(
  "正品",
  "包邮",
  "家用",
  "医用 OTC",
  "新日期",
  "买2送1",
  "第二件半价",
  "2件9折",
  "送1盒",
  "满199减20",
  "顺丰速发",
  "型号 MX-3",
  "S/M/L",
  "3个月",
);

describe("formatPackSpec", () => {
  it("writes the plain notation", () => {
    expect(formatPackSpec(spec({ dose: g(0.5), count: count(24, "片"), packs: packs(2, "盒") }))).toBe(
      "0.5g×24片×2盒",
    );
    expect(formatPackSpec(spec({ volume: g(5, "ml"), dose: g(0.1), count: count(6, "支") }))).toBe(
      "5ml:0.1g×6支",
    );
    expect(formatPackSpec(spec({ count: count(10, "片"), boards: 3, container: "盒" }))).toBe("10片×3板/盒");
    expect(
      formatPackSpec(spec({ count: count(50, "片"), packs: packs(3, null), total: total(150, "片") })),
    ).toBe("50片×3 共150片");
    expect(formatPackSpec(spec({ packs: packs(3, null) }))).toBe("×3");
    expect(formatPackSpec(NONE)).toBe("");
  });

  it("writes every variant a seller uses", () => {
    const all: PackSpecStyle = {
      times: "＊",
      ratio: "：",
      spaced: true,
      fullWidthDigits: true,
      unitNames: "chinese",
      countSuffix: true,
      container: "per",
      packs: "boxed",
      numerals: "两",
      label: true,
    };
    const value = spec({
      volume: g(5, "ml"),
      dose: g(0.1),
      count: count(6, "支"),
      container: "盒",
      packs: packs(2, "盒"),
    });
    expect(formatPackSpec(value, all)).toBe("规格：每盒５毫升：０．１克 ＊ ６支装 两盒装");
    expect(formatPackSpec(value, { ...all, numerals: "二", packs: "group", container: "boxed" })).toBe(
      "规格：盒装 ５毫升：０．１克 ＊ ６支装 二盒/组",
    );
    expect(formatPackSpec(spec({ packs: packs(3, "组") }), { ...PLAIN_STYLE, packs: "group" })).toBe(
      "3组/套",
    );
    expect(formatPackSpec(spec({ packs: packs(3, "瓶") }), { ...PLAIN_STYLE, packs: "plain" })).toBe("3瓶");
    expect(
      formatPackSpec(spec({ count: count(3, "片"), boards: 2 }), { ...PLAIN_STYLE, countSuffix: true }),
    ).toBe("3片×2板");
  });

  it("writes every measure unit in Chinese and reads it back", () => {
    for (const unit of ["g", "mg", "μg", "kg", "IU", "万IU", "ml", "l"] as const) {
      const value = unit === "ml" || unit === "l" ? spec({ volume: g(2, unit) }) : spec({ dose: g(2, unit) });
      const written = formatPackSpec(value, { ...PLAIN_STYLE, unitNames: "chinese" });
      expect(written, unit).toMatch(/^2[\u4e00-\u9fff]+$/u);
      expect(parsePackSpec(written), unit).toEqual(value);
    }
  });

  it("keeps figures apart and starts a lone multiplier with its sign", () => {
    const plain = { ...PLAIN_STYLE, packs: "plain" as const };
    expect(
      formatPackSpec(spec({ dose: g(0.1), count: count(100, null), packs: packs(2, "盒") }), plain),
    ).toBe("0.1g×100 2盒");
    expect(formatPackSpec(spec({ count: count(100, "片"), packs: packs(2, "盒") }), plain)).toBe("100片2盒");
    expect(formatPackSpec(spec({ packs: packs(3, null) }), { ...PLAIN_STYLE, spaced: true })).toBe("×3");
    expect(
      formatPackSpec(spec({ count: count(5, "片"), packs: packs(3, null) }), {
        ...PLAIN_STYLE,
        spaced: true,
      }),
    ).toBe("5片 × 3");
    expect(
      formatPackSpec(spec({ dose: g(1), count: count(5, null) }), { ...PLAIN_STYLE, countSuffix: true }),
    ).toBe("1g×5");
  });

  it("writes Chinese pack counts up to 99 and refuses what has no such numeral", () => {
    const chinese: PackSpecStyle = { ...PLAIN_STYLE, packs: "boxed", numerals: "二" };
    expect(formatPackSpec(spec({ packs: packs(2, "盒") }), chinese)).toBe("二盒装");
    expect(formatPackSpec(spec({ packs: packs(99, "盒") }), chinese)).toBe("九十九盒装");
    expect(formatPackSpec(spec({ packs: packs(10, "盒") }), chinese)).toBe("十盒装");
    expect(() => formatPackSpec(spec({ packs: packs(100, "盒") }), chinese)).toThrow(RangeError);
    expect(() => formatPackSpec(spec({ packs: packs(0, "盒") }), chinese)).toThrow(RangeError);
  });

  it("names the container only when there is one", () => {
    for (const container of ["slash", "per", "boxed"] as const)
      expect(formatPackSpec(spec({ count: count(5, "片") }), { ...PLAIN_STYLE, container })).toBe("5片");
  });

  it("round-trips every specification in every style", () => {
    fc.assert(
      fc.property(specs, styles, (value, style) => {
        expect(parsePackSpec(formatPackSpec(value, writable(value, style)))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips a specification inside a product title with brand, marketing and promotions", () => {
    fc.assert(
      fc.property(
        specs,
        styles,
        fc.array(brands, { minLength: 1, maxLength: 2 }),
        fc.array(marketing, { maxLength: 3 }),
        (value, style, before, after) => {
          const title = [...before, formatPackSpec(value, writable(value, style)), ...after].join(" ");
          expect(parsePackSpec(title)).toEqual(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws and reads sane values from any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const reading = readPackSpec(text);
        for (const c of reading.counts)
          expect(Number.isInteger(c.count.value) && c.count.value >= 0).toBe(true);
        for (const p of reading.packs)
          expect(Number.isInteger(p.packs.value) && p.packs.value >= 0).toBe(true);
      }),
    );
  });
});
