/**
 * CPU of matching a listing to a catalogue as it grows: `node --import tsx bench/match-catalog.ts`.
 * - products: the demo config's, widened to 4, 50, 200 and 1,000 SKUs (each with two identifiers
 *   and two keyword groups), matched against 20 marketplace listings (bench/catalog.ts);
 * - sellers: the demo's distributors plus 0, 50 and 200 more (three shops each), against 50
 *   listings' sellers;
 * as processTarget does for every listing. Prints milliseconds per listing; nothing here is a test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { validateConfig } from "../functions/core/config.js";
import { matchProduct } from "../functions/core/match/product-match.js";
import { resolveSeller } from "../functions/core/match/seller-identity.js";
import { extractListing } from "../functions/extract/extract-listing.js";
import { MARKET_PROFILE, productAt, productHtml } from "./catalog.js";

const demo = parse(readFileSync(join(fileURLToPath(import.meta.url), "../../examples/demo.yaml"), "utf8"));
const listings = Array.from({ length: 20 }, (_, i) =>
  extractListing(
    productHtml(productAt(i * 7), { count: 3000 }),
    "http://127.0.0.1/item/1.html",
    MARKET_PROFILE,
  ),
);

interface DemoProduct {
  sku: string;
  match: Record<string, unknown>;
}

for (const size of [4, 50, 200, 1000]) {
  const base = demo.products as DemoProduct[];
  const products = Array.from({ length: size }, (_, i) => {
    const b = base[i % base.length]!;
    return {
      ...b,
      // The demo's own SKUs stay (its watch entries name them).
      sku: i < base.length ? b.sku : `${b.sku}-${i}`,
      match: {
        ...b.match,
        keywords: [
          [`品牌${i % 37}`, `产品${i}`],
          ["安可", `型号${i}`],
        ],
        ids: [`69755123${String(10000 + i).padStart(5, "0")}`, `国械注准2020${2070000 + i}`],
      },
    };
  });
  const checked = validateConfig({ ...demo, products });
  if (!checked.ok) throw new Error(`config: ${JSON.stringify(checked.issues).slice(0, 300)}`);
  const config = checked.config;
  const passes: number[] = [];
  for (let pass = 0; pass < 4; pass++) {
    const started = process.hrtime.bigint();
    for (const listing of listings) matchProduct(config.products, listing);
    if (pass > 0) passes.push(Number(process.hrtime.bigint() - started) / 1e6 / listings.length);
  }
  process.stdout.write(
    `${String(size).padStart(5)} products: ${passes.map((ms) => ms.toFixed(2)).join(" / ")} ms per listing\n`,
  );
}

interface DemoDistributor {
  id: string;
  name: string;
  regions: string[];
}

for (const extra of [0, 50, 200]) {
  const base = demo.distributors as DemoDistributor[];
  const distributors = [
    ...base,
    ...Array.from({ length: extra }, (_, i) => ({
      ...base[i % base.length]!,
      id: `d${i}`,
      name: `经销商${i}`,
      sellers: [
        { channel: "jd", name: `康泰${i}医疗器械专营店`, id: String(50_000 + i) },
        { channel: "tmall", name: `康泰${i}大药房旗舰店`, id: String(60_000 + i) },
        { channel: "pharmacy", name: `康泰${i}健康馆` },
      ],
    })),
  ];
  const checked = validateConfig({ ...demo, distributors });
  if (!checked.ok) throw new Error(`config: ${JSON.stringify(checked.issues).slice(0, 300)}`);
  const config = checked.config;
  const passes: number[] = [];
  for (let pass = 0; pass < 4; pass++) {
    // New seller names every pass, as new listings bring them.
    const sellers = Array.from({ length: 50 }, (_, i) => ({
      name: `某某${pass}-${i}医疗器械专营店`,
      id: String(i),
    }));
    const started = process.hrtime.bigint();
    for (const seller of sellers) resolveSeller(config, "jd", seller);
    if (pass > 0) passes.push(Number(process.hrtime.bigint() - started) / 1e6 / sellers.length);
  }
  process.stdout.write(
    `${String(distributors.length).padStart(5)} distributors: ${passes.map((ms) => ms.toFixed(2)).join(" / ")} ms per seller\n`,
  );
}
