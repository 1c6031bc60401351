import type { ListingSpec } from "../listing-model.js";
import { furnitureFor, hashed, htmlDocument, type PageContext, scriptJson } from "../page-kit.js";
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
 * Tmall item pages: the classic markup (促销价 over the struck 价格), the React storefront with
 * CSS-module class names, and the 2025 page whose state is built in a script (`loaderData`).
 * Shop ids: the seller's user id is what a config names (the shop id is another number).
 */

function shopIdOf(spec: ListingSpec): string {
  return spec.seller.id ? String(Number(spec.seller.id) % 100_000_000) : "0";
}

function slot(ctx: PageContext): string {
  if (ctx.listed !== null) return yuan(ctx.listed);
  return ctx.spec.noPrice === "empty" || ctx.spec.noPrice === null ? "" : ctx.spec.noPrice;
}

function paramsList(ctx: PageContext, cls: string): string {
  const approval = approvalText(ctx.spec, "zh");
  return `<ul class="${cls}"><li>产品名称：${escapeHtml(ctx.title)}</li>${approval ? `<li>${approval}</li>` : ""}</ul>${rxNoticeHtml(
    ctx.spec,
    "rx-warning",
  )}`;
}

function classic(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `tm-x-${n}`);
  const { spec } = ctx;
  const head = `<meta name="microscope-data" content="pageId=1612;prototypeId=2;siteCategory=1;shopId=${shopIdOf(
    spec,
  )};userid=${spec.seller.id ?? "0"};">`;
  const tagPrice = spec.strikePrice !== null && ctx.listed !== null;
  const priceRows = tagPrice
    ? `<dl class="tm-price-panel" id="J_StrPriceModBox"><dt class="metatit">价格</dt><dd><em class="tm-yen">¥</em><span class="tm-price">${yuan(
        spec.strikePrice as number,
      )}</span></dd></dl><dl class="tm-promo-panel" id="J_PromoPrice"><dt class="metatit">促销价</dt><dd><div class="tm-promo-price"><em class="tm-yen">¥</em><span class="tm-price">${slot(
        ctx,
      )}</span></div></dd></dl>`
    : `<dl class="tm-price-panel" id="J_StrPriceModBox"><dt class="metatit">价格</dt><dd><em class="tm-yen">¥</em><span class="tm-price">${slot(
        ctx,
      )}</span></dd></dl>`;
  const coupons = spec.promos.filter((p) => p.kind === "coupon");
  const others = spec.promos.filter((p) => p.kind !== "coupon");
  const promos = `${coupons.map((p) => `<div class="tm-coupon-panel">${promoText(p, "zh")}</div>`).join("")}${others
    .map((p) => `<div class="tb-other-discount">${promoText(p, "zh")}</div>`)
    .join("")}${ctx.final !== null ? `<div class="tb-other-discount">券后价 ¥${yuan(ctx.final)}</div>` : ""}`;
  const body = `<div id="header"><div class="slogo"><a class="slogo-shopname" href="//shop${shopIdOf(
    spec,
  )}.tmall.com"><strong>${escapeHtml(spec.seller.name ?? "")}</strong></a></div></div>${f.shopHead}<div id="detail"><div class="tb-property"><div class="tb-detail-hd"><h1 data-spm="1000983">${escapeHtml(
    ctx.title,
  )}</h1></div><div class="tm-fcs-panel">${priceRows}${f.nearPrice.join("")}</div>${promos}<div class="tb-postAge">配送 <span class="tb-deliveryAdd" id="J_deliveryAdd">${escapeHtml(
    shipFromText(spec, "zh"),
  )}</span> 至 北京</div>${f.sizes}<div class="tb-amount"><span id="J_EmStock">${spec.inStock ? "库存充足" : "无货"}</span></div></div></div>${paramsList(
    ctx,
    "attributes-list",
  )}${f.below.join("")}<div class="col-sub">${f.aside.join("")}</div>`;
  return htmlDocument("zh", `${ctx.title}-tmall.com天猫`, head, body);
}

function react(ctx: PageContext): string {
  const c = hashed(ctx.rnd);
  const f = furnitureFor(ctx, c);
  const { spec } = ctx;
  const css = (name: string) => `${name}--${ctx.rnd.token(7)}`;
  const extra =
    ctx.final !== null
      ? `<div class="${css("Price--extraPrice")}"><span class="${css("Price--extraPriceTitle")}">券后</span><span class="${css(
          "Price--priceText",
        )}">${yuan(ctx.final)}</span></div>`
      : "";
  const origin =
    spec.strikePrice !== null && ctx.listed !== null
      ? `<div class="${css("Price--originPrice")}"><span class="${css("Price--title")}">优惠前</span><span class="${css(
          "Price--priceText",
        )}">${yuan(spec.strikePrice)}</span></div>`
      : "";
  const promos = spec.promos
    .map((p) =>
      p.kind === "coupon"
        ? `<span class="${css("Coupon--couponText")}">${promoText(p, "zh")}</span>`
        : `<div class="${css("Promotion--promotion")}">${promoText(p, "zh")}</div>`,
    )
    .join("");
  const body = `<div id="root" data-sellerid="${spec.seller.id ?? "0"}"><div class="${css("ShopHeader--root")}"><a class="${css(
    "ShopHeader--title",
  )}" href="//shop${shopIdOf(spec)}.tmall.com">${escapeHtml(spec.seller.name ?? "")}</a></div>${f.shopHead}<div class="${css(
    "BasicContent--root",
  )}"><div class="${css("ItemHeader--root")}"><h1 class="${css("ItemHeader--mainTitle")}">${escapeHtml(
    ctx.title,
  )}</h1></div><div class="${css("Price--root")}">${extra}<div class="${css("Price--highlightPrice")}"><span class="${css(
    "Price--priceText",
  )}">${slot(ctx)}</span></div>${origin}${f.nearPrice.join("")}</div><div class="${css("Promotion--root")}">${promos}</div><div class="${css(
    "Delivery--root",
  )}">发货 <span class="${css("Delivery--from")}">${escapeHtml(shipFromText(spec, "zh"))}</span></div>${f.sizes}<span class="${css(
    "Quantity--quantity",
  )}">${stockText(spec.inStock, "zh")}</span></div>${paramsList(ctx, css("Attrs--list"))}${f.below.join("")}${f.aside.join("")}</div>`;
  return htmlDocument("zh", `${ctx.title}-天猫Tmall.com`, "", body);
}

function iceState(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `ice-${n}`);
  const { spec } = ctx;
  const sku: Record<string, unknown> = { quantity: spec.inStock ? "200" : "0" };
  if (ctx.listed !== null) sku.price = { priceText: yuan(ctx.listed), priceTitle: "优惠前" };
  if (ctx.final !== null) sku.subPrice = { priceText: yuan(ctx.final), priceTitle: "平台加补后" };
  const res = {
    item: { itemId: spec.id, title: ctx.title },
    seller: { shopName: spec.seller.name, userId: spec.seller.id, shopId: shopIdOf(spec) },
    skuCore: { sku2info: { "0": sku } },
  };
  const state = `<script>!(function(){var a=window.__ICE_APP_CONTEXT__||{};var b=${scriptJson({
    loaderData: { home: { data: { res } } },
  })};for(var k in a){b[k]=a[k]}window.__ICE_APP_CONTEXT__=b;})();</script>`;
  const body = `<div id="ice-container"><h1 class="main-title">${escapeHtml(ctx.title)}</h1>${f.shopHead}<div class="ship">发货地 ${escapeHtml(
    shipFromText(spec, "zh"),
  )}</div>${f.sizes}${paramsList(ctx, "params")}${f.below.join("")}${f.aside.join("")}</div>`;
  return htmlDocument("zh", `${ctx.title}-tmall.com天猫`, state, body);
}

export const TMALL_LAYOUTS = [classic, react, iceState] as const;
