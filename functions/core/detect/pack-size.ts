import { COUNT_SOURCE, parseCount } from "../chinese-count.js";
import { foldText } from "../match/normalize-text.js";

/**
 * How many packs one listing sells and how many units each pack holds, read from the title.
 * "安可血糖试纸50片*2盒" → 2 packs of 50. Used to price per pack and to check that a listing is
 * the configured pack size before any price rule runs.
 */
export interface PackInfo {
  /** Packs (boxes, bottles) sold as one listing item; 1 unless the title says otherwise. */
  packs: number;
  /** Units (strips, tablets) per pack, or null when nothing states it. */
  unitsPerPack: number | null;
  /** What was read, for match explanations. */
  evidence: string[];
}

const MAX_PACKS = 100;
const MAX_UNITS = 10_000;

// Containers a shopper buys; a count of these is a pack count.
const PACK_WORDS = "盒|瓶|罐|件|套|组|箱|提";
// Things inside a pack; a count of these is units per pack.
const UNIT_WORDS = "人份|片|粒|条|贴|枚|丸|颗|支|袋|包|只|个|揿|喷|针";
// Measures: a number followed by one of these is a strength or a size, never a count.
const MEASURES = "mg|μg|ug|ml|cm|mm|kg|iu|g|l|m|%|万单位|单位|毫升|毫克|克|升|厘米|毫米|米";

// Promotion grammars that look like counts: "买2送1", "第二件半价", "2件9折", "满2件减10".
const PROMOTIONS = new RegExp(
  [
    `买${COUNT_SOURCE}(?:${PACK_WORDS})?送${COUNT_SOURCE}(?:${PACK_WORDS}|${UNIT_WORDS})?`,
    `第${COUNT_SOURCE}(?:${PACK_WORDS})`,
    `(?:满|任选|拍|买)${COUNT_SOURCE}(?:${PACK_WORDS})`,
    `${COUNT_SOURCE}(?:${PACK_WORDS})[\\d.]+折`,
    `${COUNT_SOURCE}(?:${PACK_WORDS})[一二三四五六七八九][五]?折`,
    `(?:送|赠)${COUNT_SOURCE}(?:${PACK_WORDS}|${UNIT_WORDS})`,
  ].join("|"),
  "g",
);

const MEASURE = new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:${MEASURES})(?![a-z])`, "g");
// "3个月", "一片心意" are durations and phrases, not contents.
const UNITS = new RegExp(`(?<![\\d.])(共|总)?(${COUNT_SOURCE})\\s*(${UNIT_WORDS})(?!月|周|心|装饰)`, "g");
const PACKS = new RegExp(`(?<![\\d.第])(${COUNT_SOURCE})\\s*(${PACK_WORDS})`, "g");
// "x3", "×3", "*3" count packs only when followed by a pack word or by nothing word-like, so
// "24粒x2板" and model numbers such as "mx3" stay out.
const MULTIPLIER = new RegExp(
  `(?<![a-z\\d])[x×*]\\s*(\\d{1,3})(?![\\d.])\\s*(${PACK_WORDS})?(?![\\p{L}\\p{N}])`,
  "gu",
);

interface Hit {
  value: number;
  text: string;
}

function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => " ".repeat(m.length));
}

export function parsePackInfo(title: string, unitsPerPack?: number): PackInfo {
  const evidence: string[] = [];
  let text = foldText(title);
  const promos = text.match(PROMOTIONS);
  if (promos) evidence.push(`ignored promotion wording: ${[...new Set(promos)].join(", ")}`);
  text = blank(text, PROMOTIONS);
  text = blank(text, MEASURE);

  const units: Hit[] = [];
  const totals: Hit[] = [];
  for (const m of text.matchAll(UNITS)) {
    const value = parseCount(m[2] ?? "");
    if (value === null || value < 1 || value > MAX_UNITS) continue;
    (m[1] ? totals : units).push({ value, text: m[0].trim() });
  }

  const packHits: Hit[] = [];
  for (const m of text.matchAll(PACKS)) {
    const value = parseCount(m[1] ?? "");
    if (value !== null && value >= 1 && value <= MAX_PACKS) packHits.push({ value, text: m[0].trim() });
  }
  for (const m of text.matchAll(MULTIPLIER)) {
    // "*2盒" was already read by PACKS; count it once.
    if (m[2]) continue;
    const value = Number(m[1]);
    if (value >= 1 && value <= MAX_PACKS) packHits.push({ value, text: m[0].trim() });
  }

  const packValues = [...new Set(packHits.map((h) => h.value))];
  let packs = packHits[0]?.value ?? 1;
  if (packHits.length > 0) {
    evidence.push(`packs ${packs} from "${packHits[0]?.text}"`);
    if (packValues.length > 1)
      evidence.push(`conflicting pack counts ${packValues.join(", ")}; used ${packs}`);
  }

  let perPack: number | null = null;
  const unitValues = [...new Set(units.map((h) => h.value))];
  if (unitValues.length === 1) {
    perPack = unitValues[0] ?? null;
    evidence.push(`${perPack} units per pack from "${units[0]?.text}"`);
  } else if (unitValues.length > 1) {
    // "100片(50片*2盒)": the larger figure is the total of the smaller per pack.
    const inner = unitValues.find((u) => unitValues.includes(u * packs) && packs > 1);
    perPack = inner ?? unitValues[0] ?? null;
    evidence.push(
      inner === undefined
        ? `conflicting unit counts ${unitValues.join(", ")}; used ${perPack}`
        : `${inner} units per pack (${inner * packs} in total)`,
    );
  }

  // "50片/盒 共100片" states the pack count only through the total.
  const per = perPack;
  if (packHits.length === 0 && per !== null) {
    const total = totals.find((t) => t.value % per === 0 && t.value > per);
    if (total !== undefined && total.value / per <= MAX_PACKS) {
      packs = total.value / per;
      evidence.push(`packs ${packs} from total "${total.text}"`);
    }
  }

  if (perPack === null && unitsPerPack !== undefined && Number.isInteger(unitsPerPack) && unitsPerPack > 0) {
    perPack = unitsPerPack;
    evidence.push(`${perPack} units per pack from the listing's pack-size field`);
  }
  return { packs, unitsPerPack: perPack, evidence };
}
