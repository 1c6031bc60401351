/**
 * What entity decoding costs next to extraction: `node --import tsx bench/entity-decoding.ts`.
 * For each page of ../shared/fixtures/real/product-pages it times extraction (as
 * bench/real-pages.ts) and, separately, decoding every attribute value and text run of the page
 * that holds a `&` with the `entities` package — more than extraction ever decodes, so the share
 * printed is an upper bound. Prints numbers; nothing here is a test.
 */
import { join } from "node:path";
import { decodeForReading } from "../functions/crawl/decode-charset.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import { decodeLikeParser } from "../functions/html/html-entities.js";
import { readManifest, readPageBytes } from "../test/extract/score.js";
import { realFixturesDir } from "../test/support/real-fixtures.js";

if (!realFixturesDir) throw new Error("no ../shared/fixtures/real next to the checkout");
const dir = join(realFixturesDir, "product-pages");
const pages = readManifest(dir).map((page) => {
  const text = decodeForReading(readPageBytes(dir, page), null, 4096).text;
  const attributes = [...text.matchAll(/=\s*"([^"]*&[^"]*)"/g)].map((m) => m[1] ?? "");
  const runs = [...text.matchAll(/>([^<]*&[^<]*)</g)].map((m) => m[1] ?? "");
  return { url: page.url, text, attributes, runs };
});

function timed(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

let extractMs = 0;
let decodeMs = 0;
let references = 0;
for (let pass = 0; pass < 4; pass++) {
  const measured = pass > 0;
  for (const page of pages) {
    const e = timed(() => extractListing(page.text, page.url));
    const d = timed(() => {
      for (const value of page.attributes) decodeLikeParser(value, true);
      for (const run of page.runs) decodeLikeParser(run, false);
    });
    if (measured) {
      extractMs += e;
      decodeMs += d;
      references += page.attributes.length + page.runs.length;
    }
  }
}
process.stdout.write(
  `${pages.length} real pages × 3: extraction ${extractMs.toFixed(0)} ms, decoding every ` +
    `attribute/text run with a reference (${references}) ${decodeMs.toFixed(1)} ms = ` +
    `${((decodeMs / extractMs) * 100).toFixed(2)}% of extraction (upper bound)\n`,
);
