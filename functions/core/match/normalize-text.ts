import { toSimplified } from "./simplified-chinese.js";

/**
 * Text folding for matching strangers' text against configured names: Taiwan/Hong Kong
 * traditional characters, full-width forms, case and spacing all vary between sellers who
 * mean the same thing.
 */

// Marks that decorate names but are no part of them; ™ would otherwise fold to "tm" under NFKC.
const TRADEMARKS = /[\u00a9\u00ae\u2122\u2120]/g;
// Zero-width and other invisible format characters, a cheap way to defeat substring matching.
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;
const SPACES = /\s+/gu;
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu;

function foldOnce(text: string): string {
  const nfkc = text.replace(TRADEMARKS, "").normalize("NFKC").replace(INVISIBLE, "");
  return toSimplified(nfkc).toLowerCase().normalize("NFKC").replace(SPACES, " ").trim();
}

/**
 * The conversion tables and case mapping are not idempotent for a few code points
 * (OpenCC maps 麼 → 么 → 幺), so iterate to a fixed point; two passes settle every real input.
 */
function fixedPoint(text: string, step: (s: string) => string): string {
  let current = step(text);
  for (let i = 0; i < 4; i++) {
    const next = step(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * NFKC (full → half width), simplified Chinese, lower case, invisible characters dropped and
 * whitespace runs collapsed to one space. Punctuation and symbols are kept, so grammars such as
 * "50片*2盒" or "满199减20" still parse.
 */
export function foldText(text: string): string {
  return fixedPoint(text, foldOnce);
}

/**
 * `foldText` with every whitespace, punctuation and symbol character removed: the form used to
 * compare names and to look for keywords ("安可 血糖试纸" and "【安可】血糖試紙" both contain
 * "安可血糖试纸"). Idempotent.
 */
export function normalizeText(text: string): string {
  return fixedPoint(text, (s) => foldOnce(s).replace(NOT_WORD, ""));
}
