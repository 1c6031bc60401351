import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cspSafeSvg } from "../../functions/api/chart-svg.js";
import { type PriceChart, priceChart } from "../../functions/api/price-chart.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import type { ListingState, Observation } from "../../functions/store/listing-repository.js";
import { type ApiTestStack, bearer, brandA, startApiTestStack } from "./api-test-stack.js";

function config(extra: Record<string, unknown> = {}): TenantConfig {
  const result = validateConfig({
    tenant: "chart",
    timezone: "Asia/Shanghai",
    channels: [
      { id: "jd", name: "京东", match: ["item.jd.example"] },
      { id: "tmall", name: "天猫", match: ["tmall.example"] },
    ],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可"]] },
        minPrice: 159,
        maxPrice: 260,
      },
    ],
    rules: { minPrice: { tolerance: 0.01 }, maxPrice: {} },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

function entry(
  id: string,
  channel: string,
  seller: string | null,
  points: readonly [string, number | null, Observation["reason"]?][],
): { listing: ListingState; observations: Observation[] } {
  return {
    listing: {
      listingId: id,
      url: `https://item.jd.example/${id}.html`,
      channel,
      sku: "GLU-50",
      title: "安可血糖试纸",
      seller,
      sellerId: null,
      sellerKind: "unknown",
      distributorId: null,
      shipFrom: null,
      listedPrice: null,
      effectivePrice: null,
      perPackPrice: null,
      currency: "CNY",
      availability: "InStock",
      outcome: "ok",
      outcomeReason: null,
      consecutiveFailures: 0,
      lastCheckedAt: "2026-12-06T00:00:00.000Z",
      lastObservationAt: null,
      activeAlertIds: [],
      matchConfidence: 1,
      mentionsBrand: true,
    },
    observations: points.map(([at, price, reason]) => ({
      at,
      listingId: id,
      channel,
      sku: "GLU-50",
      seller,
      listedPrice: price,
      effectivePrice: price,
      perPackPrice: price,
      currency: "CNY",
      availability: "InStock",
      reason: reason ?? "change",
    })),
  };
}

/** Marks ECharts drew for one series' data (its SSR output tags each with the series index). */
function marksOf(svg: string, seriesIndex: number): number {
  return [
    ...svg.matchAll(
      new RegExp(
        `ecmeta_series_index="${seriesIndex}" ecmeta_data_index="\\d+" ecmeta_ssr_type="chart"`,
        "g",
      ),
    ),
  ].length;
}

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(2)>`;

const ENTRIES = [
  // Above the floor, then twice below the tolerance (¥157.41): two breaches.
  entry("a", "jd", "A&B 大药房", [
    ["2026-12-01T02:00:00.000Z", 16900],
    ["2026-12-03T02:00:00.000Z", 13633],
    ["2026-12-05T02:00:00.000Z", 13633, "heartbeat"],
  ]),
  // Checked once, above the ceiling: one point, one breach.
  entry("b", "jd", SCRIPT, [["2026-12-02T02:00:00.000Z", 27900]]),
  // Within the limits, heartbeats only; inside the tolerance (¥158) is no breach.
  entry("c", "tmall", IMG, [
    ["2026-12-01T06:00:00.000Z", 19900, "heartbeat"],
    ["2026-12-04T06:00:00.000Z", 15800, "heartbeat"],
  ]),
  // No price ever seen (captcha page): nothing to draw, no series.
  entry("d", "jd", "无价格的店", [["2026-12-02T06:00:00.000Z", null]]),
];

describe("price chart", () => {
  let chart: PriceChart;
  beforeAll(async () => {
    const drawn = await priceChart({ sku: "GLU-50", entries: ENTRIES, config: config(), locale: "en" });
    if (!drawn) throw new Error("nothing drawn");
    chart = drawn;
  });

  it("draws a line per seller with every observation, heartbeats and single checks included", () => {
    expect(chart).not.toBeNull();
    expect(chart.sellers).toBe(3);
    expect(chart.points).toBe(6);
    expect(marksOf(chart.svg, 0)).toBe(3);
    expect(marksOf(chart.svg, 1)).toBe(1);
    expect(marksOf(chart.svg, 2)).toBe(2);
    expect(chart.svg).toContain(">A&amp;B 大药房 · 京东</text>");
    expect(chart.svg).not.toContain("无价格的店");
  });

  it("draws the floor and ceiling as dashed lines, the tolerance shaded, and marks each breach", () => {
    expect(chart.svg).toContain(">Floor ¥159.00 (alert below ¥157.41)</text>");
    expect(chart.svg).toContain(">Ceiling ¥260.00</text>");
    expect(
      chart.svg.match(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+" fill="none"[^>]*stroke-dasharray/g),
    ).toHaveLength(2);
    // The tolerance band is one shaded polygon across the plot.
    expect(chart.svg.match(/<polygon [^>]*fill-opacity="0.1"[^>]*ecmeta_ssr_type="chart"/g)).toHaveLength(1);
    expect(chart.violations).toBe(3);
    expect(chart.svg).toContain(">Floor / ceiling breaches</text>");
    expect(marksOf(chart.svg, 5)).toBe(3);
  });

  it("escapes and bounds seller names from crawled pages", async () => {
    expect(chart.svg).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
    expect(chart.svg).toContain("&lt;script&gt;alert(1)&lt;/scrip…");
    expect(chart.svg).toContain("&quot;&gt;&lt;img src=x onerror=al…");
    const long = (await priceChart({
      sku: "GLU-50",
      entries: [entry("e", "jd", "很".repeat(300), [["2026-12-01T00:00:00.000Z", 19900]])],
      config: config(),
      locale: "en",
    }))!;
    expect(long.svg).toContain(`>${"很".repeat(23)}… · 京东</text>`);
    expect(long.svg).not.toContain("很".repeat(24));
  });

  it("keeps to the dashboard's CSP: no script, no style element, no style attribute", () => {
    expect(chart.svg).not.toMatch(/<script|<style|\sstyle=|javascript:/i);
    // No event handler in any tag (crawled text with "onerror=" is escaped text, not markup).
    expect(chart.svg).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(chart.svg).toMatch(/font-family="'PingFang SC','Microsoft YaHei','Noto Sans SC'/);
    expect(
      cspSafeSvg(
        `<svg><style>.a:hover{x:y}</style><text style="font: bold 14px sans-serif">a</text><text style="font-size:12px;font-family:serif;fill:red;">b</text></svg>`,
      ),
    ).toBe(
      `<svg><text font-size="14px" font-family="'PingFang SC','Microsoft YaHei','Noto Sans SC','Noto Sans CJK SC','Source Han Sans SC',sans-serif" font-weight="bold">a</text><text font-size="12px" font-family="serif">b</text></svg>`,
    );
  });

  it("labels time with the tenant's zone and prices in yuan, in Chinese too", async () => {
    expect(chart.svg).toContain(">Time (UTC+8)</text>");
    expect(chart.svg).toMatch(/>¥\d{3}\.00<\/text>/);
    const zh = (await priceChart({ sku: "GLU-50", entries: ENTRIES, config: config(), locale: "zh-CN" }))!;
    expect(zh.svg).toContain(">时间（北京时间）</text>");
    expect(zh.svg).toContain(">最低限价 ¥159.00（低于 ¥157.41 告警）</text>");
    expect(zh.svg).toContain(">每盒到手价</text>");
    expect(zh.summary).toBe("价格走势图：3 个店铺，6 次观测，其中 3 次违反限价。明细见下表。");
  });

  it("draws a floor per channel when a channel has its own", async () => {
    const withOverride = config({
      rules: { minPrice: {}, overrides: [{ sku: "GLU-50", channel: "tmall", minPrice: 180 }] },
    });
    const both = (await priceChart({ sku: "GLU-50", entries: ENTRIES, config: withOverride, locale: "en" }))!;
    expect(both.svg).toContain(">Floor ¥159.00 (京东)</text>");
    expect(both.svg).toContain(">Floor ¥180.00 (天猫)</text>");
    // Without a max-price rule the ceiling is drawn but nothing above it is a breach; on tmall
    // ¥158 is now below its own floor.
    expect(both.violations).toBe(3);
  });

  it("has nothing to draw without a priced observation", async () => {
    expect(
      await priceChart({ sku: "GLU-50", entries: [ENTRIES[3]!], config: config(), locale: "en" }),
    ).toBeNull();
  });
});

describe("price history page", () => {
  let stack: ApiTestStack;
  beforeAll(async () => {
    stack = await startApiTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("shows the chart inline above the tables, within the CSP", async () => {
    const res = await fetch(`${stack.server.url}/history?sku=GLU-50`, {
      headers: { ...bearer(brandA), "accept-language": "en" },
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    const figure = /<figure class="chart" role="img" aria-label="([^"]+)"><svg[\s\S]*?<\/svg><\/figure>/.exec(
      page,
    );
    expect(figure?.[1]).toMatch(/^Price chart: \d+ sellers, \d+ observations/);
    expect(figure?.[0]).not.toMatch(/<script|<style|\sstyle=|<img/);
    expect(figure?.[0]).toContain("Floor ¥159.00");
    expect(page.indexOf("<figure")).toBeLessThan(page.indexOf("<table"));
    expect(res.headers.get("content-security-policy")).not.toMatch(/unsafe-inline|unsafe-hashes|script-src/);
  });
});
