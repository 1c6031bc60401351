/**
 * Small counts as written in titles and promotions: "3", "两", "十二", "二十". Only what a
 * pack count or a bundle size needs (1..99); anything else is not a count.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Regular-expression source for one count token; digits or Chinese numerals. */
export const COUNT_SOURCE = "(?:\\d+|[一二两三四五六七八九十]{1,3})";

export function parseCount(token: string): number | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (token === "十") return 10;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(token);
  if (!m || token === "") return null;
  const [, tens, ten, ones] = m;
  if (!ten) return ones === undefined && tens !== undefined ? (DIGITS[tens] ?? null) : null;
  // "两十" is not how anyone writes twenty.
  if (tens === "两") return null;
  return (tens === undefined ? 1 : (DIGITS[tens] ?? 0)) * 10 + (ones === undefined ? 0 : (DIGITS[ones] ?? 0));
}

const NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/**
 * A count from 1 to 99 in Chinese numerals, the inverse of `parseCount`; `two` chooses how a
 * lone 2 is written ("两盒" and "二盒" both occur).
 */
export function writeCount(n: number, two: "两" | "二" = "两"): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`${n} is not a count from 1 to 99`);
  if (n === 2) return two;
  if (n < 10) return NUMERALS[n] ?? "";
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}
