import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import iconv from "iconv-lite";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";

/** A hostile seller name: it must come out escaped in every HTML the evidence code writes. */
export const HOSTILE_SELLER = "<script>alert(1)</script>";

export interface EvidenceSite {
  origin: string;
  close(): Promise<void>;
}

function productPage(charset: string, price: string, seller: string): string {
  const title = "安可血糖试纸 50片 家用免调码";
  const ld = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: title,
    offers: {
      "@type": "Offer",
      price,
      priceCurrency: "CNY",
      availability: "https://schema.org/InStock",
      seller: { "@type": "Organization", name: seller },
    },
  };
  // JSON-LD inside <script> must not contain "</script>" literally.
  const json = JSON.stringify(ld).replaceAll("<", "\\u003c");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="${charset}"><title>${title}</title>
<script type="application/ld+json">${json}</script>
<script>${PAGE_SCRIPT}</script></head>
<body style="font-size:28px"><h1>${title}</h1><p>店铺：低价药械专营店</p>
<div class="price">¥${price}</div><p>国械注准20193070123 · 正品保证 · 全国包邮</p>
${"<p>商品详情：血糖试纸适用于安可血糖仪，独立包装，有效期二十四个月。</p>".repeat(20)}</body></html>`;
}

/** Inline code the crawler's reading copy leaves out and the evidence must keep. */
export const PAGE_SCRIPT = 'window.__STATE__ = { "note": "库存充足" };';

/** Two listings on 127.0.0.1: one served in GBK, one in UTF-8; both below the price floor. */
export async function startEvidenceSite(): Promise<EvidenceSite> {
  const server: Server = createServer((req, res) => {
    if (req.url === "/item/gbk.html") {
      res.writeHead(200, { "content-type": "text/html; charset=gbk" });
      res.end(iconv.encode(productPage("gbk", "99.00", HOSTILE_SELLER), "gbk"));
    } else if (req.url === "/item/utf8.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(productPage("utf-8", "120.00", "康恒医疗器械专营店"));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function evidenceConfigObject(origin: string, screenshot: boolean): Record<string, unknown> {
  return {
    tenant: "evidence-test",
    channels: [{ id: "shop", name: "测试商城", match: [`${origin}/`] }],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可", "血糖试纸"]], packSize: 50 },
        msrp: 199,
        minPrice: 159,
      },
    ],
    officialSellers: [{ channel: "shop", name: "安可官方旗舰店" }],
    rules: { minPrice: {} },
    watch: [
      { url: `${origin}/item/gbk.html`, channel: "shop", sku: "GLU-50" },
      { url: `${origin}/item/utf8.html`, channel: "shop", sku: "GLU-50" },
    ],
    network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 10_000 },
    notify: [],
    evidence: { screenshot },
  };
}

export function evidenceConfig(origin: string, screenshot: boolean): TenantConfig {
  const result = validateConfig(evidenceConfigObject(origin, screenshot));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}
