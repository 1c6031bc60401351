/**
 * Where each of several ASCII literals occurs in a text, ignoring ASCII case, found in one pass
 * shared by all of them and only as far as they are asked for.
 *
 * The generic profile's `[class*="sale-price" i]`-style selectors each search the page for their
 * literal, and on a page that has none of them each search reads the whole page: about twenty
 * passes over megabyte pages. One alternation finds every place where any of them starts; each
 * such place is checked against every literal that begins with its character, so overlapping ones
 * ("promo-", "promotion") all get their hits. The literals are ASCII, where the regex `i` flag is exactly ASCII case folding
 * (non-Unicode regexes never fold a non-ASCII character onto an ASCII one).
 */

import { escapeRegex } from "./escape-regex.js";
import { firstIndexAtLeast } from "./sorted-index.js";

function foldedAt(text: string, at: number, lower: string): boolean {
  if (at + lower.length > text.length) return false;
  for (let j = 0; j < lower.length; j++) {
    let c = text.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(j)) return false;
  }
  return true;
}

export class NeedleBatch {
  private readonly lower: string[];
  private readonly slot = new Map<string, number>();
  private readonly hits: number[][];
  /** Literals by their first character (lower-cased): only those can start where a match starts. */
  private readonly byFirst = new Map<number, number[]>();
  private readonly anyNeedle: RegExp;
  /** Every start position below this has been looked at. */
  private scanned = 0;

  constructor(
    private readonly text: string,
    needles: readonly string[],
  ) {
    this.lower = [...new Set(needles.map((n) => n.toLowerCase()))].filter((n) => n !== "");
    this.lower.forEach((n, i) => {
      this.slot.set(n, i);
    });
    this.hits = this.lower.map(() => []);
    this.lower.forEach((n, i) => {
      const first = n.charCodeAt(0);
      this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), i]);
    });
    this.anyNeedle = new RegExp(this.lower.map(escapeRegex).join("|"), "gi");
  }

  /** Whether `needle` is one of this batch's literals. */
  has(needle: string): boolean {
    return this.slot.has(needle.toLowerCase());
  }

  /** The first index at or after `from` where `needle` occurs, ignoring ASCII case, or -1. */
  next(needle: string, from: number): number {
    const i = this.slot.get(needle.toLowerCase());
    if (i === undefined) throw new Error(`needle not in batch: ${needle.slice(0, 40)}`);
    const list = this.hits[i]!;
    for (;;) {
      const i = firstIndexAtLeast(list, from);
      if (i < list.length) return list[i]!;
      if (this.scanned >= this.text.length || this.lower.length === 0) return -1;
      this.advance();
    }
  }

  /** Looks at the next place where any literal starts and records every literal found there. */
  private advance(): void {
    this.anyNeedle.lastIndex = this.scanned;
    const match = this.anyNeedle.exec(this.text);
    if (match === null) {
      this.scanned = this.text.length;
      return;
    }
    const at = match.index;
    let first = this.text.charCodeAt(at);
    if (first >= 65 && first <= 90) first += 32;
    for (const k of this.byFirst.get(first) ?? [])
      if (foldedAt(this.text, at, this.lower[k]!)) this.hits[k]!.push(at);
    this.scanned = at + 1;
  }
}
