import { escapeHtml } from "../../core/escape-html.js";
import { type DemoProductListing, listingPath } from "./catalog.js";
import {
  categoryMenu,
  description,
  footer,
  recommendations,
  reviews,
  scriptBundle,
  styleSheet,
} from "./filler.js";
import { productFacts } from "./product-facts.js";
import { seededRandom } from "./seeded-random.js";

/**
 * JD Health / Ali Health-like pharmacy under /pharmacy/: drug and device pages with their
 * 国药准字 / 国械注准 numbers (`.approval-no`), the statutory Rx notice on prescription drugs,
 * 大药房 sellers (`a.store-name[href*=store-{id}]`), `.now-price` vs `.ori-price`.
 */

const BASE = "/pharmacy/";
export const PHARMACY_PAGE_SIZE = 10;
export const RX_NOTICE = "处方药须凭处方在药师指导下购买和使用";

function topBar(): string {
  return `<div class="top-bar"><div class="w"><span class="welcome">欢迎来到健康大药房</span><a href="${BASE}login">请登录</a><a href="${BASE}register">免费注册</a><span class="hotline">药师热线 400-600-1234</span><a href="${BASE}orders">我的订单</a><a href="${BASE}rx">我的处方</a><a href="${BASE}help">帮助中心</a></div></div>`;
}

function pageHead(title: string, canonical: string, styles: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="description" content="正品药品网上购买，执业药师在线咨询，医保定点，全国配送。"><link rel="canonical" href="${escapeHtml(canonical)}">${styles}</head>`;
}

function searchBox(keyword: string): string {
  return `<div class="header"><div class="w"><a class="logo" href="${BASE}search">健康大药房</a><form class="search-form" action="${BASE}search"><input name="keyword" value="${escapeHtml(keyword)}" placeholder="搜索药品、症状、品牌" aria-label="搜索"><button type="submit">搜索</button></form><div class="quick-links"><a href="${BASE}search?keyword=${encodeURIComponent("降糖")}">降糖</a><a href="${BASE}search?keyword=${encodeURIComponent("降压")}">降压</a><a href="${BASE}search?keyword=${encodeURIComponent("血糖试纸")}">血糖试纸</a></div></div></div>`;
}

export function renderPharmacyProduct(listing: DemoProductListing): string {
  const rng = seededRandom(`pharmacy:product:${listing.id}`);
  const facts = productFacts(listing);
  const licence = `沪AA${rng.int(1_000_000, 9_999_999)}`;
  const promos = listing.promotions
    .map(
      (p) =>
        `<li class="promotion-row"><i class="promo-icon">惠</i><span class="promotion-item">${escapeHtml(p)}</span></li>`,
    )
    .join("");
  const rows: Array<[string, string]> = [
    ["通用名称", facts.name],
    ["商品名称", `${facts.brand} ${facts.name}`],
    ["规格", facts.spec],
    ["生产企业", facts.maker],
    ["有效期", facts.rx ? "24个月" : "18个月"],
  ];
  const kind = facts.approval.startsWith("国药准字") ? "批准文号" : "注册证编号";
  return `${pageHead(`【${facts.brand}】${listing.title} 价格_说明书_作用 - 健康大药房`, listingPath(listing), styleSheet(rng, "ph", 340))}<body>${topBar()}${searchBox("")}
<div class="nav-wrap"><div class="w">${categoryMenu(rng, BASE)}</div></div>
<div class="w crumbs"><a href="${BASE}search">首页</a> &gt; <a href="${BASE}search?keyword=${encodeURIComponent(facts.name)}">${escapeHtml(facts.name)}</a> &gt; <span>${escapeHtml(listing.title)}</span></div>
<div class="w product-main"><div class="gallery"><img src="/static/img/ph-${listing.id}.svg" width="400" height="400" alt="${escapeHtml(listing.title)}"></div>
<div class="drug-intro"><div class="drug-hd">${facts.rx ? '<span class="rx-badge">处方药</span>' : '<span class="device-badge">医疗器械</span>'}<h1 class="drug-title">${escapeHtml(listing.title)}</h1></div>
${facts.rx ? `<div class="rx-notice">${RX_NOTICE}</div>` : ""}
<div class="price-box"><span class="price-label">价格</span><span class="now-price">${escapeHtml(listing.priceText ?? "暂无报价")}</span>${listing.listPriceText ? `<del class="ori-price">${escapeHtml(listing.listPriceText)}</del>` : ""}</div>
${promos ? `<ul class="promotion-list">${promos}</ul>` : ""}
<dl class="drug-attr"><dt>${kind}</dt><dd><span class="approval-no">${escapeHtml(facts.approval)}</span></dd><dt>规格</dt><dd>${escapeHtml(facts.spec)}</dd><dt>生产企业</dt><dd>${escapeHtml(facts.maker)}</dd><dt>发货地</dt><dd><span class="send-from">${escapeHtml(listing.shipFrom)}</span></dd><dt>库存</dt><dd><span class="stock-state">${listing.inStock ? "有货" : "缺货"}</span></dd></dl>
<div class="buy-btns">${facts.rx ? `<a class="btn-rx" href="${BASE}rx/apply?id=${listing.id}">提交需求 问诊开方</a>` : `<a class="btn-cart" href="${BASE}cart/add?id=${listing.id}">加入购物车</a>`}</div>
<div class="pharmacist"><span>执业药师在线</span><a href="${BASE}consult?id=${listing.id}">免费咨询</a></div></div>
<div class="store-info"><a class="store-name" href="${BASE}store-${listing.seller.id}.html">${escapeHtml(listing.seller.name)}</a><span class="store-tag">药店</span><p class="store-licence">药品经营许可证 ${licence}</p><p class="store-score">药师服务 ${(rng.int(90, 99) / 10).toFixed(1)} 发货速度 ${(rng.int(90, 99) / 10).toFixed(1)}</p></div></div>
<div class="w detail"><div class="tabs"><a class="on">商品详情</a><a>说明书</a><a>用户评价</a></div>
<table class="instructions">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join("")}${facts.gtin ? `<tr><th>商品条码</th><td>${facts.gtin}</td></tr>` : ""}</table>
<div class="manual">${description(rng, 12)}</div>
<div class="user-reviews">${reviews(rng, 18)}</div></div>
<div class="w">${recommendations(rng, BASE, "常购药品", 20)}${recommendations(rng, BASE, "看了此商品的用户还看了", 20)}</div>
${footer(rng, BASE, "健康大药房连锁有限公司")}${scriptBundle(rng, 18)}</body></html>`;
}

export function renderPharmacySearch(
  listings: readonly DemoProductListing[],
  keyword: string,
  page: number,
): string {
  const rng = seededRandom(`pharmacy:search:${keyword}:${page}`);
  const pages = Math.max(1, Math.ceil(listings.length / PHARMACY_PAGE_SIZE));
  const shown = listings.slice((page - 1) * PHARMACY_PAGE_SIZE, page * PHARMACY_PAGE_SIZE);
  const rawHref = (n: number) => `${BASE}search?keyword=${encodeURIComponent(keyword)}&page=${n}`;
  const items = shown
    .map((l) => {
      const facts = productFacts(l);
      const p = listingPath(l);
      return `<li class="goods-item"><a class="goods-img" href="${p}"><img src="/static/img/ph-${l.id}.svg" width="200" height="200" alt=""></a>${facts.rx ? '<span class="rx-badge">处方药</span>' : ""}<a class="goods-name" href="${p}" title="${escapeHtml(l.title)}">${escapeHtml(l.title)}</a><p class="goods-spec">${escapeHtml(facts.spec)}</p><p class="goods-price">${escapeHtml(l.priceText ?? "暂无报价")}</p><p class="goods-store">${escapeHtml(l.seller.name)}</p></li>`;
    })
    .join("\n");
  const next =
    page < pages
      ? `<a class="page-next" href="${escapeHtml(rawHref(page + 1))}">下一页</a>`
      : '<span class="page-next disabled">下一页</span>';
  return `${pageHead(`${keyword} - 搜索结果 - 健康大药房`, rawHref(page), styleSheet(rng, "ps", 200))}<body>${topBar()}${searchBox(keyword)}
<div class="nav-wrap"><div class="w">${categoryMenu(rng, BASE)}</div></div>
<div class="w search-result"><div class="result-hd">搜索 <b>"${escapeHtml(keyword)}"</b> 找到 ${listings.length} 件商品</div><ul class="goods-list">${items}</ul><div class="pager"><span class="page-cur">${page}</span>${next}</div></div>
<div class="w">${recommendations(rng, BASE, "热销药品", 30)}${recommendations(rng, BASE, "健康必备", 30)}</div>
${footer(rng, BASE, "健康大药房连锁有限公司")}${scriptBundle(rng, 16)}</body></html>`;
}
