import { escapeHtml } from "../../functions/core/escape-html.js";
import { BRAND, type PageSpec, productOf, promoText } from "./scenario-catalog.js";
import { NO_VARIATION, type PageLook, type ScenarioVariation } from "./scenario-variation.js";

/**
 * Compact page renderers with the demo marketplace's markup and selectors (JD-like, Tmall-like,
 * pharmacy, JSON-LD-only shop). The demo's own renderers are tied to its catalog, so these carry
 * the same selectors for the scenario's products; `scenario-site.ts` configures matching profiles.
 */

const RX_NOTICE = "处方药须凭处方在药师指导下购买和使用";
const FILING_NUMBER = "苏械备20190012号";

const money = (yuan: number) => yuan.toFixed(2);

interface View {
  title: string;
  price: number | null;
  priceText: string;
  promos: string[];
  ids: string[];
  notice: string;
  maker: string;
}

function view(spec: PageSpec, day: number): View {
  const p = spec.sku ? productOf(spec.sku) : null;
  const price = spec.price(day);
  const ids: string[] = [];
  if (p) {
    if (p.category === "device" && spec.deviceNumber === "registration") ids.push(p.approval);
    if (p.category === "device" && spec.deviceNumber === "filing") ids.push(FILING_NUMBER);
    if (p.category !== "device") ids.push(p.approval);
    // A GTIN belongs to one pack size: pages of other packs (unmatchable by intent) do not carry ours.
    if (spec.matchable) for (const id of p.ids) if (/^\d{13}$/.test(id)) ids.push(id);
  }
  let notice = "";
  if (p?.category === "rx-drug" && spec.rxNotice === "visible")
    notice = `<div class="rx-notice">${RX_NOTICE}</div>`;
  if (p?.category === "rx-drug" && spec.rxNotice === "hidden")
    notice = `<div class="rx-notice" style="display:none">${RX_NOTICE}</div>`;
  return {
    title: spec.title,
    price,
    priceText: price === null ? "暂无报价" : `¥${money(price)}`,
    promos: spec.promos.map(promoText),
    ids,
    notice,
    maker: p ? `${BRAND}医疗科技（苏州）有限公司` : "瑞禾医疗科技有限公司",
  };
}

function unitPrice(spec: PageSpec, price: number | null): string {
  if (!spec.unitPriceTrap || price === null || !spec.sku) return "";
  const units = productOf(spec.sku).packSize ?? 10;
  return `¥${money(price / units)}/片`;
}

const head = (title: string, canonical: string, extra = "") =>
  `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="canonical" href="${escapeHtml(canonical)}">${extra}</head>`;

const related = (base: string, look: PageLook) =>
  `<div class="${look.cls("related")}"><h3>看了又看</h3><ul><li><a href="${base}item/1.html">禾健血压计 臂式</a> <span>¥199.00</span></li><li><a href="${base}item/2.html">瑞康血糖试纸 50片</a> <span>¥99.00</span></li></ul></div>`;

function renderJd(spec: PageSpec, day: number, variation: ScenarioVariation): string {
  const v = view(spec, day);
  const look = variation.look(spec);
  const id = variation.idOf(spec);
  const unit = unitPrice(spec, v.price);
  const del = spec.listPrice ? ` <del>¥${money(spec.listPrice)}</del>` : "";
  const plus = spec.plusPriceTrap
    ? `<div class="summary-price-plus"><span class="p-price-plus"><span class="price">¥${money(spec.plusPriceTrap)}</span></span><em>PLUS价</em></div>`
    : "";
  const item = `<div class="${look.cls("itemInfo-wrap")}">${look.join([
    `<div class="sku-name">${escapeHtml(v.title)}</div>`,
    `<div class="${look.cls("summary-price")}"><div class="dt">京 东 价</div><span class="p-price">${unit ? `<span class="price">${unit}</span>` : ""}<span class="price J-p-${id}">${escapeHtml(v.priceText)}</span>${del}</span>${plus}</div>`,
    v.promos.length
      ? `<div class="J-prom-wrap">${v.promos.map((p) => `<div class="prom-item"><em class="promo">${escapeHtml(p)}</em></div>`).join("")}</div>`
      : "",
    ...look.order([
      `<div class="${look.cls("store-prompt")}"><span class="stock">${spec.inStock ? "有货" : "无货"}</span></div>`,
      `<div class="${look.cls("ship-from-wrap")}"><span class="label">发货地</span> <span class="ship-from">${escapeHtml(spec.shipFrom)}</span></div>`,
    ]),
    v.notice,
    `<a${look.attrs([
      ["href", `/jd/cart/add?pid=${id}`],
      ["id", "InitCartUrl"],
    ])}>${spec.inStock ? "加入购物车" : "到货通知"}</a>`,
  ])}</div>`;
  const shop = spec.seller.name
    ? `<div class="${look.cls("popbox")}"><div class="shop-name"><a href="/jd/shop/index-${spec.seller.id ?? "0"}.html">${escapeHtml(spec.seller.name)}</a></div></div>`
    : "";
  const parameters = `<div class="${look.cls("p-parameter")}"><ul class="p-parameter-list"><li>商品名称：${escapeHtml(v.title)}</li><li>生产企业：${escapeHtml(v.maker)}</li>${v.ids.map((id) => `<li>${id.startsWith("国") || id.includes("械") ? "注册证/批准文号" : "商品条码"}：<span class="reg-no">${escapeHtml(id)}</span></li>`).join("")}</ul></div>`;
  return `${head(`${v.title}【行情 报价 价格 评测】-京东`, variation.pathOf(spec))}<body>
${look.join([
  look.wrap(`<div class="${look.cls("crumb")}">医药保健 &gt; ${escapeHtml(v.title)}</div>`),
  look.wrap(item),
  ...look.order([look.wrap(shop), look.wrap(parameters), look.wrap(related("/jd/", look))]),
])}${look.footer()}</body></html>`;
}

function renderTmall(spec: PageSpec, day: number, variation: ScenarioVariation): string {
  const v = view(spec, day);
  const look = variation.look(spec);
  const unit = unitPrice(spec, v.price);
  const shown = v.price === null ? "暂无报价" : money(v.price);
  const original = spec.listPrice
    ? `<dl class="tm-price-panel"><dt>价格</dt><dd><del class="tm-price-original">${money(spec.listPrice)}</del></dd></dl>`
    : "";
  const shop = spec.seller.name
    ? `<a${look.attrs([
        ["class", "slogo-shopname"],
        ["href", `/tmall/shop/${spec.seller.id ?? "0"}.htm`],
      ])}><strong>${escapeHtml(spec.seller.name)}</strong></a>`
    : "";
  return `${head(`${v.title}-tmall.com天猫`, variation.pathOf(spec))}<body class="tm-detail">
${look.join([
  look.wrap(`<div class="${look.cls("slogo")}">${shop}</div>`),
  `<div class="tb-detail-hd"><h1>${escapeHtml(v.title)}</h1></div>`,
  `<div class="${look.cls("tm-fcs-panel")}">${original}<dl class="tm-promo-panel"><dt>促销价</dt><dd><div class="tm-promo-price">${unit ? `<span class="tm-price">${unit}</span>` : ""}<span class="tm-price">${shown}</span></div></dd></dl>
${v.promos.length ? `<dl class="tm-promo-list-panel"><dt>优惠</dt><dd>${v.promos.map((p) => `<span class="tm-promo-item">${escapeHtml(p)}</span>`).join("")}</dd></dl>` : ""}</div>`,
  ...look.order([
    `<dl class="${look.cls("tb-location")}"><dt>运费</dt><dd><span class="tb-deliveryAdd">${escapeHtml(spec.shipFrom)}</span> 至 <span class="tb-deliveryTo">北京 朝阳区</span></dd></dl>`,
    `<dl class="${look.cls("tb-amount")}"><dt>数量</dt><dd><span class="tb-stock-state">${spec.inStock ? "现货" : "已售罄"}</span></dd></dl>`,
  ]),
  v.notice,
  `<div class="${look.cls("tb-btn-buy")}"><a${look.attrs([["href", `/tmall/buy?id=${variation.idOf(spec)}`]])}>${spec.inStock ? "立即购买" : "到货通知"}</a></div>`,
  ...look.order([
    look.wrap(
      `<ul id="J_AttrUL"><li>生产企业:&nbsp;${escapeHtml(v.maker)}</li>${v.ids.map((id) => `<li>${id.startsWith("国") || id.includes("械") ? "注册证编号" : "条形码"}:&nbsp;<span class="reg-no">${escapeHtml(id)}</span></li>`).join("")}</ul>`,
    ),
    look.wrap(related("/tmall/", look)),
  ]),
])}${look.footer()}</body></html>`;
}

function renderPharmacy(spec: PageSpec, day: number, variation: ScenarioVariation): string {
  const v = view(spec, day);
  const look = variation.look(spec);
  const p = spec.sku ? productOf(spec.sku) : null;
  const badge = p?.category === "rx-drug" ? '<span class="rx-badge">处方药</span>' : "";
  const unit =
    spec.unitPriceTrap && v.price !== null
      ? `<span class="unit-price">约${unitPrice(spec, v.price)}</span>`
      : "";
  const attributes = look.order([
    ...v.ids.map(
      (id) =>
        `<dt>${id.startsWith("国药") ? "批准文号" : "注册证编号"}</dt><dd><span class="approval-no">${escapeHtml(id)}</span></dd>`,
    ),
    `<dt>生产企业</dt><dd>${escapeHtml(v.maker)}</dd>`,
    `<dt>发货地</dt><dd><span class="send-from">${escapeHtml(spec.shipFrom)}</span></dd>`,
    `<dt>库存</dt><dd><span class="stock-state">${spec.inStock ? "有货" : "缺货"}</span></dd>`,
  ]);
  const intro = `<div class="${look.cls("drug-intro")}">${look.join([
    `<div class="${look.cls("drug-hd")}">${badge}<h1 class="drug-title">${escapeHtml(v.title)}</h1></div>`,
    v.notice,
    `<div class="price-box"><span class="price-label">价格</span><span class="now-price">${escapeHtml(v.priceText)}</span>${unit}${spec.listPrice ? `<del class="ori-price">¥${money(spec.listPrice)}</del>` : ""}</div>`,
    v.promos.length
      ? `<ul class="promotion-list">${v.promos.map((x) => `<li><span class="promotion-item">${escapeHtml(x)}</span></li>`).join("")}</ul>`
      : "",
    `<dl class="${look.cls("drug-attr")}">${attributes.join("")}</dl>`,
    `<a${look.attrs([
      ["class", "btn-cart"],
      ["href", `/pharmacy/cart/add?id=${variation.idOf(spec)}`],
    ])}>加入购物车</a>`,
  ])}</div>`;
  const store = spec.seller.name
    ? `<div class="store-info"><a class="store-name" href="/pharmacy/store-${spec.seller.id ?? "0"}.html">${escapeHtml(spec.seller.name)}</a></div>`
    : "";
  return `${head(`${v.title} 价格_说明书 - 健康大药房`, variation.pathOf(spec))}<body>
${look.join([look.wrap(intro), ...look.order([look.wrap(store), look.wrap(related("/pharmacy/", look))])])}${look.footer()}</body></html>`;
}

function renderShop(spec: PageSpec, day: number, variation: ScenarioVariation): string {
  const v = view(spec, day);
  const look = variation.look(spec);
  const css = look.hashed;
  const gtin = v.ids.find((id) => /^\d{13}$/.test(id));
  const jsonLd = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: v.title,
    ...(gtin ? { gtin13: gtin } : {}),
    brand: { "@type": "Brand", name: BRAND },
    offers: {
      "@type": "Offer",
      url: variation.pathOf(spec),
      ...(v.price === null ? {} : { price: money(v.price) }),
      priceCurrency: "CNY",
      availability: spec.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      ...(spec.seller.name ? { seller: { "@type": "Organization", name: spec.seller.name } } : {}),
    },
  }).replace(/</g, "\\u003c");
  const regs = v.ids.filter((id) => !/^\d{13}$/.test(id));
  return `${head(`${v.title} – 优选商城`, variation.pathOf(spec), `<script type="application/ld+json">${jsonLd}</script>`)}<body class="${css("css-1k2j3")}"><div id="__next">
<main class="${css("css-9x8y7")}">${look.join([
    `<h1 class="${css("css-a1b2c")}">${escapeHtml(v.title)}</h1><div class="${css("css-p0q9r")}"><span class="${css("css-z1y2x")}">${escapeHtml(v.price === null ? "" : v.priceText)}</span></div>`,
    v.notice,
    v.promos.map((x) => `<p class="${css("css-m3n4o")}">${escapeHtml(x)}。</p>`).join(""),
    `<p class="${css("css-s5t6u")}">${spec.inStock ? "现货，下单后48小时内发货" : "暂时缺货，到货后通知您"}</p><p class="${css("css-v7w8x")}">发货地：${escapeHtml(spec.shipFrom.replace(/\s+/g, ""))}</p>`,
    ...look.order([
      regs.map((id) => `<p class="${css("css-r1s2t")}">注册证编号：${escapeHtml(id)}</p>`).join(""),
      `<p class="${css("css-g5h6i")}">${escapeHtml(v.maker)}</p>`,
    ]),
  ])}</main></div>${look.footer()}</body></html>`;
}

/** A slider captcha in JD's style: HTTP 200, no listing. */
function renderCaptcha(): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东验证 - 安全验证</title></head><body><div class="verify-wrap" id="JDJRV-wrap-loginsubmit"><h2>安全验证</h2><p>为保障您的账户安全，请完成下方验证后继续访问</p><div class="JDJRV-slide-bg"><div class="JDJRV-slide-center">向右滑动完成拼图</div></div></div></body></html>`;
}

/** The page on a day; the variation changes its presentation only (seed 0: none). */
export function renderPage(spec: PageSpec, day: number, variation: ScenarioVariation = NO_VARIATION): string {
  if (spec.blocked?.(day)) return renderCaptcha();
  switch (spec.channel) {
    case "jd":
      return renderJd(spec, day, variation);
    case "tmall":
      return renderTmall(spec, day, variation);
    case "pharmacy":
      return renderPharmacy(spec, day, variation);
    case "shop":
      return renderShop(spec, day, variation);
  }
}
