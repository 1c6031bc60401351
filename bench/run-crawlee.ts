/**
 * Runner (b): Crawlee's CheerioCrawler, the way its docs write a crawler: one request handler,
 * `enqueueLinks` with labels for listing → product pages, fields read with `$` selectors and
 * JSON-LD from `$('script[type="application/ld+json"]')`. Storage stays in memory
 * (`persistStorage: false`); concurrency is pinned (min = max).
 */
import { type CheerioAPI, CheerioCrawler, Configuration, LogLevel, log } from "@crawlee/cheerio";
import { type ExtractedFields, LISTING_LINKS, LISTING_NEXT, MARKET_PROFILE } from "./catalog.js";
import {
  availabilityFromSchema,
  detached,
  measure,
  parseRunnerArgs,
  report,
  score,
  stockFromText,
} from "./harness.js";

const args = parseRunnerArgs();
log.setLevel(LogLevel.WARNING);

const config = new Configuration({ persistStorage: false, purgeOnStart: true, headless: true });
const results = new Map<string, ExtractedFields>();
let listingPages = 0;

function fromJsonLd($: CheerioAPI): Partial<ExtractedFields> {
  const out: Partial<ExtractedFields> = {};
  $('script[type="application/ld+json"]').each((_, el) => {
    let data: unknown;
    try {
      data = JSON.parse($(el).text());
    } catch {
      return;
    }
    for (const node of Array.isArray(data) ? data : [data]) {
      if (typeof node !== "object" || node === null || (node as { "@type"?: unknown })["@type"] !== "Product")
        continue;
      const product = node as { name?: string; offers?: unknown };
      const offers = Array.isArray(product.offers) ? product.offers[0] : product.offers;
      const offer = (offers ?? {}) as {
        price?: unknown;
        availability?: unknown;
        seller?: { name?: unknown };
      };
      if (typeof product.name === "string") out.title = product.name;
      if (offer.price !== undefined) out.price = String(offer.price);
      const availability = availabilityFromSchema(offer.availability);
      if (availability) out.availability = availability;
      if (typeof offer.seller?.name === "string") out.seller = offer.seller.name;
    }
  });
  return out;
}

const crawler = new CheerioCrawler(
  {
    minConcurrency: args.concurrency,
    maxConcurrency: args.concurrency,
    maxRequestRetries: 3,
    async requestHandler({ request, $, enqueueLinks }) {
      if (request.label === "LIST") {
        listingPages++;
        await enqueueLinks({ selector: LISTING_LINKS, label: "ITEM" });
        await enqueueLinks({ selector: LISTING_NEXT, label: "LIST" });
        return;
      }
      const ld = fromJsonLd($);
      const priceText = $(MARKET_PROFILE.price).first().text();
      const fields: ExtractedFields = {
        title: ld.title ?? ($(MARKET_PROFILE.title).first().text().trim() || null),
        price: ld.price ?? /\d+(?:\.\d+)?/.exec(priceText)?.[0] ?? null,
        availability: ld.availability ?? stockFromText($(MARKET_PROFILE.stock).first().text()),
        seller: ld.seller ?? ($(MARKET_PROFILE.seller).first().text().trim() || null),
      };
      results.set(new URL(request.loadedUrl ?? request.url).pathname, detached(fields));
    },
    failedRequestHandler({ request }) {
      process.stderr.write(`crawlee: failed ${request.url}\n`);
    },
  },
  config,
);

const { window } = await measure(async () => {
  await crawler.run([{ url: `${args.origin}/list?page=1`, label: "LIST" }]);
});

const result = report(
  args,
  "crawlee",
  "Crawlee CheerioCrawler (@crawlee/cheerio), in-memory storage, $ selectors + JSON-LD",
  window,
  { pages: results.size, listingPages },
  score(results, args.products),
);
process.stdout.write(`${JSON.stringify({ runner: result.runner, pagesPerSec: result.pagesPerSec })}\n`);
