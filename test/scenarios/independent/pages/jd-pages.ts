import type { ListingSpec } from "../listing-model.js";
import { furnitureFor, htmlDocument, type PageContext, prefixed, scriptJson } from "../page-kit.js";
import {
  approvalText,
  escapeHtml,
  promoLabel,
  promoText,
  rxNoticeHtml,
  shipFromText,
  stockText,
  yuan,
} from "../page-text.js";

/**
 * JD (and JD Health's JD-style pages): three server-rendered layouts of an item page, each with
 * `pageConfig` in a script as JD declares it.
 */

function pageConfig(ctx: PageContext): string {
  const { spec } = ctx;
  const attrs = ["isOverseaPurchase-0"];
  if (spec.product?.category === "rx-drug") attrs.push("isPrescriptCat-1");
  if (spec.product?.category === "otc-drug") attrs.push("isOTCCat-1");
  const product = {
    skuid: Number(spec.id.replace(/\D/g, "")),
    name: ctx.title,
    shopId: spec.seller.id ?? "0",
    venderId: spec.seller.id ? String(Number(spec.seller.id) + 7) : "0",
    specialAttrs: attrs,
    warestatus: 1,
  };
  return `<script>var pageConfig = {compatible: true, product: ${scriptJson(product)}};</script>`;
}

/** The price slot's content: the price, an empty slot a script fills, or a no-price word. */
export function priceSlot(ctx: PageContext): string {
  if (ctx.listed !== null) return yuan(ctx.listed);
  return ctx.spec.noPrice === "empty" || ctx.spec.noPrice === null ? "" : ctx.spec.noPrice;
}

function shopLink(spec: ListingSpec, clstag: boolean): string {
  const name = spec.seller.name ?? "";
  const tag = clstag ? ' clstag="shangpin|keycount|product|dianpuname1"' : "";
  return `<a href="//mall.jd.com/index-${spec.seller.id ?? "0"}.html" title="${escapeHtml(name)}" target="_blank"${tag}>${escapeHtml(
    name,
  )}</a>`;
}

function service(ctx: PageContext): string {
  const name = escapeHtml(ctx.spec.seller.name ?? "京东");
  return `由 ${name} 从 ${shipFromText(ctx.spec, "zh")} 发货, 并提供售后服务. 23:00前下单，预计后天送达`;
}

function detail(ctx: PageContext): string {
  const approval = approvalText(ctx.spec, "zh");
  return `<div id="detail"><div class="tab-con"><ul class="parameter2 p-parameter-list"><li title="${escapeHtml(
    ctx.title,
  )}">商品名称：${escapeHtml(ctx.title)}</li>${approval ? `<li>${approval}</li>` : ""}</ul>${rxNoticeHtml(ctx.spec, "rx-tip")}</div></div>`;
}

/** Classic PC page: summary-price, 领券 and 促销 rows, shop in the J-hove-wrap with clstag. */
function classic(ctx: PageContext): string {
  const cls = prefixed("");
  const f = furnitureFor(ctx, (n) => `jd-${cls(n)}`);
  const { spec } = ctx;
  const strike =
    spec.strikePrice !== null && ctx.listed !== null
      ? `<span class="pricing">[<del id="page_origin_price">${yuan(spec.strikePrice)}</del>]</span>`
      : "";
  const coupons = spec.promos.filter((p) => p.kind === "coupon");
  const others = spec.promos.filter((p) => p.kind !== "coupon");
  const quan =
    coupons.length > 0
      ? `<div id="summary-quan" class="li p-choose"><div class="dt">领 券</div><div class="dd">${coupons
          .map(
            (p) => `<a class="quan-item" href="#coupon"><span class="text">${promoText(p, "zh")}</span></a>`,
          )
          .join("")}</div></div>`
      : "";
  const finalBadge =
    ctx.final !== null
      ? `<div class="prom-item"><em class="hl_red_bg">到手价</em><em class="hl_red">¥${yuan(ctx.final)}</em></div>`
      : "";
  const prom =
    others.length > 0 || finalBadge
      ? `<div id="summary-promotion" class="li"><div class="dt">促 销</div><div class="dd"><div id="prom">${others
          .map(
            (p) =>
              `<div class="prom-item"><em class="hl_red_bg">${promoLabel(p, "zh")}</em><em class="hl_red">${promoText(p, "zh")}</em></div>`,
          )
          .join("")}${finalBadge}</div></div></div>`
      : "";
  const aside = `<div id="aside" class="aside">${f.aside.join("")}</div>`;
  const asideFirst = ctx.rnd.chance(0.3);
  const intro = `<div class="product-intro clearfix"><div class="itemInfo-wrap"><div class="sku-name">${escapeHtml(
    ctx.title,
  )}</div><div class="summary summary-first"><div class="summary-price-wrap"><div class="summary-price J-summary-price"><div class="dt">京 东 价</div><div class="dd"><span class="p-price"><span>￥</span><span class="price J-p-${spec.id}">${priceSlot(
    ctx,
  )}</span></span>${strike}${f.nearPrice.join("")}</div></div>${quan}${prom}</div>${f.sizes}<div id="summary-stock" class="li"><div class="dt">配 送 至</div><div class="dd"><div class="store-prompt" id="store-prompt"><strong>${stockText(
    spec.inStock,
    "zh",
  )}</strong></div></div></div><div id="summary-service" class="summary-service">${service(ctx)}</div></div></div><div class="J-hove-wrap EDropdown fr"><div class="item"><div class="name">${shopLink(
    spec,
    true,
  )}</div><div class="score">店铺星级 4.8</div></div></div></div>`;
  const body = `${f.shopHead}<div class="w">${asideFirst ? aside + intro : intro + aside}${detail(ctx)}${f.below.join("")}</div>`;
  return htmlDocument("zh", `【京东】${ctx.title}【行情 报价 价格 评测】-京东`, pageConfig(ctx), body);
}

/** Popbox shop card, opprice del, J-prom labels, summary-supply ship-from. */
function popbox(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `m-${n}`);
  const { spec } = ctx;
  const strike =
    spec.strikePrice !== null && ctx.listed !== null
      ? `<span class="origin">原价：<del id="page_opprice">¥${yuan(spec.strikePrice)}</del></span>`
      : "";
  const promos = spec.promos
    .map(
      (p) =>
        `<li><span class="prom-label">${promoLabel(p, "zh")}</span><span class="hl_red">${promoText(p, "zh")}</span></li>`,
    )
    .join("");
  const finalBadge =
    ctx.final !== null
      ? `<li><span class="prom-label">到手</span><span class="hl_red">到手价${yuan(ctx.final)}元</span></li>`
      : "";
  const body = `<div class="crumb-wrap"><div class="popbox"><div class="popbox-inner"><div class="mt"><h3>${shopLink(
    spec,
    false,
  )}</h3></div><div class="mc">联系客服 · 关注店铺</div></div></div></div>${f.shopHead}<div class="product-intro"><div class="itemInfo-wrap"><div class="sku-name"><img class="rx-icon" alt="">${escapeHtml(
    ctx.title,
  )}</div><div class="summary-price-wrap"><div class="p-price"><span class="price J-p-${spec.id}">${priceSlot(
    ctx,
  )}</span></div>${strike}${f.nearPrice.join("")}</div><ul class="J-prom">${promos}${finalBadge}</ul>${f.sizes}<div id="summary-supply"><span class="dt">发货地</span><span class="dd">${escapeHtml(
    shipFromText(spec, "zh"),
  )}</span></div><div id="summary-stock"><span class="dt">库存</span><span class="dd">${stockText(spec.inStock, "zh")}</span></div></div></div>${f.below.join(
    "",
  )}${detail(ctx)}<div class="m-aside-bottom">${f.aside.join("")}</div>`;
  return htmlDocument("zh", `${ctx.title} - 京东`, pageConfig(ctx), body);
}

/** 2025 page: shop head kept as literal markup in a textarea (as JD serves it), #itemName, #specJdPrice, prom-item list. */
function shopHeadTextarea(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `v25-${n}`);
  const { spec } = ctx;
  const head = `<div class="shop-head"><a href="//mall.jd.com/index-${spec.seller.id ?? "0"}.html"><h2 class="shop-title">${escapeHtml(
    spec.seller.name ?? "",
  )}</h2></a><span>关注</span></div>`;
  const strike =
    spec.strikePrice !== null && ctx.listed !== null
      ? `<del class="origin-price">¥${yuan(spec.strikePrice)}</del>`
      : "";
  const promos = [
    ...spec.promos.map((p) => `<div class="prom-item">${promoText(p, "zh")}</div>`),
    ...(ctx.final !== null ? [`<div class="prom-item">到手价¥${yuan(ctx.final)}</div>`] : []),
  ].join("");
  const body = `<textarea id="J_ShopHead" style="display:none;">${head}</textarea><div class="detail-shop"><span class="name"></span></div>${f.aside.join(
    "",
  )}<div class="product-intro"><div class="name"><h1 id="itemName">${escapeHtml(ctx.title)}</h1></div><div class="price-area"><span class="label">京东价</span><span class="J-p-price" id="specJdPrice">${priceSlot(
    ctx,
  )}</span>${strike}${f.nearPrice.join("")}</div><div class="promotions">${promos}</div>${f.sizes}<div class="store-prompt">${stockText(
    spec.inStock,
    "zh",
  )}</div><div class="summary-service">${service(ctx)}</div></div>${f.shopHead}${detail(ctx)}${f.below.join("")}`;
  return htmlDocument("zh", `${ctx.title}【图片 价格 品牌 报价】-京东`, pageConfig(ctx), body);
}

export const JD_LAYOUTS = [classic, popbox, shopHeadTextarea] as const;

/** JD's human check, answered with HTTP 200 in place of the item page. */
export function jdRiskPage(): string {
  return htmlDocument(
    "zh",
    "京东验证",
    "",
    '<div class="verify-wrap"><p>验证后继续访问</p><div class="JDJRV-suspend-slide"><div class="JDJRV-bigimg"></div></div></div>',
  );
}
