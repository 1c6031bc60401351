/**
 * Runner (a): Pricewarden's own path. Discovery walks the listing pages through the fetcher
 * (`discoverProductUrls`), then every product page goes fetcher → `extractListing` at the given
 * concurrency, exactly as `processTarget` in functions/stages/cycle.ts does it.
 *
 * `--profile channel` (default): the channel's CSS profile is passed for every page, as cycle.ts
 * does (`channel.extract`). `--profile markup-only`: the profile is passed only for the pages
 * without JSON-LD (an oracle no real crawl has; it shows what a DOM costs).
 */
import { validateConfig } from "../functions/core/config.js";
import { discoverProductUrls } from "../functions/crawl/discover.js";
import { createFetcher } from "../functions/crawl/fetcher.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import {
  catalog,
  type ExtractedFields,
  LISTING_LINKS,
  LISTING_NEXT,
  listingPageCount,
  MARKET_PROFILE,
} from "./catalog.js";
import { detached, measure, parseRunnerArgs, pool, report, score } from "./harness.js";

const args = parseRunnerArgs();
const profileMode = args.flags.get("profile") ?? "channel";
if (profileMode !== "channel" && profileMode !== "markup-only")
  throw new Error("--profile channel|markup-only");

// The bench sites run on 127.0.0.1: the operator's opt-in to local targets (functions/net).
process.env.PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES ??= "1";
const parsed = validateConfig({
  tenant: "bench",
  channels: [{ id: "market", name: "Bench market", match: ["127.0.0.1"], extract: MARKET_PROFILE }],
  products: [{ sku: "x", name: "x", match: { keywords: [["x"]] } }],
  watch: [{ url: `${args.origin}/item/1.html`, channel: "market" }],
  network: {
    allowPrivateAddresses: true,
    concurrency: args.concurrency,
    perHostConcurrency: args.concurrency,
    delayMs: 0,
    respectRobots: true,
  },
});
if (!parsed.ok) throw new Error(`bench config: ${JSON.stringify(parsed.issues)}`);
const channel = parsed.config.channels[0];
if (!channel?.extract) throw new Error("bench config lost its channel profile");
const profile = channel.extract;
const markupOnly = new Set(
  catalog(args.products)
    .filter((p) => !p.jsonLd)
    .map((p) => p.path),
);

const fetcher = createFetcher(parsed.config.network);
const results = new Map<string, ExtractedFields>();
let listingPages = 0;
let failures = 0;

const { window } = await measure(async () => {
  const found = await discoverProductUrls(fetcher, {
    start: `${args.origin}/list?page=1`,
    links: LISTING_LINKS,
    next: LISTING_NEXT,
    maxPages: listingPageCount(args.products) + 1,
  });
  listingPages = found.pages;
  await pool(found.urls, args.concurrency, async (url) => {
    const outcome = await fetcher.fetch(url);
    if (outcome.kind !== "ok") {
      failures++;
      return;
    }
    const path = new URL(outcome.finalUrl).pathname;
    const useProfile = profileMode === "channel" || markupOnly.has(path);
    const listing = extractListing(outcome.body, outcome.finalUrl, useProfile ? profile : undefined);
    results.set(
      path,
      detached({
        title: listing.title,
        price: listing.price,
        availability: listing.availability,
        seller: listing.seller,
      }),
    );
  });
  await fetcher.close();
});

if (failures > 0) process.stderr.write(`pricewarden: ${failures} product fetches were not ok\n`);
const result = report(
  args,
  profileMode === "channel" ? "pricewarden" : "pricewarden-oracle-profile",
  profileMode === "channel"
    ? "Pricewarden fetcher + discover + extractListing, channel CSS profile on every page (as cycle.ts)"
    : "Pricewarden, CSS profile only on the markup-only pages (oracle; JSON-LD pages skip the DOM)",
  window,
  { pages: results.size, listingPages },
  score(results, args.products),
);
process.stdout.write(`${JSON.stringify({ runner: result.runner, pagesPerSec: result.pagesPerSec })}\n`);
