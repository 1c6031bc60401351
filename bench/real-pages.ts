/**
 * CPU per real page: `node --import tsx bench/real-pages.ts`. Decodes, classifies and extracts
 * each page of ../shared/fixtures/real/product-pages as the fetch stage hands it over (bytes →
 * decodeForReading → classifyPage → extractListing), after three warm-up passes, and prints the
 * total, median, p90 and slowest page. Prints numbers; nothing here is a test.
 */
import { join } from "node:path";
import { classifyPage, SCAN_BYTES } from "../functions/crawl/classify-page.js";
import { decodeForReading } from "../functions/crawl/decode-charset.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import { readManifest, readPageBytes } from "../test/extract/score.js";
import { realFixturesDir } from "../test/support/real-fixtures.js";

if (!realFixturesDir) throw new Error("no ../shared/fixtures/real next to the checkout");
const dir = join(realFixturesDir, "product-pages");
const pages = readManifest(dir).map((page) => ({ page, bytes: readPageBytes(dir, page) }));

function once(bytes: Buffer, url: string): void {
  const read = decodeForReading(bytes, null, SCAN_BYTES);
  classifyPage({ status: 200, url, finalUrl: url, body: read.text, markupPrefix: read.markupPrefix });
  extractListing(read.text, url);
}

for (let warm = 0; warm < 3; warm++) for (const { page, bytes } of pages) once(bytes, page.url);
const times = pages.map(({ page, bytes }) => {
  const started = process.hrtime.bigint();
  once(bytes, page.url);
  return { file: page.file, ms: Number(process.hrtime.bigint() - started) / 1e6, kb: bytes.length / 1024 };
});
const sorted = [...times].sort((a, b) => a.ms - b.ms);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const total = times.reduce((sum, t) => sum + t.ms, 0);
const kb = times.reduce((sum, t) => sum + t.kb, 0);
const slowest = sorted[sorted.length - 1]!;
process.stdout.write(
  `${times.length} real pages, ${(kb / times.length).toFixed(0)} KB average: total ${total.toFixed(0)} ms, ` +
    `median ${at(0.5).ms.toFixed(1)} ms, p90 ${at(0.9).ms.toFixed(1)} ms, slowest ${slowest.ms.toFixed(1)} ms ` +
    `(${slowest.file}, ${slowest.kb.toFixed(0)} KB); ${((total / kb) * 100).toFixed(2)} ms per 100 KB\n`,
);
