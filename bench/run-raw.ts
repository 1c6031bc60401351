/**
 * Runner (c): the raw ceiling. One undici Pool with keep-alive connections, listing pages walked
 * as product links appear (products are fetched while later listing pages are still being
 * read), fields taken with regular expressions written for this one site. No DOM, no
 * politeness, no guards: nothing a production crawler could ship, only the upper bound.
 */
import { gunzipSync } from "node:zlib";
import { Pool } from "undici";
import type { ExtractedFields } from "./catalog.js";
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
const origin = new URL(args.origin).origin;
const pool = new Pool(origin, { connections: args.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });

const LINK = /<a class="goods-link" href="([^"]+)"/g;
const NEXT = /<a class="next-page" href="([^"]+)"/;
const JSON_LD = /<script type="application\/ld\+json">([^<]*)<\/script>/;
const TITLE = /<h1 class="product-title">([^<]*)<\/h1>/;
const PRICE = /<span class="sale-price">¥<em class="price-value">([\d.]+)<\/em>/;
const STOCK = /<div class="stock-status">([^<]*)</;
const SELLER = /<a class="shop-name"[^>]*>([^<]*)</;

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
  );
}

async function get(path: string): Promise<string> {
  const res = await pool.request({ path, method: "GET", headers: { "accept-encoding": "gzip" } });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`HTTP ${res.statusCode} for ${path}`);
  }
  if (res.headers["content-encoding"] === "gzip")
    return gunzipSync(Buffer.from(await res.body.arrayBuffer())).toString("utf8");
  return res.body.text();
}

function extract(html: string): ExtractedFields {
  const ld = JSON_LD.exec(html);
  if (ld?.[1]) {
    const data = JSON.parse(ld[1]) as {
      name?: string;
      offers?: { price?: string; availability?: string; seller?: { name?: string } };
    };
    return {
      title: data.name ?? null,
      price: data.offers?.price ?? null,
      availability: availabilityFromSchema(data.offers?.availability),
      seller: data.offers?.seller?.name ?? null,
    };
  }
  const title = TITLE.exec(html)?.[1];
  const seller = SELLER.exec(html)?.[1];
  return {
    title: title === undefined ? null : unescapeHtml(title),
    price: PRICE.exec(html)?.[1] ?? null,
    availability: stockFromText(STOCK.exec(html)?.[1] ?? ""),
    seller: seller === undefined ? null : unescapeHtml(seller),
  };
}

const results = new Map<string, ExtractedFields>();
let listingPages = 0;

const { window } = await measure(async () => {
  const queue: string[] = [];
  let walking = true;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const walker = (async () => {
    let next: string | null = "/list?page=1";
    while (next !== null) {
      const html = await get(next);
      listingPages++;
      for (const m of html.matchAll(LINK)) if (m[1]) queue.push(m[1]);
      notify();
      next = NEXT.exec(html)?.[1] ?? null;
    }
    walking = false;
    notify();
  })();
  const lanes = Array.from({ length: args.concurrency }, async () => {
    for (;;) {
      const path = queue.shift();
      if (path === undefined) {
        if (!walking) return;
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      results.set(path, detached(extract(await get(path))));
    }
  });
  await Promise.all([walker, ...lanes]);
  await pool.close();
});

const result = report(
  args,
  "raw",
  "Raw ceiling: undici Pool keep-alive + site-specific regexes, no DOM",
  window,
  { pages: results.size, listingPages },
  score(results, args.products),
);
process.stdout.write(`${JSON.stringify({ runner: result.runner, pagesPerSec: result.pagesPerSec })}\n`);
