import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TenantConfig, TenantConfigSchema } from "../../functions/core/config.js";
import { createFetcher } from "../../functions/crawl/fetcher.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sendNotification } from "../../functions/notify/notify-senders.js";
import { type CycleResult, runCycle } from "../../functions/stages/cycle.js";
import { AlertRepository } from "../../functions/store/alert-repository.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { ListingRepository } from "../../functions/store/listing-repository.js";
import { RunRepository } from "../../functions/store/run-repository.js";

/**
 * What a whole cycle asks of the store: a real runCycle over a local marketplace of 40 product
 * pages (JSON-LD, gzip), the embedded store behind a document client whose every request is
 * counted. A check used to cost a GetItem and one or two puts of its own; read ahead and committed
 * in groups, a page costs a fraction of a request.
 */

const BRANDS = ["安可", "瑞康"] as const;
const ITEMS = ["血糖试纸50片", "电子血压计"] as const;
const PAGES = 40;

interface Page {
  id: number;
  title: string;
  seller: string;
  price: string;
}

/** Per SKU: an official shop, six distributors' shops and three shops nobody authorized, one under the floor. */
function marketplace(): Page[] {
  return Array.from({ length: PAGES }, (_, id) => {
    const brand = BRANDS[id % 2]!;
    const item = ITEMS[Math.floor(id / 2) % 2]!;
    const slot = Math.floor(id / 4);
    const seller =
      slot === 0 ? `${brand}官方旗舰店` : slot <= 6 ? `${brand}${slot}号授权专营店` : `某某大药房${id}号店`;
    const price = (slot === 9 ? 79 : 120 + (id % 7)).toFixed(2);
    return { id, title: `${brand}${item} 正品`, seller, price };
  });
}

function productHtml(p: Page): string {
  const data = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: p.title,
    offers: {
      "@type": "Offer",
      price: p.price,
      priceCurrency: "CNY",
      seller: { "@type": "Organization", name: p.seller },
    },
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>${p.title}</title>
<script type="application/ld+json">${JSON.stringify(data)}</script></head>
<body><h1>${p.title}</h1><p>店铺：${p.seller}</p><p>¥${p.price}</p></body></html>`;
}

function listHtml(pages: Page[]): string {
  return `<!doctype html><html><body><ul>${pages
    .map((p) => `<li><a class="goods" href="/item/${p.id}.html">${p.title}</a></li>`)
    .join("")}</ul></body></html>`;
}

function config(origin: string): TenantConfig {
  const distributors = BRANDS.flatMap((brand) =>
    [1, 2, 3, 4, 5, 6].map((n) => ({
      id: `d-${BRANDS.indexOf(brand)}-${n}`,
      name: `${brand}${n}号授权专营店`,
      sellers: [{ channel: "market", name: `${brand}${n}号授权专营店` }],
    })),
  );
  const skus = BRANDS.flatMap((brand, b) =>
    ITEMS.map((item, i) => ({
      sku: `B${b}-I${i}`,
      name: `${brand}${item}`,
      minPrice: 100,
      match: { keywords: [[brand, item]] },
    })),
  );
  return TenantConfigSchema.parse({
    tenant: "store-requests",
    channels: [{ id: "market", name: "本地商城", match: ["127.0.0.1"] }],
    products: skus,
    distributors,
    officialSellers: BRANDS.map((brand) => ({ channel: "market", name: `${brand}官方旗舰店` })),
    rules: { minPrice: {}, authorizedSeller: {} },
    watch: [{ discover: { channel: "market", start: `${origin}/list`, links: "a.goods", maxPages: 1 } }],
    network: { allowPrivateAddresses: true, concurrency: 8, perHostConcurrency: 8, delayMs: 0, retries: 0 },
    evidence: { screenshot: false },
    notify: [],
  });
}

let server: Server;
let origin: string;
let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let tenantConfig: TenantConfig;
const pages = marketplace();
/**
 * Requests by command, those about listings apart (their states, observations and SKU lists; alerts
 * and run summaries are the rest), and listing items written: a PutItem one, a BatchWriteItem as
 * many as it carries.
 */
interface Counted {
  requests: Record<string, number>;
  listingRequests: Record<string, number>;
  listingItemWrites: number;
}
let counted: Counted = { requests: {}, listingRequests: {}, listingItemWrites: 0 };

const isListingKey = (pk: unknown) => typeof pk === "string" && /#(L|SKU)#/.test(pk);

interface StoreInput {
  Key?: { pk?: unknown };
  Item?: { pk?: unknown };
  ExpressionAttributeValues?: Record<string, unknown>;
  RequestItems?: Record<string, unknown[]>;
}

function count(command: string, input: StoreInput): void {
  counted.requests[command] = (counted.requests[command] ?? 0) + 1;
  const batchItems = input.RequestItems ? (Object.values(input.RequestItems)[0] ?? []) : null;
  const aboutListings =
    batchItems !== null ||
    isListingKey(input.Key?.pk) ||
    isListingKey(input.Item?.pk) ||
    isListingKey(input.ExpressionAttributeValues?.[":pk"]);
  if (!aboutListings) return;
  counted.listingRequests[command] = (counted.listingRequests[command] ?? 0) + 1;
  if (command === "PutItemCommand") counted.listingItemWrites++;
  if (command === "BatchWriteItemCommand") counted.listingItemWrites += batchItems?.length ?? 0;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const item = /^\/item\/(\d+)\.html$/.exec(path);
    const page = item ? pages[Number(item[1])] : undefined;
    const body =
      path === "/robots.txt"
        ? "User-agent: *\nAllow: /\n"
        : path === "/list"
          ? listHtml(pages)
          : page
            ? productHtml(page)
            : null;
    if (body === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = path === "/robots.txt" ? "text/plain" : "text/html; charset=utf-8";
    res.writeHead(200, { "content-type": type, "content-encoding": "gzip" }).end(gzipSync(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tenantConfig = config(origin);

  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      count(context.commandName ?? "?", (args as { input: StoreInput }).input);
      return next(args);
    },
    { step: "initialize", name: "countStoreRequests" },
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  doc?.destroy();
  await db?.close();
});

async function cycle(at: string): Promise<{ result: CycleResult } & Counted> {
  counted = { requests: {}, listingRequests: {}, listingItemWrites: 0 };
  const fetcher = createFetcher(tenantConfig.network);
  try {
    const result = await runCycle({
      config: tenantConfig,
      fetcher,
      alerts: new AlertRepository(doc, db.tableName),
      listings: new ListingRepository(doc, db.tableName),
      runs: new RunRepository(doc, db.tableName),
      send: sendNotification,
      resolveSecret: () => undefined,
      now: () => new Date(at),
      log: () => {},
    });
    return { result, ...structuredClone(counted) };
  } finally {
    await fetcher.close();
  }
}

const total = (counted: Record<string, number>) => Object.values(counted).reduce((a, b) => a + b, 0);

describe("a cycle's store requests", () => {
  let firstAlerts = 0;

  it("checks 40 new pages with under two store requests a page, alerts included", async () => {
    const { result, requests, listingRequests, listingItemWrites } = await cycle("2026-03-02T01:00:00.000Z");
    const seen = JSON.stringify({ requests, listingRequests, listingItemWrites });
    const listings = result.results.filter((r) => r.kind === "listing");
    expect(listings.map((r) => r.outcome)).toEqual(Array.from({ length: PAGES }, () => "ok"));
    firstAlerts = (await new AlertRepository(doc, db.tableName).list(tenantConfig.tenant)).length;
    // The planted breaches: three unauthorized shops a SKU, one of them under the floor.
    expect(firstAlerts).toBeGreaterThanOrEqual(12);

    // Every page stores its state and its first observation…
    expect(listingItemWrites, seen).toBe(2 * PAGES);
    // …in requests of many items; states read ahead, not one GetItem a page; a SKU's listings
    // read once a cycle, not once for every unauthorized shop.
    expect(listingRequests.PutItemCommand ?? 0, seen).toBe(0);
    expect(listingRequests.BatchWriteItemCommand ?? 0, seen).toBeLessThanOrEqual(PAGES * 0.75);
    expect(listingRequests.GetItemCommand ?? 0, seen).toBeLessThanOrEqual(PAGES / 10);
    expect(listingRequests.BatchGetItemCommand ?? 0, seen).toBeGreaterThanOrEqual(1);
    expect(listingRequests.QueryCommand ?? 0, seen).toBe(4);
    expect(total(listingRequests), seen).toBeLessThanOrEqual(PAGES);
    expect(total(requests), seen).toBeLessThanOrEqual(2 * PAGES);
  });

  it("checks the same unchanged pages again reading states in batches, writing almost nothing", async () => {
    const { result, requests, listingRequests, listingItemWrites } = await cycle("2026-03-02T02:00:00.000Z");
    const seen = JSON.stringify({ requests, listingRequests, listingItemWrites });
    expect(result.results.filter((r) => r.kind === "listing" && r.outcome === "ok")).toHaveLength(PAGES);
    expect(await new AlertRepository(doc, db.tableName).list(tenantConfig.tenant)).toHaveLength(firstAlerts);

    // Nothing changed an hour on: no observation is due and no state differs but in its check time.
    expect(listingItemWrites, seen).toBeLessThanOrEqual(PAGES);
    expect(listingRequests.GetItemCommand ?? 0, seen).toBeLessThanOrEqual(PAGES / 10);
    expect(listingRequests.BatchGetItemCommand ?? 0, seen).toBeGreaterThanOrEqual(1);
    expect(listingRequests.BatchGetItemCommand ?? 0, seen).toBeLessThanOrEqual(PAGES / 10);
    expect(total(listingRequests), seen).toBeLessThanOrEqual(PAGES / 4);
    expect(total(requests), seen).toBeLessThanOrEqual(2 * PAGES);
  });
});
