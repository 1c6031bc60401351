import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NeedleBatch } from "../../functions/html/needle-batch.js";

/** Every index where `needle` occurs, ignoring case the way a non-Unicode `i` regex does. */
function occurrences(text: string, needle: string): number[] {
  const escaped = needle.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, "\\$&");
  const out: number[] = [];
  for (let at = text.search(new RegExp(escaped, "i")); at !== -1; ) {
    out.push(at);
    const next = text.slice(at + 1).search(new RegExp(escaped, "i"));
    at = next === -1 ? -1 : at + 1 + next;
  }
  return out;
}

function allFrom(batch: NeedleBatch, needle: string): number[] {
  const out: number[] = [];
  for (let at = batch.next(needle, 0); at !== -1; at = batch.next(needle, at + 1)) out.push(at);
  return out;
}

// Letters of the needles in both cases, and characters that fold onto ASCII letters under
// Unicode rules but not under the regex `i` flag (Kelvin sign, long s, dotless i, dotted I).
const textChar = fc.constantFrom(
  ...'aAbBcCeEiIkKpPrRsS-_ ."<>=',
  "\u212a",
  "\u017f",
  "\u0131",
  "\u0130",
  "中",
);
const needle = fc.string({ unit: fc.constantFrom(..."abceiIkprs-_"), minLength: 1, maxLength: 5 });

describe("NeedleBatch", () => {
  it("finds every occurrence of every needle, overlapping ones too, as one search per needle does", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: textChar, maxLength: 200 }),
        fc.array(needle, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, needles, order) => {
          const batch = new NeedleBatch(text, needles);
          // Asked in any order and interleaved, each needle gets its own positions.
          const asked = [...needles];
          for (const i of order) asked.push(needles[i % needles.length]!);
          for (const n of asked) expect(allFrom(batch, n)).toEqual(occurrences(text, n));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("answers from any starting index and only for its own needles", () => {
    const batch = new NeedleBatch('<div class="Sale-Price price">sale-price</div>', ["sale-price", "price"]);
    expect(batch.next("price", 0)).toBe(17);
    expect(batch.next("SALE-PRICE", 13)).toBe(30);
    expect(batch.next("price", 18)).toBe(23);
    expect(batch.next("price", 24)).toBe(35);
    expect(batch.next("price", 36)).toBe(-1);
    expect(batch.has("stock")).toBe(false);
    expect(() => batch.next("stock", 0)).toThrow(/not in batch/);
  });
});
