/**
 * CPU of folding a listing's text for product matching: `node --import tsx bench/fold-text.ts`.
 * Extracts 50 marketplace product pages (bench/catalog.ts), then folds each page text (about
 * 16,000 characters, as matchProduct does for every listing) and title, three passes after a
 * warm-up, with the screened conversion (functions/core/match/simplified-chinese.ts) and with OpenCC's
 * converters over the whole text. Prints milliseconds per listing; nothing here is a test.
 */
import { foldText } from "../functions/core/match/normalize-text.js";
import { toSimplified, toSimplifiedWhole } from "../functions/core/match/simplified-chinese.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import { MARKET_PROFILE, productAt, productHtml } from "./catalog.js";

const listings = Array.from({ length: 50 }, (_, i) =>
  extractListing(
    productHtml(productAt(i * 7), { count: 3000 }),
    "http://127.0.0.1/item/1.html",
    MARKET_PROFILE,
  ),
);
const texts = listings.map((l) => l.pageText.normalize("NFKC"));

function perListing(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6 / listings.length;
}

const rows: Record<string, number[]> = {
  "foldText(page text)": [],
  "screened conversion": [],
  "whole conversion": [],
};
for (let pass = 0; pass < 4; pass++) {
  const fold = perListing(() => {
    for (const l of listings) foldText(l.pageText);
  });
  const screened = perListing(() => {
    for (const t of texts) toSimplified(t);
  });
  const whole = perListing(() => {
    for (const t of texts) toSimplifiedWhole(t);
  });
  if (pass === 0) continue;
  rows["foldText(page text)"]!.push(fold);
  rows["screened conversion"]!.push(screened);
  rows["whole conversion"]!.push(whole);
}
const chars = Math.round(texts.reduce((sum, t) => sum + t.length, 0) / texts.length);
process.stdout.write(
  `${listings.length} listings, page text ${chars} characters on average; ms per listing, three passes:\n`,
);
for (const [name, values] of Object.entries(rows))
  process.stdout.write(`  ${name}: ${values.map((v) => v.toFixed(2)).join(" / ")}\n`);
