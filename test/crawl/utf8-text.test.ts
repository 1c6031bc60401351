import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../functions/crawl/utf8-text.js";

const reference = new TextDecoder("utf-8");
const chinesePage = (body: string) =>
  `<html><head><title>安可血糖试纸 50片 家用免调码</title></head><body>${"<p>血糖试纸</p>".repeat(400)}${body}</body></html>`;

describe("decodeUtf8", () => {
  it("equals TextDecoder on any text, Chinese pages included (the ICU path)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.boolean(), (text, bom) => {
        const bytes = Buffer.concat([
          bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
          Buffer.from(chinesePage(text)),
        ]);
        expect(decodeUtf8(bytes)).toBe(reference.decode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("equals TextDecoder on malformed bytes (WHATWG replacement characters)", () => {
    const prefix = Buffer.from(chinesePage(""));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (noise) => {
        const bytes = Buffer.concat([prefix, noise, Buffer.from([0xed, 0xa0, 0x80, 0xe4, 0xb8])]);
        expect(decodeUtf8(bytes)).toBe(reference.decode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("decodes Latin text and short bodies the same", () => {
    for (const text of ["plain ASCII page", "café crème brûlée", "€ 12,50", "短"]) {
      const bytes = Buffer.from(`<p>${text}</p>`.repeat(300));
      expect(decodeUtf8(bytes)).toBe(reference.decode(bytes));
    }
  });
});
