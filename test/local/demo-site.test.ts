import { readFileSync } from "node:fs";
import { type CheerioAPI, load } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FieldSelector, TenantConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";
import { RobotsCache } from "../../functions/crawl/robots.js";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { DEMO_TRUTH, type DemoAlertType, type DemoTruth } from "../../functions/local/demo-site/truth.js";
import { withoutSessionChannels } from "../support/demo-stack.js";

const MIN_BYTES = 30 * 1024;
const MAX_BYTES = 150 * 1024;

let site: { url: string; port: number; close(): Promise<void> };
let config: TenantConfig;
/** Every page fetched while following the config's watch list: path → body. */
const pages = new Map<string, { status: number; body: string; bytes: number }>();
const listPages = new Set<string>();
const discovered = new Set<string>();
const watched = new Set<string>();

function localPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

async function get(path: string) {
  const cached = pages.get(path);
  if (cached) return cached;
  const res = await fetch(new URL(path, site.url));
  const buffer = Buffer.from(await res.arrayBuffer());
  const page = { status: res.status, body: buffer.toString("utf8"), bytes: buffer.length };
  pages.set(path, page);
  return page;
}

function select($: CheerioAPI, field: FieldSelector | undefined): string | null {
  if (field === undefined) return null;
  const selector = typeof field === "string" ? field : field.selector;
  const el = $(selector).first();
  if (el.length === 0) return null;
  let value = typeof field !== "string" && field.attr ? (el.attr(field.attr) ?? "") : el.text();
  if (typeof field !== "string" && field.pattern) {
    const m = new RegExp(field.pattern).exec(value);
    value = m ? (m[1] ?? m[0]) : "";
  }
  return value.replace(/\s+/g, " ").trim();
}

/** "¥199.00", "￥ 159", "29.90元" → fen; "暂无报价" → null. */
function priceMinor(text: string | null): number | null {
  const m = /(\d+)(?:\.(\d{1,2}))?/.exec(text ?? "");
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

function jsonLdOffer($: CheerioAPI): Record<string, unknown> | null {
  for (const el of $('script[type="application/ld+json"]').toArray()) {
    const data = JSON.parse($(el).text()) as { "@type"?: string; offers?: Record<string, unknown> };
    if (data["@type"] === "Product" && data.offers) return data.offers;
  }
  return null;
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  const text = readFileSync("examples/demo.yaml", "utf8").replaceAll(
    "127.0.0.1:8790",
    `127.0.0.1:${site.port}`,
  );
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(`examples/demo.yaml is invalid: ${JSON.stringify(result.issues)}`);
  // The login-walled channel has its own marketplace and tests (test/e2e/walled-sessions.test.ts).
  config = withoutSessionChannels(result.config);

  // Follow the watch list as a crawler would: list pages → product links, plus direct URLs.
  for (const entry of config.watch) {
    if ("url" in entry) {
      watched.add(localPath(entry.url));
      continue;
    }
    const { start, links, next, maxPages, channel } = entry.discover;
    const prefixes = config.channels.find((c) => c.id === channel)?.match ?? [];
    let url: string | null = start;
    for (let n = 0; url !== null && n < maxPages; n++) {
      const page = await get(localPath(url));
      listPages.add(localPath(url));
      const $ = load(page.body);
      for (const a of $(links).toArray()) {
        const href = new URL($(a).attr("href") ?? "", url).toString();
        if (prefixes.some((p) => href.startsWith(p))) discovered.add(localPath(href));
      }
      const nextHref = next ? $(next).first().attr("href") : undefined;
      url = nextHref ? new URL(nextHref, url).toString() : null;
    }
  }
  for (const path of [...discovered, ...watched]) await get(path);
});

afterAll(async () => {
  await site?.close();
});

describe("demo marketplace server", () => {
  it("listens on 127.0.0.1 and reports its URL", () => {
    expect(site.url).toBe(`http://127.0.0.1:${site.port}`);
    expect(site.port).toBeGreaterThan(0);
  });

  it("serves a permissive robots.txt that allows every watched page", async () => {
    const robots = new RobotsCache(async (url) => {
      const res = await fetch(url);
      return { status: res.status, body: await res.text() };
    }, config.network.userAgent);
    for (const path of [...listPages, ...discovered, ...watched])
      expect(await robots.check(new URL(path, site.url).toString()), path).toEqual({ allowed: true });
    expect((await robots.check(new URL("/jd/cart/add", site.url).toString())).allowed).toBe(false);
  });

  it("answers 404 for unknown paths, unknown items and the truth table", async () => {
    for (const path of ["/nope", "/truth.json", "/jd/item/999999.html", "/shop/products/missing"]) {
      const res = await fetch(new URL(path, site.url));
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
  });

  it("renders the same bytes every time", async () => {
    const path = DEMO_TRUTH[0]?.path ?? "/";
    const other = await startDemoSite({ port: 0 });
    try {
      const a = await (await fetch(new URL(path, site.url))).text();
      const b = await (await fetch(new URL(path, other.url))).text();
      expect(a).toBe(b);
    } finally {
      await other.close();
    }
  });
});

describe("examples/demo.yaml against the demo marketplace", () => {
  it("validates and names only the two demo marketplaces (8790, and the login-walled 8791) in its URLs", () => {
    const text = readFileSync("examples/demo.yaml", "utf8");
    expect(parseConfigText(text).ok).toBe(true);
    // URLs only: the walled channel's source patterns (`^http://127\\.0…`) are regular expressions.
    const hosts = [...text.matchAll(/https?:\/\/([\w.:-]+)/g)]
      .map((m) => m[1])
      .filter((h) => /:\d+$/.test(h ?? ""));
    expect(new Set(hosts)).toEqual(new Set(["127.0.0.1:8790", "127.0.0.1:8791"]));
    expect(config.tenant).toBe("demo-medtech");
    expect(config.jurisdiction).toBe("CN");
    expect(config.network.allowPrivateAddresses).toBe(true);
  });

  it("reaches every truth page from the watch list, and nothing else", () => {
    const reached = new Set([...discovered, ...watched]);
    expect([...reached].sort()).toEqual(DEMO_TRUTH.map((t) => t.path).sort());
    for (const t of DEMO_TRUTH) {
      if (t.via === "discover") expect(discovered.has(t.path), t.path).toBe(true);
      else expect(discovered.has(t.path) || !watched.has(t.path), t.path).toBe(false);
    }
    // Discovery crossed a page boundary on the paginated sites.
    expect([...listPages].filter((p) => p.startsWith("/jd/")).length).toBe(2);
    expect([...listPages].filter((p) => p.startsWith("/tmall/")).length).toBe(2);
  });

  it("keeps every page between 30 and 150 KB", () => {
    expect(pages.size).toBe(DEMO_TRUTH.length + listPages.size);
    for (const [path, page] of pages) {
      expect(page.status, path).toBe(200);
      expect(page.bytes, path).toBeGreaterThanOrEqual(MIN_BYTES);
      expect(page.bytes, path).toBeLessThanOrEqual(MAX_BYTES);
    }
  });

  it("prints the truth's prices, sellers, ship-from and stock where the config's profiles look", () => {
    for (const t of DEMO_TRUTH) {
      const page = pages.get(t.path);
      expect(page, t.path).toBeDefined();
      const $ = load(page?.body ?? "");
      const channel = config.channels.find((c) => c.id === t.channel);
      expect(channel, t.path).toBeDefined();
      if (t.outcome === "blocked") {
        expect($("title").text()).toMatch(/安全验证/);
        expect(page?.body).toMatch(/向右滑动/);
        expect(page?.body).not.toMatch(/[¥￥]\s*\d/);
        continue;
      }
      const profile = channel?.extract;
      if (profile === undefined) {
        const offer = jsonLdOffer($);
        expect(offer, t.path).not.toBeNull();
        expect(priceMinor(String(offer?.price)), t.path).toBe(t.listedPriceMinor);
        expect(offer?.priceCurrency).toBe("CNY");
        expect(String(offer?.availability).endsWith(t.availability ?? "?"), t.path).toBe(true);
        expect((offer?.seller as { name?: string } | undefined)?.name, t.path).toBe(t.seller);
        continue;
      }
      expect(priceMinor(select($, profile.price)), t.path).toBe(t.listedPriceMinor);
      if (t.outcome === "no_price") expect(select($, profile.price)).toBe("暂无报价");
      expect(select($, profile.seller), t.path).toBe(t.seller);
      expect(select($, profile.sellerId), t.path).toBe(t.sellerId);
      expect(select($, profile.shipFrom), t.path).toBe(t.shipFrom);
      const stock = select($, profile.stock);
      expect(stock === "有货" || stock === "现货" ? "InStock" : "OutOfStock", t.path).toBe(t.availability);
      // The strike-through price is never the selling price.
      const list = priceMinor(select($, profile.listPrice));
      if (list !== null && t.listedPriceMinor !== null) expect(list).toBeGreaterThan(t.listedPriceMinor);
      if (t.packs > 1) expect(select($, profile.title)).toContain(`*${t.packs}盒`);
    }
  });

  it("carries the regulatory texts a pharmacy page must show", () => {
    const rx = DEMO_TRUTH.filter(
      (t) => t.channel === "pharmacy" && /二甲双胍/.test(pages.get(t.path)?.body ?? ""),
    );
    expect(rx.length).toBeGreaterThan(0);
    for (const t of rx) {
      const body = pages.get(t.path)?.body ?? "";
      expect(body, t.path).toContain("处方药须凭处方在药师指导下购买和使用");
      expect(body, t.path).toMatch(/国药准字H\d{8}/);
    }
    expect(pages.get("/pharmacy/product/800003.html")?.body).toContain("国械注准20202070456");
    expect(pages.get("/pharmacy/product/800001.html")?.body).toContain("大药房");
  });
});

describe("the truth table", () => {
  /** Recomputed from the config alone: the same rule semantics DESIGN.md states. */
  function recompute(t: DemoTruth): { expected: DemoAlertType[]; monitoringOnly: DemoAlertType[] } {
    const expected: DemoAlertType[] = [];
    const monitoringOnly: DemoAlertType[] = [];
    if (t.outcome !== "ok" || t.sku === null) return { expected, monitoringOnly };
    const product = config.products.find((p) => p.sku === t.sku);
    if (!product) throw new Error(`no product ${t.sku}`);
    const official = config.officialSellers.some(
      (s) => s.channel === t.channel && (s.id !== undefined ? s.id === t.sellerId : s.name === t.seller),
    );
    const distributor = config.distributors.find((d) =>
      d.sellers.some(
        (s) => s.channel === t.channel && (s.id !== undefined ? s.id === t.sellerId : s.name === t.seller),
      ),
    );
    const perPack = t.effectivePerPackMinor ?? 0;
    const tolerance = config.rules.minPrice?.tolerance ?? 0;
    if (product.minPrice !== undefined && perPack < product.minPrice * 100 * (1 - tolerance)) {
      expected.push("below_min_price");
      if (distributor && config.jurisdiction === "CN") monitoringOnly.push("below_min_price");
    }
    if (product.maxPrice !== undefined && perPack > product.maxPrice * 100) expected.push("above_max_price");
    if (!official && !distributor) expected.push("unauthorized_seller");
    if (distributor && !distributor.regions.some((r) => (t.shipFrom ?? "").includes(r)))
      expected.push("out_of_region");
    return { expected, monitoringOnly };
  }

  it("agrees with the rules applied to the config's thresholds", () => {
    for (const t of DEMO_TRUTH) {
      const { expected, monitoringOnly } = recompute(t);
      expect([...t.expected].sort(), t.path).toEqual(expected.sort());
      expect([...t.monitoringOnly].sort(), t.path).toEqual(monitoringOnly.sort());
    }
  });

  it("keeps every planted price far from a threshold, listed or effective", () => {
    const tolerance = config.rules.minPrice?.tolerance ?? 0;
    for (const t of DEMO_TRUTH) {
      if (t.outcome !== "ok" || t.sku === null || t.listedPriceMinor === null) continue;
      const product = config.products.find((p) => p.sku === t.sku);
      const floor = (product?.minPrice ?? 0) * 100 * (1 - tolerance);
      const ceiling = (product?.maxPrice ?? Number.POSITIVE_INFINITY) * 100;
      const listedPerPack = t.listedPriceMinor / t.packs;
      for (const price of [listedPerPack, t.effectivePerPackMinor ?? 0]) {
        expect(Math.abs(price - floor), t.path).toBeGreaterThanOrEqual(500);
        expect(Math.abs(price - ceiling), t.path).toBeGreaterThanOrEqual(500);
      }
      expect(t.effectivePerPackMinor ?? 0).toBeLessThanOrEqual(listedPerPack);
    }
  });

  it("plants each case the demo promises", () => {
    const count = (type: DemoAlertType) => DEMO_TRUTH.filter((t) => t.expected.includes(type)).length;
    expect(count("below_min_price")).toBe(7);
    expect(count("above_max_price")).toBe(1);
    expect(count("unauthorized_seller")).toBe(10);
    expect(count("out_of_region")).toBe(1);
    expect(DEMO_TRUTH.filter((t) => t.monitoringOnly.length > 0).map((t) => t.path)).toEqual([
      "/jd/item/100003.html",
    ]);
    expect(DEMO_TRUTH.filter((t) => t.outcome === "blocked")).toHaveLength(1);
    expect(DEMO_TRUTH.filter((t) => t.outcome === "no_price")).toHaveLength(1);
    // An out-of-stock listing below floor is still a violation; one out of stock is compliant.
    const oos = DEMO_TRUTH.filter((t) => t.availability === "OutOfStock" && t.outcome === "ok");
    expect(oos.some((t) => t.expected.includes("below_min_price"))).toBe(true);
    expect(oos.some((t) => t.expected.length === 0)).toBe(true);
    // Bundles: one below floor per pack, one compliant per pack though its total is above the ceiling.
    const bundles = DEMO_TRUTH.filter((t) => t.packs > 1);
    expect(bundles.some((t) => t.expected.includes("below_min_price"))).toBe(true);
    expect(bundles.some((t) => t.expected.length === 0)).toBe(true);
    // A coupon pushes the effective price below floor while the listed price is above it.
    const coupon = DEMO_TRUTH.find((t) => t.path === "/tmall/item/600003.htm");
    expect(coupon?.expected).toContain("below_min_price");
    expect((coupon?.listedPriceMinor ?? 0) > 15900).toBe(true);
    // Paths are unique.
    expect(new Set(DEMO_TRUTH.map((t) => t.path)).size).toBe(DEMO_TRUTH.length);
  });
});
