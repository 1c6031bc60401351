import { furnitureFor, htmlDocument, type PageContext, scriptJson } from "../page-kit.js";
import {
  approvalText,
  escapeHtml,
  promoText,
  rxNoticeHtml,
  shipFromText,
  stockText,
  yuan,
} from "../page-text.js";

/**
 * Independent shop sites with no marketplace profile (a Chinese pharmacy mall and an English
 * shop): schema.org JSON-LD, microdata, or plain markup with common class names.
 */

function noPriceWord(ctx: PageContext): string {
  if (ctx.lang === "en") return "Price on request";
  return ctx.spec.noPrice === "empty" || ctx.spec.noPrice === null ? "" : ctx.spec.noPrice;
}

function gtinOf(ctx: PageContext): string | undefined {
  return ctx.spec.product?.ids.find((id) => /^\d{13}$/.test(id));
}

function promoLines(ctx: PageContext, cls: string): string {
  const lang = ctx.lang;
  return [
    ...ctx.spec.promos.map((p) => `<li class="${cls}">${escapeHtml(promoText(p, lang))}</li>`),
    ...(ctx.final !== null
      ? [`<li class="${cls}">${lang === "en" ? "Your price" : "到手价"} ¥${yuan(ctx.final)}</li>`]
      : []),
  ].join("");
}

function facts(ctx: PageContext): string {
  const { spec, lang } = ctx;
  const approval = approvalText(spec, lang);
  const ship = lang === "en" ? shipFromText(spec, "en") : `发货地：${shipFromText(spec, "zh")}`;
  const gtin = gtinOf(ctx);
  return `<ul class="facts">${approval ? `<li>${approval}</li>` : ""}${
    gtin && lang === "en" ? `<li>GTIN: ${gtin}</li>` : ""
  }<li class="ship">${escapeHtml(ship)}</li></ul>${rxNoticeHtml(spec, "rx-notice")}`;
}

function sellerLine(ctx: PageContext, cls: string): string {
  const name = escapeHtml(ctx.spec.seller.name ?? "");
  return ctx.lang === "en"
    ? `<p class="sold-by">Sold by <span class="${cls}">${name}</span></p>`
    : `<p class="sold-by">商家：<span class="${cls}">${name}</span></p>`;
}

const AVAIL = (inStock: boolean) => `https://schema.org/${inStock ? "InStock" : "OutOfStock"}`;

function jsonLd(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `s-${n}`);
  const { spec, lang } = ctx;
  const seller = { "@type": "Organization", name: spec.seller.name };
  const offers: Record<string, unknown>[] = [];
  if (ctx.listed !== null) {
    if (spec.traps.has("jsonLdOutOfStockFirst") && spec.inStock) {
      // An older packaging of the same product, sold out, listed first.
      offers.push({
        "@type": "Offer",
        name: lang === "en" ? "Old packaging" : "旧包装",
        price: yuan(Math.round(ctx.listed * 0.6)),
        priceCurrency: "CNY",
        availability: AVAIL(false),
        seller,
      });
    }
    offers.push({
      "@type": "Offer",
      price: yuan(ctx.listed),
      priceCurrency: "CNY",
      availability: AVAIL(spec.inStock),
      seller,
    });
  } else {
    offers.push({ "@type": "Offer", availability: "https://schema.org/PreOrder", seller });
  }
  const product = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: ctx.title,
    ...(gtinOf(ctx) ? { gtin13: gtinOf(ctx) } : {}),
    brand: { "@type": "Brand", name: lang === "en" ? "Ruining" : "瑞宁" },
    offers: offers.length === 1 ? offers[0] : offers,
  };
  const head = `<script type="application/ld+json">${scriptJson(product)}</script>`;
  const visiblePrice = ctx.listed !== null ? `¥${yuan(ctx.listed)}` : noPriceWord(ctx);
  const body = `<nav class="crumbs">${lang === "en" ? "Home / Health" : "首页 / 医疗器械"}</nav>${f.shopHead}<div class="pdp"><h1>${escapeHtml(
    ctx.title,
  )}</h1><div class="pdp-price">${visiblePrice}${
    spec.strikePrice !== null && ctx.listed !== null ? ` <s>¥${yuan(spec.strikePrice)}</s>` : ""
  }</div>${f.nearPrice.join("")}<ul class="offers">${promoLines(ctx, "promo-line")}</ul>${sellerLine(ctx, "seller-name")}<p>${stockText(
    spec.inStock,
    lang,
  )}</p>${f.sizes}${facts(ctx)}</div>${f.aside.join("")}${f.below.join("")}`;
  return htmlDocument(lang, ctx.title, head, body);
}

function microdata(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `md-${n}`);
  const { spec, lang } = ctx;
  const listSpec =
    spec.strikePrice !== null && ctx.listed !== null
      ? spec.traps.has("microdataListPrice")
        ? `<div itemprop="priceSpecification" itemscope itemtype="https://schema.org/UnitPriceSpecification"><meta itemprop="priceType" content="https://schema.org/ListPrice"><span class="was">${
            lang === "en" ? "Regular price" : "原价"
          } ¥<span itemprop="price" content="${yuan(spec.strikePrice)}">${yuan(spec.strikePrice)}</span></span><meta itemprop="priceCurrency" content="CNY"></div>`
        : `<del class="list-price">¥${yuan(spec.strikePrice)}</del>`
      : "";
  const price =
    ctx.listed !== null
      ? `<span itemprop="priceCurrency" content="CNY">¥</span><span itemprop="price" content="${yuan(ctx.listed)}">${yuan(ctx.listed)}</span>`
      : `<span class="ask">${noPriceWord(ctx)}</span>`;
  const body = `<div class="layout">${f.aside.join("")}<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">${escapeHtml(
    ctx.title,
  )}</h1>${gtinOf(ctx) ? `<meta itemprop="gtin13" content="${gtinOf(ctx)}">` : ""}<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><div class="price-box">${price}${listSpec}</div><link itemprop="availability" href="${AVAIL(
    spec.inStock,
  )}"><div itemprop="seller" itemscope itemtype="https://schema.org/Organization">${
    lang === "en" ? "Sold by " : "店铺："
  }<span itemprop="name">${escapeHtml(spec.seller.name ?? "")}</span></div></div>${f.nearPrice.join("")}<ul class="deals">${promoLines(
    ctx,
    "promo-item",
  )}</ul>${f.sizes}${facts(ctx)}</div></div>${f.shopHead}${f.below.join("")}`;
  return htmlDocument(lang, ctx.title, "", body);
}

function plain(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `p-${n}`);
  const { spec, lang } = ctx;
  const current =
    ctx.listed !== null
      ? `<span class="${lang === "en" ? "current" : "sale-price"}">¥${yuan(ctx.listed)}</span>`
      : `<span class="${lang === "en" ? "current" : "sale-price"}">${noPriceWord(ctx)}</span>`;
  const was =
    spec.strikePrice !== null && ctx.listed !== null
      ? `<span class="${lang === "en" ? "was-price" : "old-price"}">${lang === "en" ? "Was" : "原价"} ¥${yuan(spec.strikePrice)}</span>`
      : "";
  const body = `<header class="site-head"><a href="/">${lang === "en" ? "MedSupply" : "好药网"}</a></header>${f.shopHead}<div class="product-main"><div class="product-title"><h1>${escapeHtml(
    ctx.title,
  )}</h1></div><div class="product-price">${current}${was}</div>${f.nearPrice.join("")}<div class="coupon-area"><ul>${promoLines(
    ctx,
    "promo-tag",
  )}</ul></div>${sellerLine(ctx, "store-name")}<div class="stock-status">${stockText(spec.inStock, lang)}</div>${f.sizes}${facts(
    ctx,
  )}</div>${f.below.join("")}${f.aside.join("")}`;
  return htmlDocument(lang, `${ctx.title} | ${lang === "en" ? "MedSupply" : "好药网"}`, "", body);
}

export const SHOP_LAYOUTS = [jsonLd, microdata, plain] as const;
