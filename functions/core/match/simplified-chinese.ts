import { Converter, Locale } from "opencc-js/t2cn";

/**
 * Traditional (Taiwan and Hong Kong) → simplified Chinese, exactly as OpenCC's `tw → cn` then
 * `hk → cn` converters give it, without running them over text they cannot change.
 *
 * The converters walk their dictionaries' tries at every character of the text, ten passes in
 * all: 5 ms for the 16,000 characters of a listing's page text, more than fetching and reading
 * the page. Almost none of a simplified page changes, and which parts can is known from the
 * dictionaries:
 * - a character that occurs in no dictionary key is never touched, and no match spans it, so the
 *   text between such characters converts on its own;
 * - such a stretch can change only where a key that maps to something else can match: where one
 *   of its single-character keys occurs, or the first two characters of a longer one.
 * Only the stretches holding such a place go through the converters; the rest is copied.
 * Ideographic description sequences change how the converters step through text, so text
 * holding one is converted whole.
 */

type Convert = (text: string) => string;

interface Screen {
  /** Per BMP code unit: KEY, SINGLE and FIRST bits. */
  bmp: Uint8Array;
  /** The same bits for code points beyond the BMP (rare in keys). */
  astral: Map<number, number>;
  /** For each FIRST code point, the second code points that start a changing key with it. */
  seconds: Map<number, Set<number>>;
}

let convertWhole: Convert | undefined;
let screen: Screen | null | undefined;

function isWord(value: unknown): value is string {
  return typeof value === "string" && !value.includes(" ") && !value.includes("|");
}

/** Every [key, value] pair of the dictionaries reachable from an OpenCC config (strings "k v|k v" or pairs). */
export function dictionaryPairs(value: unknown, out: Array<[string, string]>): void {
  if (typeof value === "string") {
    for (const entry of value.split("|")) {
      const [key, replacement] = entry.split(" ");
      if (key && replacement !== undefined) out.push([key, replacement]);
    }
  } else if (Array.isArray(value)) {
    // A pair is two words; two strings holding spaces are two dictionaries.
    if (value.length === 2 && isWord(value[0]) && isWord(value[1])) {
      out.push([value[0], value[1]]);
      return;
    }
    for (const item of value) dictionaryPairs(item, out);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) dictionaryPairs(item, out);
  }
}

const KEY = 1;
const SINGLE = 2;
const FIRST = 4;

function buildScreen(): Screen | null {
  const configs = (Locale as { configs?: Record<string, unknown> }).configs;
  const pairs: Array<[string, string]> = [];
  dictionaryPairs([configs?.["tw2s"], configs?.["hk2s"]], pairs);
  if (pairs.length === 0) return null;
  const screen: Screen = { bmp: new Uint8Array(0x10000), astral: new Map(), seconds: new Map() };
  const mark = (c: number, bit: number) => {
    if (c < 0x10000) screen.bmp[c]! |= bit;
    else screen.astral.set(c, (screen.astral.get(c) ?? 0) | bit);
  };
  for (const [key, replacement] of pairs) {
    const codePoints = [...key].map((c) => c.codePointAt(0) as number);
    for (const c of codePoints) mark(c, KEY);
    if (key === replacement) continue;
    const [first, second] = codePoints as [number, number | undefined];
    if (second === undefined) {
      mark(first, SINGLE);
      continue;
    }
    mark(first, FIRST);
    let set = screen.seconds.get(first);
    if (!set) {
      set = new Set();
      screen.seconds.set(first, set);
    }
    set.add(second);
  }
  return screen;
}

function converter(): Convert {
  if (convertWhole === undefined) {
    const fromTw = Converter({ from: "tw", to: "cn" });
    const fromHk = Converter({ from: "hk", to: "cn" });
    convertWhole = (t) => fromHk(fromTw(t));
  }
  return convertWhole;
}

/** Samples the screen must agree with the converters on, or it is not used (a changed library). */
const SELF_CHECK = ["醫療器械專營店", "衞生", "什麼", "什么东西", "上梁", "血糖試紙 ５０片", "安可血糖试纸"];

function screened(): Screen | null {
  if (screen === undefined) {
    const built = buildScreen();
    const convert = converter();
    screen =
      built && SELF_CHECK.every((s) => convertScreened(s, built, convert) === convert(s)) ? built : null;
  }
  return screen;
}

function bitsOf(s: Screen, c: number): number {
  return c < 0x10000 ? s.bmp[c]! : (s.astral.get(c) ?? 0);
}

function codePointBefore(text: string, at: number): number {
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(at - 2) as number;
  }
  return low;
}

/** Index of the next place at or after `from` where a key that changes text can match, or -1. */
function nextChange(text: string, from: number, s: Screen): number {
  const bmp = s.bmp;
  for (let i = from; i < text.length; ) {
    let c = text.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      c = text.codePointAt(i) as number;
      if (c > 0xffff) width = 2;
    }
    const bits = c < 0x10000 ? bmp[c]! : (s.astral.get(c) ?? 0);
    if (bits & SINGLE) return i;
    if (bits & FIRST && i + width < text.length) {
      const next = text.codePointAt(i + width) as number;
      if (s.seconds.get(c)?.has(next)) return i;
    }
    i += width;
  }
  return -1;
}

/** The stretch of dictionary characters around `at`: [start, end). */
function stretchAround(text: string, at: number, s: Screen): [number, number] {
  let start = at;
  while (start > 0) {
    const c = codePointBefore(text, start);
    if (!(bitsOf(s, c) & KEY)) break;
    start -= c > 0xffff ? 2 : 1;
  }
  let end = at;
  while (end < text.length) {
    const c = text.codePointAt(end) as number;
    if (!(bitsOf(s, c) & KEY)) break;
    end += c > 0xffff ? 2 : 1;
  }
  return [start, end];
}

const MIN_CONVERTED = 256;
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

function convertScreened(text: string, s: Screen, convert: Convert): string {
  if (IDEOGRAPHIC_DESCRIPTION.test(text)) return convert(text);
  let hit = nextChange(text, 0, s);
  if (hit === -1) return text;
  const parts: string[] = [];
  let copied = 0;
  let converted = 0;
  while (hit !== -1) {
    // Traditional text changes nearly everywhere: once a third of it has, one call does the rest.
    if (converted > MIN_CONVERTED && converted * 3 > copied) {
      parts.push(convert(text.slice(copied)));
      return parts.join("");
    }
    const [start, end] = stretchAround(text, hit, s);
    parts.push(text.slice(copied, start), convert(text.slice(start, end)));
    converted += end - start;
    copied = end;
    hit = nextChange(text, end, s);
  }
  parts.push(text.slice(copied));
  return parts.join("");
}

/** `text` in simplified Chinese: OpenCC's Taiwan then Hong Kong conversion. */
export function toSimplified(text: string): string {
  const s = screened();
  const convert = converter();
  return s ? convertScreened(text, s, convert) : convert(text);
}

/** The converters run over the whole text, for tests that hold the screen to them. */
export function toSimplifiedWhole(text: string): string {
  return converter()(text);
}

/** Whether the screen is in use (false: the library's dictionaries could not be read or disagreed). */
export function screenInUse(): boolean {
  return screened() !== null;
}
