import { furnitureFor, hashed, htmlDocument, type PageContext, scriptJson } from "../page-kit.js";
import { approvalText, escapeHtml, promoText, rxNoticeHtml, shipFromText, yuan } from "../page-text.js";

/**
 * Pinduoduo goods pages as a signed-in shopper gets them: the `window.rawData` state (prices in
 * fen), the mobile markup, and a CSS-module build of it. The group price (拼单价) is what a
 * shopper pays; 单独购买 is dearer.
 */

function detail(ctx: PageContext, cls: string): string {
  const approval = approvalText(ctx.spec, "zh");
  return `<div class="${cls}">${approval ? `<p>${approval}</p>` : ""}${rxNoticeHtml(ctx.spec, "rx-notice")}</div>`;
}

function slot(ctx: PageContext): string {
  return ctx.listed !== null ? yuan(ctx.listed) : "";
}

function rawData(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `pdd-${n}`);
  const { spec } = ctx;
  const goods: Record<string, unknown> = {
    goodsID: Number(spec.id),
    goodsName: ctx.title,
    sideSalesTip: "已拼10万+件",
  };
  if (ctx.listed !== null) {
    goods.minGroupPrice = ctx.listed;
    goods.minOnSaleGroupPrice = ctx.listed;
    if (spec.soloPrice) goods.minNormalPrice = spec.soloPrice;
  }
  if (ctx.final !== null) goods.priceInfo = `券后¥${yuan(ctx.final)}`;
  const first = spec.promos[0];
  if (first) goods.couponPromoText = promoText(first, "zh");
  const state = {
    store: {
      initDataObj: { goods, mall: { mallName: spec.seller.name, mallID: Number(spec.seller.id ?? 0) } },
    },
  };
  const body = `<div id="main"><div class="goods-title-bar">${escapeHtml(ctx.title)}</div>${f.shopHead}<div class="ship">${escapeHtml(
    shipFromText(spec, "zh"),
  )}发货</div>${f.sizes}${detail(ctx, "goods-detail")}${f.below.join("")}${f.aside.join("")}</div><script>window.rawData=${scriptJson(state)};</script>`;
  return htmlDocument("zh", "拼多多商城", "", body);
}

function mobile(ctx: PageContext): string {
  const f = furnitureFor(ctx, (n) => `pm-${n}`);
  const { spec } = ctx;
  const solo =
    spec.soloPrice && ctx.listed !== null
      ? `<span class="goods-normal-price">单独购买 ¥${yuan(spec.soloPrice)}</span>`
      : "";
  const promos = [
    ...spec.promos.map((p) => `<div class="goods-coupon">${promoText(p, "zh")}</div>`),
    ...(ctx.final !== null ? [`<div class="goods-coupon">券后¥${yuan(ctx.final)}</div>`] : []),
  ].join("");
  const body = `<div class="goods-container"><div class="goods-price-wrap"><span class="goods-group-price">¥<i>${slot(
    ctx,
  )}</i></span>${solo}${f.nearPrice.join("")}</div>${promos}<div class="goods-name">${escapeHtml(ctx.title)}</div>${
    spec.inStock ? "" : '<div class="sold-out">已售罄</div>'
  }<div class="goods-ship-from">${escapeHtml(shipFromText(spec, "zh"))}</div>${f.sizes}<a class="mall-entry" href="/mall_page.html?mall_id=${
    spec.seller.id ?? "0"
  }"><span class="mall-name">${escapeHtml(spec.seller.name ?? "")}</span><span>进店</span></a>${f.shopHead}${detail(ctx, "goods-detail")}${f.below.join(
    "",
  )}${f.aside.join("")}</div>`;
  return htmlDocument("zh", `${ctx.title} - 拼多多`, "", body);
}

function cssModules(ctx: PageContext): string {
  const c = hashed(ctx.rnd);
  const f = furnitureFor(ctx, c);
  const { spec } = ctx;
  const m = (name: string) => `_${ctx.rnd.int(1, 3)}${name}_${ctx.rnd.token(5)}`;
  const solo =
    spec.soloPrice && ctx.listed !== null
      ? `<span class="${m("marketPrice")}">单买价 ¥${yuan(spec.soloPrice)}</span>`
      : "";
  const promos = [
    ...spec.promos.map((p) => `<span class="${m("couponTag")}">${promoText(p, "zh")}</span>`),
    ...(ctx.final !== null ? [`<span class="${m("couponTag")}">券后¥${yuan(ctx.final)}</span>`] : []),
  ].join("");
  const body = `<div class="${m("page")}"><div class="${m("mallBar")}"><a href="/mall_page.html?mall_id=${spec.seller.id ?? "0"}"><span class="${m(
    "mallName",
  )}">${escapeHtml(spec.seller.name ?? "")}</span></a></div><div class="${m("priceRow")}"><span class="${m("groupPrice")}">${slot(
    ctx,
  )}</span>${solo}${f.nearPrice.join("")}</div><div class="${m("promoRow")}">${promos}</div><h1 class="${m("goodsName")}">${escapeHtml(
    ctx.title,
  )}</h1>${spec.inStock ? "" : `<div class="${m("soldOut")}">已售罄</div>`}<div class="${m("shipFrom")}">${escapeHtml(
    shipFromText(spec, "zh"),
  )}</div>${f.sizes}${f.shopHead}${detail(ctx, m("detail"))}${f.below.join("")}${f.aside.join("")}</div>`;
  return htmlDocument("zh", "拼多多", "", body);
}

export const PDD_LAYOUTS = [rawData, mobile, cssModules] as const;
