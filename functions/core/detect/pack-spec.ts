import { COUNT_SOURCE, parseCount, writeCount } from "../chinese-count.js";
import { foldText } from "../match/normalize-text.js";

/**
 * Chinese drug and device pack notation ("规格"): "0.5g*24片*2盒", "5ml:0.1g×6支", "10片×3板",
 * "100支/盒", "每盒10袋", "3瓶/组". One pack is a dose or fill, a count of units (possibly laid
 * out on blister boards) and the container holding them; only a count of containers sold
 * together ("×2盒", "3盒装", "2瓶") multiplies packs. Reads a whole product title, so brand,
 * marketing and promotion wording around the notation is expected.
 */

export type MeasureUnit = "g" | "mg" | "μg" | "kg" | "IU" | "万IU" | "ml" | "l";
export interface Measure {
  amount: number;
  unit: MeasureUnit;
}

/**
 * Things inside a pack; 板 (a blister board) and 筒 (a tube of strips) hold the count before them
 * inside one pack, so they multiply it: "50片×2筒" is one box of 100.
 */
export const UNIT_WORDS = [
  "人份",
  "片",
  "粒",
  "条",
  "贴",
  "枚",
  "丸",
  "颗",
  "支",
  "袋",
  "包",
  "只",
  "个",
  "揿",
  "喷",
  "针",
  "板",
  "筒",
] as const;
export type UnitWord = (typeof UNIT_WORDS)[number];

/** Containers a shopper buys; a count of these is a count of packs. */
export const CONTAINER_WORDS = ["盒", "瓶", "罐", "件", "套", "组", "箱", "提"] as const;
// Sachets and bags hold a pack's contents ("3g*10袋") unless a count comes before them ("10只*3袋").
const BAG_WORDS = ["袋", "包"] as const;
export type ContainerWord = (typeof CONTAINER_WORDS)[number] | (typeof BAG_WORDS)[number];

export interface UnitCount {
  value: number;
  /** null for a bare count after a dose: "0.1g×100". */
  unit: UnitWord | null;
}
export interface Total {
  value: number;
  unit: UnitWord;
}
export interface PackCount {
  value: number;
  /** null for a bare multiplier: "50片×3". */
  container: ContainerWord | null;
}

/** One pack and how many are sold together; every part is null when the text does not state it. */
export interface PackSpec {
  /** Strength or fill of one unit: "0.1g", "400IU". */
  dose: Measure | null;
  /** Volume of one unit, the left side of a ratio such as "5ml:0.1g", or a fill such as "100ml". */
  volume: Measure | null;
  /** Units per pack, or per board when `boards` is set. */
  count: UnitCount | null;
  /** Blister boards per pack: "10片×3板" is 10 per board on 3 boards. */
  boards: number | null;
  /** What one pack is: "100片/瓶", "每盒10袋", "盒装", "礼盒". */
  container: ContainerWord | null;
  /** Packs sold together: "×2盒", "3盒装", "2瓶", "3瓶/组". */
  packs: PackCount | null;
  /** A stated total: "共20片". */
  total: Total | null;
}

export interface CountReading {
  count: UnitCount;
  boards: number | null;
  text: string;
}

/** Every reading in a title, with the text it came from, for callers that weigh conflicts. */
export interface PackSpecReading {
  dose: Measure | null;
  volume: Measure | null;
  container: ContainerWord | null;
  counts: CountReading[];
  packs: { packs: PackCount; text: string }[];
  totals: { count: Total; text: string }[];
  /** Wording that looked like a count and was not read as one. */
  notes: string[];
}

// A bare "×N" counts packs only when small: "×100" after a name is far more often tablets than boxes.
export const MAX_BARE_PACKS = 10;

const MEASURE_SPELLINGS: Readonly<Record<string, MeasureUnit | null>> = {
  g: "g",
  克: "g",
  mg: "mg",
  毫克: "mg",
  μg: "μg",
  ug: "μg",
  mcg: "μg",
  微克: "μg",
  kg: "kg",
  千克: "kg",
  公斤: "kg",
  iu: "IU",
  国际单位: "IU",
  单位: "IU",
  万iu: "万IU",
  万单位: "万IU",
  ml: "ml",
  毫升: "ml",
  l: "l",
  升: "l",
  // Sizes and concentrations: they consume their number but say nothing about the pack.
  cm: null,
  mm: null,
  m: null,
  厘米: null,
  毫米: null,
  米: null,
  "%": null,
};
const VOLUME_UNITS: ReadonlySet<MeasureUnit> = new Set(["ml", "l"]);

// Order within an alternation does not matter: every word is checked by what follows it.
const alternation = (words: readonly string[]) => words.join("|");

const NUMERALS = "一二两三四五六七八九十";
const CONTAINERS = alternation(CONTAINER_WORDS);
const HOLDERS = alternation([...CONTAINER_WORDS, ...BAG_WORDS]);
const WORDS = alternation([...UNIT_WORDS, ...CONTAINER_WORDS]);
const MEASURES = alternation(Object.keys(MEASURE_SPELLINGS));
const NUMBER = "\\d+(?:\\.\\d+)?";
// "一片心意", "10片装饰", "1 包邮" (free shipping) are phrases, not contents.
const NOT_A_COUNT = "(?!心|装饰|邮)";

// Promotion grammars that look like counts: "买2送1", "第二件半价", "2件9折", "满2件减10".
const PROMOTIONS = new RegExp(
  [
    `买${COUNT_SOURCE}(?:${CONTAINERS})?送${COUNT_SOURCE}(?:${WORDS})?`,
    `第${COUNT_SOURCE}(?:${CONTAINERS})`,
    `(?:满|任选|拍|买)${COUNT_SOURCE}(?:${CONTAINERS})`,
    `${COUNT_SOURCE}(?:${CONTAINERS})[\\d.]+折`,
    `${COUNT_SOURCE}(?:${CONTAINERS})[一二三四五六七八九]五?折`,
    `(?:送|赠)${COUNT_SOURCE}(?:${WORDS})`,
  ].join("|"),
  "g",
);
// "型号 MX-3", "mx3", "d3", "omega-3": letters then digits name a model or a vitamin, never a count.
const MODELS = /型号\s?:?\s?[a-z\d][a-z\d-]*|(?<![a-zμ\d.万])(?:[a-wyz]|x[a-z])[a-z]*-?\d[a-z\d-]*/g;
const DURATIONS = new RegExp(`(?:\\d+|[${NUMERALS}]{1,3})\\s?个?(?:月|周|天|日|年|岁|小时|分钟)`, "g");
const RANGES = new RegExp(`${NUMBER}\\s?[-~至到]\\s?${NUMBER}(?:\\s?(?:${MEASURES}|${WORDS}))?`, "g");
const IGNORED: readonly { pattern: RegExp; what: string }[] = [
  { pattern: PROMOTIONS, what: "promotion wording" },
  { pattern: MODELS, what: "model number" },
  { pattern: DURATIONS, what: "duration" },
  { pattern: RANGES, what: "range" },
];
// Put in place of ignored wording: a character no token matches, so it ends a notation.
const BREAK = "\u0000";

const TOKEN = new RegExp(
  [
    `(?<![\\d.])(?<num>${NUMBER})\\s?(?:(?<measure>${MEASURES})(?![a-wyz]|x[a-z])|(?<word>${WORDS})${NOT_A_COUNT}(?<zhuang>装)?)`,
    `(?<![${NUMERALS}零百千万])(?<cn>[${NUMERALS}]{1,3})(?<cnWord>${WORDS})${NOT_A_COUNT}`,
    "(?<times>[×*✕]|x(?=\\s?\\d))",
    "(?<mark>/|每|共计|总计|合计|共|总)",
    `(?<boxed>礼盒装?|(?:${HOLDERS})装)`,
    `(?<bare>(?<![\\d.])${NUMBER})`,
    `(?<holder>${HOLDERS})`,
  ].join("|"),
  "gu",
);

const isContainer = (word: string): word is (typeof CONTAINER_WORDS)[number] =>
  (CONTAINER_WORDS as readonly string[]).includes(word);
const isBag = (word: string): word is (typeof BAG_WORDS)[number] =>
  (BAG_WORDS as readonly string[]).includes(word);

// The reading a following "×N", "N板" or "N袋" attaches to.
type Previous =
  | { kind: "dose"; start: number }
  | { kind: "count"; reading: CountReading; start: number }
  | { kind: "packs" }
  | { kind: "other" }
  | null;

function blankIgnored(folded: string, notes: string[]): string {
  let text = folded;
  for (const { pattern, what } of IGNORED) {
    const found = text.match(pattern);
    if (found) notes.push(`ignored ${what}: ${[...new Set(found)].join(", ")}`);
    text = text.replace(pattern, BREAK);
  }
  return text;
}

const INNER_HOLDERS = new Set(["板", "筒"]);

// Cross-border shops write the same notation in English: read it as the Chinese it means.
const ENGLISH_NOTATION: readonly [RegExp, string][] = [
  [/\bpacks? of (\d{1,2})\b/g, " ×$1盒 "],
  [/\b(\d{1,2}) ?(?:boxes|box|packs|cartons)\b/g, " $1盒 "],
  [/\b(\d{1,2}) ?bottles?\b/g, " $1瓶 "],
  [/\b(\d{1,4}) ?(?:vials|ampoules|ampules)\b/g, " $1支 "],
  [/\b(\d{1,4}) ?sachets\b/g, " $1袋 "],
  [/\b(\d{1,4}) ?(?:tablets|tabs|capsules|caps|pills|strips|pcs|pieces|ct|count)\b/g, " $1片 "],
];

function fromEnglish(folded: string): string {
  if (!/[a-z]/.test(folded)) return folded;
  let out = folded;
  for (const [pattern, chinese] of ENGLISH_NOTATION) out = out.replace(pattern, chinese);
  return out;
}

/** Every pack reading in a title or a specification field. */
export function readPackSpec(title: string): PackSpecReading {
  const notes: string[] = [];
  const text = blankIgnored(fromEnglish(foldText(title)), notes);
  const reading: PackSpecReading = {
    dose: null,
    volume: null,
    container: null,
    counts: [],
    packs: [],
    totals: [],
    notes,
  };
  let previous: Previous = null;
  let timesAt: number | null = null;
  // "/", "每" or "共" waiting for the word they qualify.
  let mark: string | null = null;
  let end = 0;
  const breakChain = () => {
    previous = null;
    timesAt = null;
    mark = null;
  };

  for (const m of text.matchAll(TOKEN)) {
    const g = m.groups ?? {};
    const start = m.index;
    // Anything but spaces between two tokens ends a notation: in "0.1g 正品 ×100" the 100 is no count.
    if (/\S/u.test(text.slice(end, start))) breakChain();
    // "x" is a sign only after a figure or outside a word: "mx3" is a model.
    const wordX = g.times === "x" && start !== end && /[a-z\d]/.test(text.charAt(start - 1));
    end = start + m[0].length;
    if (wordX) {
      breakChain();
      continue;
    }
    if (g.times !== undefined) {
      timesAt = start;
      continue;
    }
    if (g.mark !== undefined) {
      mark = g.mark;
      continue;
    }
    const afterSlash = mark === "/";
    const afterPer = mark === "每";
    const inTotal = mark !== null && !afterSlash && !afterPer;
    const afterTimes = timesAt;
    timesAt = null;
    mark = null;

    if (g.boxed !== undefined) {
      reading.container ??= g.boxed.replace(/[礼装]/g, "") as ContainerWord;
      continue;
    }
    if (g.holder !== undefined) {
      // "100片/瓶" names the pack; "3瓶/组" groups packs already counted; "每盒10袋" names it first.
      if (afterSlash && previous?.kind === "count") reading.container ??= g.holder as ContainerWord;
      else if (afterPer && isContainer(g.holder)) reading.container ??= g.holder;
      else if (!(afterSlash && previous?.kind === "packs")) breakChain();
      continue;
    }
    if (g.measure !== undefined) {
      const unit = MEASURE_SPELLINGS[g.measure];
      if (!unit) {
        previous = { kind: "other" };
        continue;
      }
      const measure = { amount: Number(g.num), unit };
      if (VOLUME_UNITS.has(unit)) reading.volume ??= measure;
      else reading.dose ??= measure;
      previous = { kind: "dose", start };
      continue;
    }
    if (g.bare !== undefined) {
      previous =
        afterTimes === null
          ? { kind: "other" }
          : readBare(reading, Number(g.bare), (from) => text.slice(from, end), afterTimes, previous);
      continue;
    }

    const word = String(g.word ?? g.cnWord);
    const value = g.cn === undefined ? Number(g.num) : (parseCount(g.cn) ?? Number.NaN);
    if (!Number.isInteger(value)) {
      breakChain();
      continue;
    }
    const tokenText = m[0];
    const last = previous?.kind === "count" ? previous : null;
    if (inTotal && !isContainer(word)) {
      reading.totals.push({ count: { value, unit: word as UnitWord }, text: `共${tokenText}` });
    } else if (last !== null && INNER_HOLDERS.has(word) && last.reading.boards === null) {
      last.reading.boards = value;
      last.reading.text = text.slice(last.start, end);
    } else if (isContainer(word) || (isBag(word) && last !== null)) {
      reading.packs.push({ packs: { value, container: word as ContainerWord }, text: tokenText });
      previous = { kind: "packs" };
    } else {
      const counted: CountReading = {
        count: { value, unit: word as UnitWord },
        boards: null,
        text: tokenText,
      };
      reading.counts.push(counted);
      previous = { kind: "count", reading: counted, start };
    }
  }
  return reading;
}

/** A bare figure after a sign: a count after a dose ("0.1g×100"), packs after a count ("50片×3"). */
function readBare(
  reading: PackSpecReading,
  value: number,
  writtenFrom: (start: number) => string,
  timesAt: number,
  previous: Previous,
): Previous {
  const written = writtenFrom(timesAt);
  const after = Number.isInteger(value) ? (previous?.kind ?? "start") : "fraction";
  switch (after) {
    case "dose": {
      // Only a dose reading leads here (see `after`), and it records where the dose began.
      const { start } = previous as { start: number };
      const counted: CountReading = { count: { value, unit: null }, boards: null, text: writtenFrom(start) };
      reading.counts.push(counted);
      return { kind: "count", reading: counted, start };
    }
    case "start":
    case "count":
      if (value <= MAX_BARE_PACKS) {
        reading.packs.push({ packs: { value, container: null }, text: written });
        return { kind: "packs" };
      }
      reading.notes.push(`ignored "${written}": a bare multiplier above ${MAX_BARE_PACKS} is ambiguous`);
      return { kind: "other" };
    case "fraction":
      return { kind: "other" };
    default:
      reading.notes.push(`ignored "${written}": a multiplier after a size, a pack count or a figure`);
      return { kind: "other" };
  }
}

/** The first of each reading: the specification a title states. */
export function parsePackSpec(title: string): PackSpec {
  const reading = readPackSpec(title);
  const first = reading.counts[0];
  return {
    dose: reading.dose,
    volume: reading.volume,
    count: first?.count ?? null,
    boards: first?.boards ?? null,
    container: reading.container,
    packs: reading.packs[0]?.packs ?? null,
    total: reading.totals[0]?.count ?? null,
  };
}

/** How a specification is written; sellers vary every one of these. */
export interface PackSpecStyle {
  times: "×" | "x" | "X" | "*" | "＊";
  ratio: ":" | "：";
  /** Spaces around signs and between parts. */
  spaced: boolean;
  fullWidthDigits: boolean;
  unitNames: "latin" | "chinese";
  /** "100片装". */
  countSuffix: boolean;
  /** "100片/瓶", "每瓶100片", "瓶装 100片". */
  container: "slash" | "per" | "boxed";
  /** "×2盒", "2盒装", "2盒", "2瓶/组". A bare multiplier is always written "×2". */
  packs: "times" | "boxed" | "plain" | "group";
  /** Pack counts in Chinese numerals ("两盒装"); never after a sign. */
  numerals: "digits" | "两" | "二";
  /** "规格：" before the notation. */
  label: boolean;
}

export const PLAIN_STYLE: PackSpecStyle = {
  times: "×",
  ratio: ":",
  spaced: false,
  fullWidthDigits: false,
  unitNames: "latin",
  countSuffix: false,
  container: "slash",
  packs: "times",
  numerals: "digits",
  label: false,
};

const CHINESE_UNIT_NAMES: Readonly<Record<MeasureUnit, string>> = {
  g: "克",
  mg: "毫克",
  μg: "微克",
  kg: "千克",
  IU: "单位",
  万IU: "万单位",
  ml: "毫升",
  l: "升",
};

function writeMeasure(measure: Measure, style: PackSpecStyle): string {
  const unit = style.unitNames === "latin" ? measure.unit : CHINESE_UNIT_NAMES[measure.unit];
  return `${measure.amount}${unit}`;
}

/** Inverse of `parsePackSpec` for a well-formed specification: every style reads back the same. */
export function formatPackSpec(spec: PackSpec, style: PackSpecStyle = PLAIN_STYLE): string {
  const gap = style.spaced ? " " : "";
  const times = `${gap}${style.times}${gap}`;
  let head = style.label ? "规格：" : "";
  if (spec.container !== null && style.container === "per") head += `每${spec.container}`;
  if (spec.container !== null && style.container === "boxed") head += `${spec.container}装 `;

  const chain: string[] = [];
  const measures = [spec.volume, spec.dose].filter((m): m is Measure => m !== null);
  if (measures.length > 0) chain.push(measures.map((m) => writeMeasure(m, style)).join(style.ratio));
  if (spec.count !== null) {
    const suffix = style.countSuffix && spec.count.unit !== null && spec.boards === null ? "装" : "";
    chain.push(`${spec.count.value}${spec.count.unit ?? ""}${suffix}`);
  }
  if (spec.boards !== null) chain.push(`${spec.boards}板`);
  let text = chain.join(times);
  if (spec.container !== null && style.container === "slash") text += `/${spec.container}`;

  if (spec.packs !== null) {
    const { value, container } = spec.packs;
    const count = style.numerals === "digits" ? String(value) : writeCount(value, style.numerals);
    // A space keeps "0.1g×100" and "2盒" from running together as "0.1g×1002盒".
    const joint = /\d$/.test(text) ? " " : gap;
    if (container === null) text += `${text === "" ? style.times : times}${value}`;
    else if (style.packs === "times") text += `${times}${value}${container}`;
    else if (style.packs === "boxed") text += `${joint}${count}${container}装`;
    else if (style.packs === "plain") text += `${joint}${count}${container}`;
    else text += `${joint}${count}${container}/${container === "组" ? "套" : "组"}`;
  }
  if (spec.total !== null) text += ` 共${spec.total.value}${spec.total.unit}`;
  const written = head + text;
  return style.fullWidthDigits
    ? written.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    : written;
}

/** Units in one pack: the count, times the boards it is laid out on. */
export function unitsInPack(count: UnitCount, boards: number | null): number {
  return count.value * (boards ?? 1);
}
