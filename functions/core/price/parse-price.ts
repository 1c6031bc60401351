import {
  type CurrencyMarker,
  findCurrencyMarkers,
  isoCodeOf,
  type MarkerHit,
  THREE_DECIMAL_CURRENCIES,
} from "./currency-symbols.js";
import {
  isMonthName,
  LABEL_REACH,
  labelOf,
  type PriceLabel,
  saysFree,
  saysNoPrice,
  startsWithUnit,
} from "./price-labels.js";

/**
 * Price text as strangers write it ("¥1,299.00", "到手价 ¥129.9", "1 298,00 €", "1.2万元")
 * → a canonical decimal amount and an ISO 4217 code.
 *
 * Rules, in the order they apply:
 * - Input is cut to MAX_INPUT characters and NFKC-folded (full-width digits, "￥", "．", NBSP).
 *   Scanning is a linear walk over characters; no regular expression can backtrack.
 * - Separators: "." and "," are a decimal point or a grouping. When both appear, the last one is
 *   the decimal point. One alone is a grouping when exactly three digits follow it and the
 *   integer part is 1–3 digits and not "0" ("129.900", "$16,500"); anything else makes it a
 *   decimal point. After a currency that never groups with "." (CNY, JPY, HKD, TWD, KRW and the
 *   three-decimal dinars) a lone "." is always the decimal point ("¥0.299", "423.923 KD").
 *   Repeated, a separator groups, and groups must be 3 digits (or Indian 2-2-3), so "15.08.2017"
 *   is no number. A space or apostrophe groups only before exactly three digits ("1 298,00",
 *   "1'049,95"). "36. 24" and "118, 99" are decimals split by a stray space; "50,-" is whole.
 *   With a single "€" in the text, "€" between digits is a decimal point ("35€99", "35€ 99").
 *   "万"/"亿" multiply ("1.2万" = 12000). `decimalSeparator` overrides the inference.
 * - Numbers that are not prices are dropped: followed by a unit or ratio ("50片", "20%",
 *   "8.5折", "1.2万人", "500ml", "12x"); right after a count, code or fee label ("月销", "SKU",
 *   "货号", "运费") or a discount ("满", "减", "立减", "You save"); glued to Latin letters
 *   ("iPhone15", "5G"); part of a time or a month-name date.
 * - Ranking, ties by position: a number labelled as the selling price ("到手价", "券后",
 *   "秒杀价", "促销价", "Now", …); then an unlabelled number with a currency mark; then one
 *   without; then a list price ("原价", "划线价", "Was", …); last a zero amount, which next to a
 *   positive one is a placeholder ("Was: $124.95 Now: $0.00"), not a price. A label counts only
 *   when nothing but spaces and punctuation separate it from the number.
 * - Ranges ("¥99-¥199", "26 to 50 €", "99~199元") give their low end; a descending pair is not
 *   a range.
 * - "Free" alone is 0. With "暂无报价"/"价格待定"/"面议" and no currency-marked number, no amount.
 * - Currency: the marks attached to the chosen number (an ISO code beats an ambiguous symbol:
 *   "SGD$4.90" → SGD), else its range partner's, else the first mark in the text, else the
 *   hint. An ambiguous symbol takes the hint's code when the hint names one of its family
 *   ("$" + hint "CAD" → CAD); "¥" is CNY unless the text or hint is Japanese (kana, "円",
 *   "税込") or the hint says JPY. A number with no mark anywhere has no currency: "1.2万" is
 *   null, and callers pass the tenant's currency as the hint.
 */
export interface ParsedPrice {
  amount: string | null;
  currency: string | null;
}

export interface ParsedPriceRange {
  low: string;
  high: string;
  currency: string | null;
}

export interface ParsePriceOptions {
  /** Currency seen near the price: an ISO code ("CNY") or text ("Price From £", "руб."). */
  currencyHint?: string | null;
  /** The decimal separator when the caller knows it (".", "," or "€"); otherwise inferred. */
  decimalSeparator?: string | null;
}

/** Longer text is not a price field; the cap bounds the work on hostile input. */
export const MAX_INPUT = 1000;
/** Longer integer parts are identifiers or phone numbers, not prices. */
const MAX_INTEGER_DIGITS = 15;
const MAX_NUMBER_CHARS = 80;

interface Candidate {
  /** First digit (or leading separator) of the number. */
  readonly start: number;
  /** Just after the number and its multiplier. */
  readonly end: number;
  /** Span including attached currency marks. */
  spanStart: number;
  spanEnd: number;
  readonly marks: MarkerHit[];
  amount: string | null;
  label: PriceLabel | null;
  excluded: boolean;
}

/**
 * Currencies in whose writing a "." is never a grouping: three-decimal dinars ("423.923 KD") and
 * the East Asian ones ("¥0.299/片", "¥1.299" is not 1299).
 */
const DOT_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  ...THREE_DECIMAL_CURRENCIES,
  "CNY",
  "JPY",
  "HKD",
  "TWD",
  "KRW",
]);

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";
const isSep = (ch: string | undefined): boolean => ch === "." || ch === ",";
const ASCII_LETTER = /[A-Za-z]/;
const DASHES = new Set(["-", "–", "—"]);

function normalize(text: string): string {
  const capped = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  // NFKC can lengthen a string (ligatures, "㍿"); cap again.
  return capped
    .normalize("NFKC")
    .slice(0, MAX_INPUT * 2)
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/gu, " ");
}

function digitRunEnd(s: string, i: number): number {
  let j = i;
  while (isDigit(s[j])) j++;
  return j;
}

interface ScannedNumber {
  end: number;
  raw: string;
}

/**
 * One number starting at `i`: digits with grouping and decimal separators, as written. Stops at
 * anything it cannot account for; interpretation happens later.
 */
function scanNumber(s: string, i: number, euroAsDecimal: boolean): ScannedNumber {
  let j = i;
  let raw = "";
  if (isSep(s[j])) {
    while (isSep(s[j + 1])) j++;
    raw = s[j] ?? "";
    j++;
  }
  let onlySpaceGroups = raw === "";
  let firstRun = -1;
  for (;;) {
    const runEnd = digitRunEnd(s, j);
    if (firstRun < 0) firstRun = runEnd - j;
    raw += s.slice(j, runEnd);
    j = runEnd;
    if (raw.length > MAX_NUMBER_CHARS) return { end: j, raw };
    const c = s[j];
    if ((isSep(c) || c === "'") && isDigit(s[j + 1])) {
      raw += c;
      j++;
      if (c !== "'") onlySpaceGroups = false;
      continue;
    }
    if (isSep(c) && s[j + 1] === " " && isDigit(s[j + 2])) {
      // "36. 24", "118, 99": a decimal split by a stray space.
      const end = digitRunEnd(s, j + 2);
      if (end - (j + 2) <= 2) return { end, raw: raw + c + s.slice(j + 2, end) };
      return { end: j, raw };
    }
    if (isSep(c) && DASHES.has(s[j + 1] ?? "")) return { end: j + 2, raw }; // "50,-"
    if (c === " " && onlySpaceGroups && firstRun <= 3 && isDigit(s[j + 1])) {
      const end = digitRunEnd(s, j + 1);
      if (end - (j + 1) === 3) {
        raw += " ";
        j++;
        continue;
      }
      return { end: j, raw };
    }
    if (c === "€" && euroAsDecimal && wholeSoFar(raw)) {
      if (isDigit(s[j + 1])) {
        const end = digitRunEnd(s, j + 1);
        return { end, raw: `${raw}€${s.slice(j + 1, end)}` };
      }
      if (s[j + 1] === " " && isDigit(s[j + 2])) {
        const end = digitRunEnd(s, j + 2);
        if (end - (j + 2) === 2) return { end, raw: `${raw}€${s.slice(j + 2, end)}` };
      }
    }
    return { end: j, raw };
  }
}

/** True when `raw` reads as a whole number so far: no group of 1–2 digits after a separator. */
function wholeSoFar(raw: string): boolean {
  const lastSep = Math.max(
    raw.lastIndexOf("."),
    raw.lastIndexOf(","),
    raw.lastIndexOf(" "),
    raw.lastIndexOf("'"),
  );
  return lastSep < 0 || raw.length - lastSep - 1 === 3;
}

/** Thousands groups ("1.234.567"), or Indian lakh groups ("1,49,999"). */
function validGroups(groups: readonly string[]): boolean {
  const [first, ...rest] = groups;
  if (first === undefined || first.length < 1 || first.length > 3) return false;
  if (rest.length === 0) return true;
  if (rest.every((g) => g.length === 3)) return true;
  if (first.length > 2) return false;
  const last = rest[rest.length - 1];
  return last?.length === 3 && rest.slice(0, -1).every((g) => g.length === 2);
}

function canonical(intDigits: string, fracDigits: string): string | null {
  if (!/^\d*$/.test(intDigits) || !/^\d*$/.test(fracDigits)) return null;
  const int = intDigits.replace(/^0+/, "") || "0";
  if (int.length > MAX_INTEGER_DIGITS) return null;
  const frac = fracDigits.replace(/0+$/, "");
  return frac === "" ? int : `${int}.${frac}`;
}

/** `raw` as written → canonical decimal, or null when it is not a well-formed number. */
function interpret(raw: string, decimalSeparator: string | null, dotIsDecimal: boolean): string | null {
  const euro = raw.indexOf("€");
  if (euro >= 0) {
    const whole = raw.slice(0, euro).replace(/[.,' ]/g, "");
    return canonical(whole, raw.slice(euro + 1));
  }
  if (decimalSeparator === "." || decimalSeparator === ",") {
    const other = decimalSeparator === "." ? "," : ".";
    const parts = raw.split(other).join("").replace(/[' ]/g, "").split(decimalSeparator);
    if (parts.length > 2) return null;
    return canonical(parts[0] ?? "", parts[1] ?? "");
  }
  if (isSep(raw[0])) {
    // ".75", "..75,333": a leading separator is a decimal point; later ones group.
    return canonical("", raw.slice(1).replace(/[.,' ]/g, ""));
  }
  const seps = [...raw].filter(isSep);
  let decimal: string | null = null;
  const last = seps[seps.length - 1];
  if (last !== undefined) {
    const lastAt = raw.lastIndexOf(last);
    const count = seps.filter((c) => c === last).length;
    const mixed = seps.some((c) => c !== last);
    const after = raw.length - lastAt - 1;
    const intPart = raw.slice(0, lastAt);
    const intDigits = intPart.replace(/[.,' ]/g, "");
    if (mixed) {
      if (count !== 1) return null;
      decimal = last;
    } else if (count === 1) {
      const grouping =
        after === 3 &&
        intDigits !== "0" &&
        intDigits.length <= 3 &&
        !/[' ]/.test(intPart) &&
        !(dotIsDecimal && last === ".");
      decimal = grouping ? null : last;
    }
  }
  const [intPart, fracPart = ""] =
    decimal === null
      ? [raw]
      : [raw.slice(0, raw.lastIndexOf(decimal)), raw.slice(raw.lastIndexOf(decimal) + 1)];
  const groups = (intPart ?? "").split(/[.,' ]/);
  if (groups.length > 1 && !validGroups(groups)) return null;
  return canonical(groups.join(""), fracPart);
}

/** Moves the decimal point `shift` places right: "1.2" × 10⁴ → "12000". */
function shiftDecimal(amount: string, shift: number): string | null {
  if (shift === 0) return amount;
  const [int = "", frac = ""] = amount.split(".");
  const padded = frac.padEnd(shift, "0");
  return canonical(int + padded.slice(0, shift), padded.slice(shift));
}

function isNumberStart(s: string, i: number): boolean {
  const c = s[i];
  if (isDigit(c)) return true;
  if (!isSep(c) || isDigit(s[i - 1])) return false;
  // ".75", "$..75"; look no further, or a run of dots would make the scan quadratic.
  const j = isSep(s[i + 1]) ? i + 2 : i + 1;
  return isDigit(s[j]);
}

const PREFIX_GAP = /[ :]/;

function attachedMarks(
  s: string,
  start: number,
  end: number,
  byEnd: Map<number, MarkerHit>,
  byStart: Map<number, MarkerHit>,
) {
  const marks: MarkerHit[] = [];
  let spanStart = start;
  let spanEnd = end;
  // Before: "¥", "RMB ", "US$:", "SGD$" (chained).
  // Only the mark nearest the number may stand apart from it; a chain ("SGD$") is unbroken,
  // so the mark of a neighbouring amount ("3,49 zł 1,75 zł") is not taken.
  for (let k = 0; k < 3; k++) {
    let j = spanStart;
    while (k === 0 && j > 0 && spanStart - j < 3 && PREFIX_GAP.test(s[j - 1] ?? "")) j--;
    const hit = byEnd.get(j);
    if (!hit) break;
    marks.unshift(hit);
    spanStart = hit.start;
  }
  // After: "元", " €", " zł", "€HT", "$ AUD".
  for (let k = 0; k < 3; k++) {
    let j = spanEnd;
    while (k === 0 && j < s.length && j - spanEnd < 2 && s[j] === " ") j++;
    const hit = byStart.get(j);
    if (!hit) break;
    marks.push(hit);
    spanEnd = hit.end;
  }
  return { marks, spanStart, spanEnd };
}

function wordBefore(s: string, i: number): string {
  let j = i;
  while (j > 0 && /[ ,.]/.test(s[j - 1] ?? "") && i - j < 3) j--;
  let k = j;
  while (k > 0 && ASCII_LETTER.test(s[k - 1] ?? "")) k--;
  return s.slice(k, j);
}

function wordAfter(s: string, i: number): string {
  let j = i;
  while (j < s.length && /[ ,.]/.test(s[j] ?? "") && j - i < 3) j++;
  let k = j;
  while (k < s.length && ASCII_LETTER.test(s[k] ?? "")) k++;
  return s.slice(j, k);
}

function notAPrice(s: string, c: Candidate): boolean {
  const before = s[c.spanStart - 1];
  const after = s[c.spanEnd];
  // Glued to Latin letters that are no currency: "iPhone15", "5G", "A4".
  if (c.marks.every((m) => m.end !== c.start) && ASCII_LETTER.test(s[c.start - 1] ?? "")) return true;
  if (
    c.marks.every((m) => m.start !== c.end) &&
    ASCII_LETTER.test(s[c.end] ?? "") &&
    !startsWithUnit(s, c.end)
  )
    return true;
  // Times: "10:30".
  if ((s[c.end] === ":" && isDigit(s[c.end + 1])) || (before === ":" && isDigit(s[c.spanStart - 2])))
    return true;
  if (isMonthName(wordBefore(s, c.spanStart)) || isMonthName(wordAfter(s, c.spanEnd))) return true;
  if (c.marks.some((m) => m.start >= c.end)) return false;
  let j = c.end;
  if (after === " ") j++;
  if (s[j] === "+") j++; // "10万+件", "1000+ sold"
  if (s[j] === " ") j++;
  return startsWithUnit(s, j);
}

function scanCandidates(
  s: string,
  options: ParsePriceOptions,
): { candidates: Candidate[]; hits: MarkerHit[] } {
  const hits = findCurrencyMarkers(s);
  const byEnd = new Map(hits.map((h) => [h.end, h]));
  const byStart = new Map(hits.map((h) => [h.start, h]));
  const sep = options.decimalSeparator ?? null;
  const euroAsDecimal =
    sep === "€" || (sep === null && s.indexOf("€") === s.lastIndexOf("€") && s.includes("€"));
  const candidates: Candidate[] = [];
  let i = 0;
  while (i < s.length) {
    if (!isNumberStart(s, i)) {
      i++;
      continue;
    }
    const scanned = scanNumber(s, i, euroAsDecimal);
    let end = scanned.end;
    let shift = 0;
    if (s[end] === "万") shift = 4;
    else if (s[end] === "亿") shift = 8;
    if (shift > 0) end++;
    const { marks, spanStart, spanEnd } = attachedMarks(s, i, end, byEnd, byStart);
    const dotIsDecimal = marks.some((m) => DOT_DECIMAL_CURRENCIES.has(m.marker.code));
    const value = interpret(scanned.raw, sep, dotIsDecimal);
    candidates.push({
      start: i,
      end,
      spanStart,
      spanEnd,
      marks,
      amount: value === null ? null : shiftDecimal(value, shift),
      label: null,
      excluded: false,
    });
    i = Math.max(end, i + 1);
  }
  let previousEnd = 0;
  for (const c of candidates) {
    const from = Math.max(previousEnd, c.spanStart - LABEL_REACH);
    c.label = labelOf(s.slice(from, c.spanStart));
    c.excluded = c.amount === null || c.label === "notPrice" || c.label === "discount" || notAPrice(s, c);
    previousEnd = Math.max(previousEnd, c.spanEnd);
  }
  const attached = new Set(candidates.flatMap((c) => c.marks));
  const free = hits.filter((h) => attached.has(h) || !h.marker.attachedOnly);
  return { candidates, hits: free };
}

function rank(c: Candidate): number {
  if (c.amount !== null && /^0(\.0*)?$/.test(c.amount)) return 4;
  if (c.label === "selling") return 0;
  if (c.label === "list") return 3;
  return c.marks.length > 0 ? 1 : 2;
}

function compareDecimal(a: string, b: string): number {
  const [ai = "", af = ""] = a.split(".");
  const [bi = "", bf = ""] = b.split(".");
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = af.padEnd(width, "0");
  const y = bf.padEnd(width, "0");
  return x === y ? 0 : x < y ? -1 : 1;
}

const CONNECTORS = new Set(["-", "–", "—", "~", "〜", "至", "到", "to", "bis", "à", "a", "until"]);

function markCodes(c: Candidate): Set<string> {
  return new Set(c.marks.map((m) => m.marker.code));
}

function isRange(s: string, a: Candidate, b: Candidate): boolean {
  if (b.excluded || a.amount === null || b.amount === null) return false;
  const gap = s.slice(a.spanEnd, b.spanStart).trim().toLowerCase();
  if (!CONNECTORS.has(gap)) return false;
  if (compareDecimal(a.amount, b.amount) > 0) return false;
  const ca = markCodes(a);
  const cb = markCodes(b);
  return ca.size === 0 || cb.size === 0 || [...ca].some((code) => cb.has(code));
}

interface Choice {
  chosen: Candidate;
  partner: Candidate | null;
  low: string;
  high: string | null;
}

function choose(s: string, candidates: readonly Candidate[]): Choice | null {
  const eligible = candidates.filter((c) => !c.excluded);
  let chosen: Candidate | undefined;
  for (const c of eligible) if (!chosen || rank(c) < rank(chosen)) chosen = c;
  if (!chosen || chosen.amount === null) return null;
  const index = candidates.indexOf(chosen);
  const next = candidates[index + 1];
  const prev = candidates[index - 1];
  if (next && isRange(s, chosen, next) && next.amount !== null) {
    return { chosen, partner: next, low: chosen.amount, high: next.amount };
  }
  if (prev && !prev.excluded && isRange(s, prev, chosen) && prev.amount !== null) {
    return { chosen, partner: prev, low: prev.amount, high: chosen.amount };
  }
  return { chosen, partner: null, low: chosen.amount, high: null };
}

const JAPANESE = /[\u3040-\u30ff]|円|税込|税抜/;

function hintMarker(hint: string): CurrencyMarker | null {
  const code = isoCodeOf(hint.trim());
  if (code) return { text: hint.trim(), code };
  return findCurrencyMarkers(hint.slice(0, 200).normalize("NFKC"))[0]?.marker ?? null;
}

function strongest(marks: readonly MarkerHit[]): CurrencyMarker | null {
  return marks.find((m) => !m.marker.family)?.marker ?? marks[0]?.marker ?? null;
}

function resolveCurrency(
  s: string,
  choice: Choice | null,
  hits: readonly MarkerHit[],
  hint: string | null,
): string | null {
  const hinted = hint ? hintMarker(hint) : null;
  const own =
    (choice && strongest(choice.chosen.marks)) ??
    (choice?.partner && strongest(choice.partner.marks)) ??
    strongest(hits) ??
    hinted;
  if (!own) return null;
  if (own.family && hinted && own !== hinted) {
    const hintCodes = hinted.family ? [] : [hinted.code];
    const match = hintCodes.find((code) => own.family?.includes(code));
    if (match) return match;
  }
  if (own.family?.includes("JPY") && own.code === "CNY" && JAPANESE.test(`${s} ${hint ?? ""}`)) return "JPY";
  return own.code;
}

interface Parsed {
  choice: Choice | null;
  currency: string | null;
}

function parse(text: unknown, options: ParsePriceOptions | undefined): Parsed {
  const opts = options ?? {};
  const hint = typeof opts.currencyHint === "string" ? opts.currencyHint : null;
  const s = normalize(typeof text === "string" ? text : "");
  const { candidates, hits } = scanCandidates(s, opts);
  let choice = choose(s, candidates);
  if (choice && choice.chosen.marks.length === 0 && saysNoPrice(s)) choice = null;
  return { choice, currency: resolveCurrency(s, choice, hits, hint) };
}

/** The price in `text`: its low end for a range; `amount` null when there is none. Never throws. */
export function parsePrice(text: string, options?: ParsePriceOptions): ParsedPrice {
  const { choice, currency } = parse(text, options);
  if (choice) return { amount: choice.low, currency };
  const s = typeof text === "string" ? text.slice(0, MAX_INPUT) : "";
  return { amount: saysFree(s) && !/\d/.test(s) ? "0" : null, currency };
}

/** The range in `text` ("¥99-¥199" → 99..199), or null when the price is a single amount. */
export function parsePriceRange(text: string, options?: ParsePriceOptions): ParsedPriceRange | null {
  const { choice, currency } = parse(text, options);
  if (!choice || choice.high === null) return null;
  return { low: choice.low, high: choice.high, currency };
}
