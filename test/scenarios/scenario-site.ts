import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import {
  CHANNEL_NAMES,
  CHANNELS,
  DISTRIBUTORS,
  DROP_PERCENT,
  MIN_TOLERANCE,
  OFFICIAL,
  OUTLIER_PERCENT,
  OVERRIDES,
  PAGES,
  type PageSpec,
  PRODUCTS,
} from "./scenario-catalog.js";
import { renderPage } from "./scenario-pages.js";
import { NO_VARIATION, type ScenarioVariation } from "./scenario-variation.js";

/**
 * The generated marketplace on 127.0.0.1: four channels (JD-like, Tmall-like, pharmacy,
 * JSON-LD-only shop) serving every page of the scenario catalog. The site's "day" decides the
 * prices it shows (`setDay`, or `?day=N` on a single request), so cycles can walk through time.
 * A seed's variation decides the page URLs and markup (seed 0: the catalogue's own).
 */

export interface ScenarioSite {
  url: string;
  day: number;
  setDay(day: number): void;
  /** Requests served per path, for diagnostics. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startScenarioSite(variation: ScenarioVariation = NO_VARIATION): Promise<ScenarioSite> {
  const byPath = new Map<string, PageSpec>();
  for (const spec of PAGES) {
    const path = variation.pathOf(spec);
    if (byPath.has(path)) throw new Error(`duplicate scenario page ${path}`);
    byPath.set(path, spec);
  }
  const hits = new Map<string, number>();
  let currentDay = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://scenario.invalid");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const send = (status: number, type: string, body: string) => {
      const buf = Buffer.from(body, "utf8");
      res.writeHead(status, {
        "content-type": type,
        "content-length": buf.length,
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : buf);
    };
    if (url.pathname === "/robots.txt")
      return send(200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n");
    const spec = byPath.get(url.pathname);
    if (!spec) return send(404, "text/html; charset=utf-8", "<!DOCTYPE html><title>404 Not Found</title>");
    const day = url.searchParams.has("day") ? Number(url.searchParams.get("day")) : currentDay;
    return send(200, "text/html; charset=utf-8", renderPage(spec, day, variation));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const site: ScenarioSite = {
    url: `http://127.0.0.1:${port}`,
    get day() {
      return currentDay;
    },
    setDay(day: number) {
      currentDay = day;
    },
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return site;
}

/** CSS profiles with the demo marketplace's selectors (examples/demo.yaml). */
const PROFILES = {
  jd: {
    title: ".sku-name",
    price: ".p-price .price",
    listPrice: ".p-price del",
    seller: ".shop-name a",
    sellerId: { selector: ".shop-name a", attr: "href", pattern: "index-(\\d+)" },
    shipFrom: ".ship-from",
    stock: ".stock",
    promotions: ".promo",
    identifiers: ".reg-no",
  },
  tmall: {
    title: ".tb-detail-hd h1",
    price: ".tm-promo-price .tm-price",
    listPrice: ".tm-price-original",
    seller: ".slogo-shopname",
    sellerId: { selector: ".slogo-shopname", attr: "href", pattern: "shop/(\\d+)\\.htm" },
    shipFrom: ".tb-deliveryAdd",
    stock: ".tb-stock-state",
    promotions: ".tm-promo-item",
    identifiers: ".reg-no",
  },
  pharmacy: {
    title: ".drug-title",
    price: ".price-box .now-price",
    listPrice: ".price-box .ori-price",
    seller: ".store-info .store-name",
    sellerId: { selector: ".store-info .store-name", attr: "href", pattern: "store-(\\d+)" },
    shipFrom: ".send-from",
    stock: ".stock-state",
    promotions: ".promotion-item",
    identifiers: ".approval-no",
  },
} as const;

/**
 * The scenario tenant: same catalog and watch list, the jurisdiction decides the guardrails; the
 * seed's variation decides the watch list's order and URLs.
 */
export function scenarioConfig(
  siteUrl: string,
  tenant: string,
  jurisdiction: "CN" | "US",
  variation: ScenarioVariation = NO_VARIATION,
): TenantConfig {
  const raw = {
    tenant,
    currency: "CNY",
    jurisdiction,
    channels: CHANNELS.map((id) => ({
      id,
      name: CHANNEL_NAMES[id],
      match: [`${siteUrl}/${id}/`],
      render: false,
      ...(id === "shop" ? {} : { extract: PROFILES[id] }),
    })),
    products: PRODUCTS.map((p) => ({
      sku: p.sku,
      name: p.name,
      match: { keywords: [p.keywords], ids: p.ids, ...(p.packSize ? { packSize: p.packSize } : {}) },
      minPrice: p.min,
      maxPrice: p.max,
      category: p.category,
      onlineSaleProhibited: p.prohibited ?? false,
    })),
    distributors: DISTRIBUTORS.map((d) => ({
      id: d.id,
      name: d.name,
      regions: d.regions,
      sellers: d.sellers.map((s) => ({ channel: s.channel, name: s.name, ...(s.id ? { id: s.id } : {}) })),
    })),
    officialSellers: OFFICIAL.map((o) => ({
      channel: o.channel,
      name: o.name,
      ...(o.id ? { id: o.id } : {}),
    })),
    rules: {
      minPrice: { basis: "effective", tolerance: MIN_TOLERANCE },
      maxPrice: {},
      authorizedSeller: { outlierPercent: OUTLIER_PERCENT },
      region: {},
      priceDrop: { percent: DROP_PERCENT, window: "7d" },
      listingCompliance: {},
      overrides: OVERRIDES.map((o) => ({ ...o })),
    },
    watch: variation.pages.map((spec) => ({
      url: `${siteUrl}${variation.pathOf(spec)}`,
      channel: spec.channel,
      ...(spec.watchSku && spec.sku ? { sku: spec.sku } : {}),
    })),
    network: { allowPrivateAddresses: true, perHostConcurrency: 8, delayMs: 0, retries: 0, concurrency: 16 },
    notify: [{ type: "console", minSeverity: "high" }],
  };
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(`scenario config invalid: ${JSON.stringify(result.issues)}`);
  return result.config;
}
