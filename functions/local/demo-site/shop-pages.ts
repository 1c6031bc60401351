import { escapeHtml } from "../../core/escape-html.js";
import { type DemoProductListing, listingPath } from "./catalog.js";
import { description, recommendations, scriptBundle, styleSheet } from "./filler.js";
import { productFacts } from "./product-facts.js";
import { type SeededRandom, seededRandom } from "./seeded-random.js";

/**
 * An independent shop under /shop/, built with a CSS-in-JS framework: class names are hashes,
 * so the only dependable data is the schema.org Product/Offer JSON-LD in the head.
 */

const BASE = "/shop/";
export const SHOP_NAME = "健康优选商城";

function hashClass(rng: SeededRandom): string {
  return `css-${rng.int(0x100000, 0xffffff).toString(36)}`;
}

function pageHead(rng: SeededRandom, title: string, canonical: string, extra: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><link rel="canonical" href="${escapeHtml(canonical)}">${extra}${styleSheet(rng, "css", 520)}</head>`;
}

function nav(rng: SeededRandom): string {
  const c = () => hashClass(rng);
  const links = ["首页", "血糖监测", "血压监测", "护理用品", "营养保健", "品牌故事", "会员中心", "联系我们"];
  return `<header class="${c()}"><div class="${c()}"><a class="${c()}" href="${BASE}collections/anke">${SHOP_NAME}</a><nav class="${c()}">${links.map((l, i) => `<a class="${c()}" href="${BASE}pages/${i}">${l}</a>`).join("")}</nav><div class="${c()}"><a class="${c()}" href="${BASE}account">账户</a><a class="${c()}" href="${BASE}cart">购物车(0)</a></div></div></header>`;
}

function shopFooter(rng: SeededRandom): string {
  const c = () => hashClass(rng);
  const cols = [
    ["关于我们", ["品牌故事", "资质证照", "加入我们"]],
    ["客户服务", ["配送说明", "退换货政策", "隐私政策", "服务条款"]],
    ["联系方式", ["客服热线 400-820-5678", "周一至周日 9:00-21:00", "广东省东莞市南城区"]],
  ] as const;
  return `<footer class="${c()}">${cols.map(([h, items]) => `<div class="${c()}"><h4 class="${c()}">${h}</h4>${items.map((t) => `<p class="${c()}">${t}</p>`).join("")}</div>`).join("")}<p class="${c()}">© 2025 ${SHOP_NAME} 粤ICP备${rng.int(10_000_000, 99_999_999)}号-1 医疗器械经营备案凭证 粤东食药监械经营备${rng.int(2019, 2024)}${rng.int(1000, 9999)}号</p></footer>`;
}

export function renderShopProduct(listing: DemoProductListing): string {
  const rng = seededRandom(`shop:product:${listing.id}`);
  const facts = productFacts(listing);
  const path = listingPath(listing);
  const c = () => hashClass(rng);
  const jsonLd = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: listing.title,
    image: [`/static/img/shop-${listing.id}.svg`],
    description: `${facts.brand}${facts.name}，${facts.spec}。${facts.approval}`,
    sku: listing.id,
    ...(facts.gtin ? { gtin13: facts.gtin } : {}),
    brand: { "@type": "Brand", name: facts.brand },
    offers: {
      "@type": "Offer",
      url: path,
      price: listing.price,
      priceCurrency: "CNY",
      availability: listing.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      itemCondition: "https://schema.org/NewCondition",
      seller: { "@type": "Organization", name: listing.seller.name },
    },
  }).replace(/</g, "\\u003c");
  // Framework state blob: real shops embed the whole page state as JSON.
  const state = JSON.stringify({
    route: path,
    locale: "zh-CN",
    product: {
      handle: listing.id,
      title: listing.title,
      vendor: facts.brand,
      tags: [facts.name, facts.model],
    },
    session: { id: rng.int(1e9, 9e9).toString(36), ab: rng.int(0, 9) },
  }).replace(/</g, "\\u003c");
  return `${pageHead(rng, `${listing.title} – ${SHOP_NAME}`, path, `<script type="application/ld+json">${jsonLd}</script>`)}<body class="${c()}"><div id="__next">${nav(rng)}
<main class="${c()}"><div class="${c()}"><div class="${c()}"><img class="${c()}" src="/static/img/shop-${listing.id}.svg" width="520" height="520" alt="${escapeHtml(listing.title)}"></div>
<div class="${c()}"><h1 class="${c()}">${escapeHtml(listing.title)}</h1><div class="${c()}"><span class="${c()}">${escapeHtml(listing.priceText ?? "")}</span>${listing.listPriceText ? `<s class="${c()}">${escapeHtml(listing.listPriceText)}</s>` : ""}</div>
<p class="${c()}">${listing.inStock ? "现货，下单后48小时内发货" : "暂时缺货，到货后通知您"}</p><p class="${c()}">${escapeHtml(listing.shipFrom)}发货 · 满99元包邮</p>
<div class="${c()}"><span class="${c()}">${escapeHtml(facts.approval)}</span><span class="${c()}">${escapeHtml(facts.maker)}</span></div>
<button class="${c()}" type="button"${listing.inStock ? "" : " disabled"}>${listing.inStock ? "加入购物车" : "到货通知"}</button></div></div>
<section class="${c()}">${description(rng, 16)}</section>
<section class="${c()}">${recommendations(rng, BASE, "你可能还喜欢", 24)}</section></main>
${shopFooter(rng)}</div><script id="__NEXT_DATA__" type="application/json">${state}</script>${scriptBundle(rng, 26)}</body></html>`;
}

export function renderShopCollection(listings: readonly DemoProductListing[]): string {
  const rng = seededRandom("shop:collection:anke");
  const c = () => hashClass(rng);
  const cards = listings
    .map((l) => {
      const p = listingPath(l);
      return `<div class="${c()}"><a class="${c()}" href="${p}"><img class="${c()}" src="/static/img/shop-${l.id}.svg" width="280" height="280" alt=""><div class="${c()}">${escapeHtml(l.title)}</div><div class="${c()}">${escapeHtml(l.priceText ?? "")}</div></a></div>`;
    })
    .join("\n");
  return `${pageHead(rng, `安可专区 – ${SHOP_NAME}`, `${BASE}collections/anke`, "")}<body class="${c()}"><div id="__next">${nav(rng)}
<main class="${c()}"><h1 class="${c()}">安可专区</h1><p class="${c()}">${listings.length} 件商品</p><div class="${c()}">${cards}</div>
<section class="${c()}">${description(rng, 10)}</section><section class="${c()}">${recommendations(rng, BASE, "热卖推荐", 36)}</section></main>
${shopFooter(rng)}</div>${scriptBundle(rng, 24)}</body></html>`;
}
