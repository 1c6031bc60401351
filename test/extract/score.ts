import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import type { Availability, ExtractedListing } from "../../functions/core/listing.js";
import { parsePrice } from "../../functions/core/price/parse-price.js";
import { SCAN_BYTES } from "../../functions/crawl/classify-page.js";
import { decodeForReading } from "../../functions/crawl/decode-charset.js";

/**
 * Scores extraction against the real product pages (scrapinghub/product-extraction-benchmark),
 * with the benchmark's own metric: F1 over pages, per attribute. Reused by bench/.
 *
 *   TP: a value was predicted and it is one of the expected values.
 *   FP: a value was predicted but it is wrong, or the page expects no value.
 *   FN: a value is expected but none was predicted, or the predicted one is wrong.
 *
 * A wrong prediction is therefore both an FP and an FN, as in the benchmark.
 */

const PageSchema = z.object({
  file: z.string().regex(/^[\w.-]+$/),
  url: z.string(),
  expected: z.record(z.string(), z.array(z.string())),
});
const ManifestSchema = z.object({ pages: z.array(PageSchema) });
export type ManifestPage = z.infer<typeof PageSchema>;

export function readManifest(dir: string): ManifestPage[] {
  return ManifestSchema.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).pages;
}

export function readPageBytes(dir: string, page: ManifestPage): Buffer {
  return gunzipSync(readFileSync(join(dir, page.file)));
}

/**
 * What the extractors get from the fetch stage: the page decoded with the charset it declares
 * (some are Big5), without the code of its inline scripts.
 */
export function readPageHtml(dir: string, page: ManifestPage): string {
  return decodeForReading(readPageBytes(dir, page), null, SCAN_BYTES).text;
}

/** Canonical decimal for comparison: "49.00" → "49", "019.5" → "19.5". */
export function canonicalDecimal(value: string): string | null {
  const m = /^0*(\d+)(?:\.(\d*?)0*)?$/.exec(value.trim());
  if (!m) return null;
  const whole = m[1] ?? "0";
  return m[2] ? `${whole}.${m[2]}` : whole;
}

/**
 * Expected prices are written as the page shows them ("23.450" for Rs 23,450; "2.449" for
 * $2.449 ARS), and the benchmark reads them with a price parser; so do we. The literal decimal
 * stays acceptable when the parser reads nothing.
 */
export function expectedPriceValues(expected: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const raw of expected) {
    const parsed = parsePrice(raw, {}).amount;
    const value = canonicalDecimal(parsed ?? raw.trim());
    if (value !== null) out.add(value);
  }
  return out;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export function scoreCounts({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

export type Verdict = "tp" | "fp" | "fn" | "fp+fn" | "tn";

/** One page, one attribute: `predicted` null means nothing was extracted. */
export function judge(predicted: string | null, acceptable: ReadonlySet<string>): Verdict {
  if (predicted === null) return acceptable.size > 0 ? "fn" : "tn";
  if (acceptable.size === 0) return "fp";
  return acceptable.has(predicted) ? "tp" : "fp+fn";
}

function count(counts: Counts, verdict: Verdict): void {
  if (verdict === "tp") counts.tp++;
  if (verdict === "fp" || verdict === "fp+fn") counts.fp++;
  if (verdict === "fn" || verdict === "fp+fn") counts.fn++;
}

export interface PageResult {
  file: string;
  url: string;
  price: { predicted: string | null; expected: string[]; verdict: Verdict };
  availability: { predicted: Availability | null; expected: string[]; verdict: Verdict };
}

export interface ScoreReport {
  price: Scores;
  availability: Scores;
  pages: PageResult[];
}

/** Runs `extract` over every page of the manifest in `dir` and scores price and availability. */
export function scoreProductPages(
  dir: string,
  extract: (html: string, url: string) => Pick<ExtractedListing, "price" | "availability">,
): ScoreReport {
  const price: Counts = { tp: 0, fp: 0, fn: 0 };
  const availability: Counts = { tp: 0, fp: 0, fn: 0 };
  const pages: PageResult[] = [];
  for (const page of readManifest(dir)) {
    const listing = extract(readPageHtml(dir, page), page.url);
    const expectedPrice = page.expected.price ?? [];
    const expectedAvailability = page.expected.availability ?? [];
    const predictedPrice = listing.price === null ? null : canonicalDecimal(listing.price);
    const priceVerdict = judge(predictedPrice, expectedPriceValues(expectedPrice));
    const availabilityVerdict = judge(listing.availability, new Set(expectedAvailability));
    count(price, priceVerdict);
    count(availability, availabilityVerdict);
    pages.push({
      file: page.file,
      url: page.url,
      price: { predicted: listing.price, expected: expectedPrice, verdict: priceVerdict },
      availability: {
        predicted: listing.availability,
        expected: expectedAvailability,
        verdict: availabilityVerdict,
      },
    });
  }
  return { price: scoreCounts(price), availability: scoreCounts(availability), pages };
}

export function formatScores(report: ScoreReport): string {
  const line = (name: string, s: Scores) =>
    `${name}: F1 ${s.f1.toFixed(3)} (P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}; TP ${s.tp} FP ${s.fp} FN ${s.fn})`;
  const misses = report.pages
    .filter((p) => p.price.verdict !== "tp" && p.price.verdict !== "tn")
    .map(
      (p) =>
        `  price ${p.price.verdict}: ${p.file} got ${p.price.predicted} want ${p.price.expected.join("|")}`,
    );
  const availabilityMisses = report.pages
    .filter((p) => p.availability.verdict !== "tp" && p.availability.verdict !== "tn")
    .map(
      (p) =>
        `  availability ${p.availability.verdict}: ${p.file} got ${p.availability.predicted} want ${p.availability.expected.join("|")}`,
    );
  return [
    line("price", report.price),
    line("availability", report.availability),
    ...misses,
    ...availabilityMisses,
  ].join("\n");
}
