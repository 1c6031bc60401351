import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../functions/core/escape-html.js";
import type { ExtractedListing } from "../../functions/core/listing.js";
import { canonicalJson } from "../../functions/evidence/canonical-json.js";
import type { FindingFile } from "../../functions/evidence/evidence-files.js";
import { MANIFEST_FORMAT, type Manifest } from "../../functions/evidence/evidence-manifest.js";
import { readmeText } from "../../functions/evidence/readme-text.js";
import { summaryHtml } from "../../functions/evidence/summary-html.js";
import { HOSTILE_SELLER } from "./evidence-site.js";

const manifest: Manifest = {
  format: MANIFEST_FORMAT,
  captureId: "0123456789abcdef",
  tenant: "t",
  alertId: "abcdefabcdefabcdefabcdef",
  capturedAt: "2026-01-01T00:00:00.000Z",
  alert: { type: "below_min_price", severity: "high", occurrence: 1, openedAt: "2026-01-01T00:00:00.000Z" },
  page: {
    url: 'https://shop.example/item"><img src=x onerror=alert(2)>',
    requestedUrl: "https://shop.example/item",
    finalUrl: "https://shop.example/item",
    httpStatus: 200,
    contentType: "text/html",
    originalCharset: "gbk",
    originalBytes: 1234,
    rendered: false,
    checkedAt: "2026-01-01T00:00:00.000Z",
  },
  screenshot: {
    status: "failed",
    url: "https://shop.example/item",
    at: "2026-01-01T00:00:00.000Z",
    reason: "<b>x</b>",
  },
  files: [{ name: "page.html", size: 1, sha256: "0".repeat(64), mediaType: "text/html" }],
  tool: { name: "pricewarden", version: "0.1.0" },
  signing: { algorithm: "Ed25519", publicKey: "", fingerprint: `sha256:${"a".repeat(64)}` },
};

const finding: FindingFile = {
  type: "below_min_price",
  severity: "high",
  sku: "GLU-50",
  listingId: "l",
  url: manifest.page.url,
  channel: "shop",
  seller: HOSTILE_SELLER,
  sellerId: "\u202eevil",
  distributorId: null,
  price: 9900,
  listedPrice: 9900,
  threshold: 15900,
  currency: "CNY",
  explanation: `${HOSTILE_SELLER} sells 安可血糖试纸 at ¥99.00, below the ¥159.00 floor`,
  inputs: {},
  monitoringOnly: false,
  alertId: manifest.alertId,
  occurrence: 1,
  openedAt: manifest.capturedAt,
  firstSeen: manifest.capturedAt,
  lastSeen: manifest.capturedAt,
};

const listing = {
  title: "<i>安可</i> 血糖试纸",
  seller: HOSTILE_SELLER,
  shipFrom: "上海",
} as ExtractedListing;

describe("the PDF summary's HTML", () => {
  const html = summaryHtml({
    manifest,
    manifestSha256: "f".repeat(64),
    finding,
    listing,
    screenshotPng: null,
    exportedAt: "2026-01-02T00:00:00.000Z",
  });

  it("escapes every crawled string", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<i>安可</i>");
    expect(html).not.toContain("<b>x</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toContain("\u202e");
  });

  it("loads nothing and shows price against threshold, hashes and the missing screenshot's reason", () => {
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).toContain("CNY 99.00");
    expect(html).toContain("CNY 159.00");
    expect(html).toContain("0".repeat(64));
    expect(html).toContain(
      "No screenshot: the capture at 2026-01-01 00:00 UTC failed — &lt;b&gt;x&lt;/b&gt;",
    );
  });

  it("reads in the tenant's language and zone: Chinese words, Beijing time named", () => {
    const zh = summaryHtml({
      manifest,
      manifestSha256: "f".repeat(64),
      finding,
      listing,
      screenshotPng: null,
      exportedAt: "2026-12-06T21:57:00.000Z",
      reading: { locale: "zh-CN", timeZone: "Asia/Shanghai" },
    });
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain("取证摘要：低于最低价（严重程度：高）");
    expect(zh).toContain("<th>取证时间</th><td>2026-01-01 08:00 北京时间</td>");
    expect(zh).toContain("本摘要于 2026-12-07 05:57 北京时间 根据已签名文件生成");
    expect(zh).toContain("没有截图：2026-01-01 08:00 北京时间 截图失败，原因：&lt;b&gt;x&lt;/b&gt;");
    expect(zh).not.toContain("Evidence summary");
  });
});

describe("the README", () => {
  it("tells a Chinese reader what is in the bundle and how to verify it, in Beijing time", () => {
    const zh = readmeText(manifest, { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    expect(zh).toContain("告警      abcdefabcdefabcdefabcdef（低于最低价，租户 t）");
    expect(zh).toContain("取证      编号 0123456789abcdef，取证时间 2026-01-01 08:00 北京时间");
    expect(zh).toContain("openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin");
    const en = readmeText(manifest);
    expect(en).toContain("Capture   0123456789abcdef, captured 2026-01-01 00:00 UTC");
    expect(en).toContain("Alert     abcdefabcdefabcdefabcdef (Below minimum price, tenant t)");
  });
});

describe("escapeHtml and canonical JSON", () => {
  it("escapes the five HTML specials and drops bidi controls", () => {
    expect(escapeHtml(`<a href="x">'&'</a>\u202e`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("sorts keys at every depth and refuses values JSON cannot hold", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: "中" }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"y":"中","z":null}]},"b":1}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});
