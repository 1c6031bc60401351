import type { ListingSpec } from "../listing-model.js";
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
import { JD_LAYOUTS, priceSlot } from "./jd-pages.js";

/**
 * Pharmacy platforms: JD Health (京东大药房; one layout is JD's own item page, two are its drug
 * pages) and Ali Health (阿里健康大药房; three layouts).
 */

function jdPageConfig(ctx: PageContext): string {
  const { spec } = ctx;
  const attrs = spec.product?.category === "rx-drug" ? ["isPrescriptCat-1"] : ["isOTCCat-1"];
  return `<script>var pageConfig = {product: ${scriptJson({
    skuid: Number(spec.id),
    name: ctx.title,
    shopId: spec.seller.id ?? "0",
    specialAttrs: attrs,
  })}};</script>`;
}

function approval(ctx: PageContext, cls: string): string {
  const text = approvalText(ctx.spec, "zh");
  return text ? `<div class="${cls}">${text}</div>` : "";
}

function strike(spec: ListingSpec, ctx: PageContext, cls: string, tag: "del" | "span" = "del"): string {
  return spec.strikePrice !== null && ctx.listed !== null
    ? `<${tag} class="${cls}">¥${yuan(spec.strikePrice)}</${tag}>`
    : "";
}

function promoList(ctx: PageContext, cls: string, finalWord: string): string {
  return [
    ...ctx.spec.promos.map((p) => `<span class="${cls}">${promoText(p, "zh")}</span>`),
    ...(ctx.final !== null ? [`<span class="${cls}">${finalWord}¥${yuan(ctx.final)}</span>`] : []),
  ].join("");
}

function jdhDrug(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `jdh-${n}`);
  const { spec } = ctx;
  const body = `<div class="drug-top" data-shop-id="${spec.seller.id ?? "0"}"><div class="store-name">${escapeHtml(
    spec.seller.name ?? "",
  )}</div>${f.shopHead}</div>${rxNoticeHtml(spec, "rx-banner")}<div class="drug-main"><h1 class="drug-name">${escapeHtml(
    ctx.title,
  )}</h1><div class="drug-price"><span class="yen">¥</span><span class="price">${priceSlot(ctx)}</span>${strike(
    spec,
    ctx,
    "price-origin",
  )}${f.nearPrice.join("")}</div><div class="coupons">${promoList(ctx, "coupon-item", "到手价")}</div>${f.sizes}<div class="delivery">由 <span class="delivery-from">${escapeHtml(
    shipFromText(spec, "zh"),
  )}</span> 发货</div><div class="stock-status">${stockText(spec.inStock, "zh")}</div>${approval(ctx, "approval-number")}</div>${f.aside.join(
    "",
  )}${f.below.join("")}`;
  return htmlDocument("zh", `${ctx.title}-京东大药房`, jdPageConfig(ctx), body);
}

function jdhGoods(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `g-${n}`);
  const { spec } = ctx;
  const body = `${f.aside.join("")}<div class="goods-wrap"><div class="goods-head"><h2 class="goods-name">${escapeHtml(
    ctx.title,
  )}</h2></div><div class="price-line"><b class="price-now">${priceSlot(ctx)}</b>${strike(spec, ctx, "original-price", "span")}${f.nearPrice.join(
    "",
  )}</div><div class="promotion">${promoList(ctx, "promotion-item", "到手价")}</div>${f.sizes}<div class="summary-service">${escapeHtml(
    shipFromText(spec, "zh"),
  )} 发货</div><div class="store-prompt">${stockText(spec.inStock, "zh")}</div><a class="shop-name" href="//mall.jd.com/index-${
    spec.seller.id ?? "0"
  }.html">${escapeHtml(spec.seller.name ?? "")}</a>${f.shopHead}${approval(ctx, "drug-approval")}${rxNoticeHtml(spec, "rx-tips")}</div>${f.below.join(
    "",
  )}`;
  return htmlDocument("zh", `${ctx.title} - 京东健康`, jdPageConfig(ctx), body);
}

export const JDH_LAYOUTS = [JD_LAYOUTS[0], jdhDrug, jdhGoods] as const;

function shopLink(spec: ListingSpec, cls: string, text: string): string {
  return `<a class="${cls}" href="//shop.alihealth.cn/shop.htm?shopId=${spec.seller.id ?? "0"}">${escapeHtml(text)}</a>`;
}

function aliPromotion(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `ah-${n}`);
  const { spec } = ctx;
  const body = `<header class="shop-bar">${shopLink(spec, "shop-name", spec.seller.name ?? "")}</header>${f.shopHead}<main><h1 class="goods-title">${escapeHtml(
    ctx.title,
  )}</h1>${rxNoticeHtml(spec, "rx-tip")}<div class="promotion-price"><em>¥</em><span class="price">${priceSlot(ctx)}</span></div>${strike(
    spec,
    ctx,
    "market-price",
    "span",
  )}${f.nearPrice.join("")}<ul class="promos">${promoList(ctx, "promotion-item", "券后")}</ul>${f.sizes}<p>发货地 <span class="delivery-from">${escapeHtml(
    shipFromText(spec, "zh"),
  )}</span></p><p class="stock-status">${stockText(spec.inStock, "zh")}</p>${approval(ctx, "approval-number")}</main>${f.below.join(
    "",
  )}<aside>${f.aside.join("")}</aside>`;
  return htmlDocument("zh", `${ctx.title}-阿里健康大药房`, "", body);
}

function aliGoods(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `ag-${n}`);
  const { spec } = ctx;
  const body = `<div class="detail"><div class="product-name">${escapeHtml(ctx.title)}</div><div class="goods-price"><span class="price">${priceSlot(
    ctx,
  )}</span>${strike(spec, ctx, "", "del").replace(' class=""', "")}</div>${f.nearPrice.join("")}<div class="coupon-list">${promoList(
    ctx,
    "coupon-item",
    "到手价",
  )}</div>${f.sizes}<div class="ship-from">${escapeHtml(shipFromText(spec, "zh"))}</div><div class="stock">${stockText(
    spec.inStock,
    "zh",
  )}</div><div class="store-card"><span class="store-name">${escapeHtml(spec.seller.name ?? "")}</span>${shopLink(
    spec,
    "enter",
    "进入店铺",
  )}</div>${f.shopHead}${approval(ctx, "drug-approval")}${rxNoticeHtml(spec, "rx")}</div>${f.aside.join("")}${f.below.join("")}`;
  return htmlDocument("zh", `${ctx.title}`, "", body);
}

function aliDetail(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `ad-${n}`);
  const { spec } = ctx;
  const body = `${f.shopHead}<section class="detail-hd"><h2 class="detail-title">${escapeHtml(ctx.title)}</h2><div class="price-row"><span class="sale-price">${ctx.listed !== null ? "¥" : ""}${priceSlot(ctx)}</span>${strike(spec, ctx, "original-price", "span")}${f.nearPrice.join("")}</div><div class="tags">${promoList(
    ctx,
    "promo-tag",
    "到手价",
  )}</div></section>${f.sizes}<section class="seller"><span class="seller-name">${escapeHtml(spec.seller.name ?? "")}</span>${shopLink(
    spec,
    "go-shop",
    "店铺首页",
  )}<span class="delivery-from">${escapeHtml(shipFromText(spec, "zh"))}</span><span class="sold-out">${
    spec.inStock ? "" : "已售罄"
  }</span></section>${approval(ctx, "approval-number")}${rxNoticeHtml(spec, "rx-line")}${f.below.join("")}${f.aside.join("")}`;
  return htmlDocument("zh", `${ctx.title} 阿里健康`, "", body);
}

export const ALIH_LAYOUTS = [aliPromotion, aliGoods, aliDetail] as const;
