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
 * Tmall-like pages under /tmall/: a different markup from JD on purpose. The selling price is
 * `.tm-price` (promo panel), the original price `.tm-price-original`; seller `.slogo-shopname`,
 * ship-from `.tb-deliveryAdd`, 月销 counts, 拼团 and 券 texts in `.tm-promo-item`.
 */

const BASE = "/tmall/";
export const TMALL_PAGE_SIZE = 4;

function siteNav(): string {
  return `<div id="site-nav" role="navigation"><div class="sn-container"><p class="sn-back-home"><a href="${BASE}search">天猫首页</a></p><p class="sn-login-info"><em>喵，欢迎来天猫</em><a class="sn-login" href="${BASE}member/login">请登录</a><a class="sn-register" href="${BASE}member/reg">免费注册</a></p><ul class="sn-quick-menu"><li class="sn-mytaobao"><a href="${BASE}my">我的淘宝</a></li><li class="sn-cart"><a href="${BASE}cart">购物车</a></li><li class="sn-favorite"><a href="${BASE}fav">收藏夹</a></li><li class="sn-mobile"><a href="${BASE}mobile">手机版</a></li><li class="sn-home"><a href="${BASE}taobao">淘宝网</a></li><li class="sn-seller"><a href="${BASE}seller">商家支持</a></li><li class="sn-sitemap"><a href="${BASE}sitemap">网站导航</a></li></ul></div></div>`;
}

function pageHead(title: string, canonical: string, styles: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="spm-id" content="a220o"><title>${escapeHtml(title)}</title><meta name="keywords" content="${escapeHtml(title)}"><link rel="canonical" href="${escapeHtml(canonical)}">${styles}<script>window.g_config={appId:${canonical.length},startTime:+new Date,assetsHost:"/static/"};</script></head>`;
}

export function renderTmallProduct(listing: DemoProductListing): string {
  const rng = seededRandom(`tmall:item:${listing.id}`);
  const facts = productFacts(listing);
  const shopHref = `${BASE}shop/${listing.seller.id}.htm`;
  const original = listing.listPriceText
    ? `<dl class="tm-price-panel" id="J_StrPriceModBox"><dt class="tb-metatit">价格</dt><dd><del class="tm-price-original">${escapeHtml(listing.listPriceText)}</del></dd></dl>`
    : "";
  const promos = listing.promotions
    .map(
      (p) =>
        `<span class="tm-promo-item tm-promo-${p.includes("券") ? "coupon" : p.includes("拼团") ? "group" : "other"}">${escapeHtml(p)}</span>`,
    )
    .join("");
  const stock = rng.int(30, 900);
  const attrs: Array<[string, string]> = [
    ["品牌", facts.brand],
    ["型号", facts.model],
    ["产品名称", facts.name],
    ["规格", facts.spec],
    ["生产企业", facts.maker],
  ];
  const ids = [facts.approval, facts.gtin].filter((v) => v !== "");
  return `${pageHead(`${listing.title}-tmall.com天猫`, listingPath(listing), styleSheet(rng, "tm", 380))}<body class="tm-detail">${siteNav()}
<div id="header" class="tm-header"><div class="header-extra"><div id="shopExtra" class="shop-extra"><div class="slogo"><a class="slogo-shopname" href="${shopHref}"><strong>${escapeHtml(listing.seller.name)}</strong></a><span class="slogo-extraicon"><a class="tmall-ico">天猫</a></span></div><div class="shopdsr-item"><div class="shopdsr-title">描 述</div><div class="shopdsr-score">${(rng.int(470, 499) / 100).toFixed(2)}</div></div><div class="shopdsr-item"><div class="shopdsr-title">服 务</div><div class="shopdsr-score">${(rng.int(470, 499) / 100).toFixed(2)}</div></div><div class="shopdsr-item"><div class="shopdsr-title">物 流</div><div class="shopdsr-score">${(rng.int(470, 499) / 100).toFixed(2)}</div></div></div></div>
<div class="mallSearch"><form name="searchTop" action="${BASE}search" class="mallSearch-form"><input type="text" name="q" class="mallSearch-input" value="" aria-label="搜索 天猫 商品/品牌/店铺"><button type="submit">搜索</button></form></div></div>
<div class="tm-cate">${categoryMenu(rng, BASE)}</div>
<div id="content"><div id="detail" class="tm-clear"><div id="J_DetailMeta" class="tm-clear"><div class="tb-gallery"><img id="J_ImgBooth" alt="${escapeHtml(listing.title)}" src="/static/img/tm-${listing.id}.svg" width="430" height="430"></div>
<div class="tb-property"><div class="tb-wrap"><div class="tb-detail-hd"><h1 data-spm="1000983">${escapeHtml(listing.title)}</h1><p class="newp">${escapeHtml(facts.brand)}品牌授权 正品保障 ${facts.rx ? "" : "假一赔十"}</p></div>
<div class="tm-fcs-panel">${original}<dl class="tm-promo-panel" id="J_PromoPrice"><dt class="tb-metatit">促销价</dt><dd><div class="tm-promo-price"><span class="tm-price">${escapeHtml(listing.priceText ?? "暂无报价")}</span></div></dd></dl>${promos ? `<dl class="tm-promo-list-panel"><dt class="tb-metatit">优惠</dt><dd class="tm-promo-list">${promos}</dd></dl>` : ""}</div>
<div class="tb-meta"><dl class="tb-location"><dt class="tb-metatit">运费</dt><dd><span class="tb-deliveryAdd">${escapeHtml(listing.shipFrom)}</span> 至 <span class="tb-deliveryTo">北京 朝阳区</span> 快递: 0.00</dd></dl>
<ul class="tm-ind-panel"><li class="tm-ind-item tm-ind-sellCount"><div class="tm-indcon"><span class="tm-label">月销量</span><span class="tm-count">${listing.monthlySales}+</span></div></li><li class="tm-ind-item tm-ind-reviewCount"><div class="tm-indcon"><span class="tm-label">累计评价</span><span class="tm-count">${listing.monthlySales * 5}</span></div></li><li class="tm-ind-item tm-ind-emPointCount"><div class="tm-indcon"><span class="tm-label">送天猫积分</span><span class="tm-count">${rng.int(50, 400)}</span></div></li></ul>
<dl class="tb-amount tm-clear"><dt class="tb-metatit">数量</dt><dd><span class="tb-stock-state">${listing.inStock ? "现货" : "已售罄"}</span><em id="J_EmStock" class="tb-hidden">${listing.inStock ? `库存${stock}件` : "库存0件"}</em></dd></dl></div>
<div class="tb-action"><div class="tb-btn-buy"><a href="${BASE}buy?id=${listing.id}">${listing.inStock ? "立即购买" : "到货通知"}</a></div><div class="tb-btn-basket"><a href="${BASE}cart/add?id=${listing.id}">加入购物车</a></div></div></div></div></div>
<div id="J_TabBarBox"><ul class="tabbar"><li class="tm-selected"><a href="#description">商品详情</a></li><li><a href="#J_Reviews">累计评价</a></li><li><a href="#J_Service">服务</a></li></ul></div>
<div id="J_AttrList" class="attributes"><ul id="J_AttrUL">${attrs.map(([k, v]) => `<li title="${escapeHtml(v)}">${k}:&nbsp;${escapeHtml(v)}</li>`).join("")}${ids.map((v) => `<li>${v.startsWith("国") ? "注册证编号" : "条形码"}:&nbsp;<span class="reg-no">${escapeHtml(v)}</span></li>`).join("")}</ul></div>
<div id="description" class="J_DetailSection">${description(rng, 12)}</div>
<div id="J_Reviews">${reviews(rng, 22)}</div></div>
<div class="col-sub">${recommendations(rng, BASE, "看了又看", 16)}${recommendations(rng, BASE, "店铺热销", 16)}</div></div>
${recommendations(rng, BASE, "猜你喜欢", 24)}
${footer(rng, BASE, "浙江天猫网络有限公司")}${scriptBundle(rng, 20)}</body></html>`;
}

export function renderTmallSearch(
  listings: readonly DemoProductListing[],
  keyword: string,
  page: number,
): string {
  const rng = seededRandom(`tmall:search:${keyword}:${page}`);
  const pages = Math.max(1, Math.ceil(listings.length / TMALL_PAGE_SIZE));
  const shown = listings.slice((page - 1) * TMALL_PAGE_SIZE, page * TMALL_PAGE_SIZE);
  const rawHref = (n: number) =>
    `${BASE}search?q=${encodeURIComponent(keyword)}&s=${(n - 1) * TMALL_PAGE_SIZE}`;
  const href = (n: number) => escapeHtml(rawHref(n));
  const items = shown
    .map((l) => {
      const p = listingPath(l);
      return `<div class="product" data-id="${l.id}"><div class="product-iWrap"><div class="productImg-wrap"><a href="${p}" class="productImg" target="_blank"><img src="/static/img/tm-${l.id}.svg" width="210" height="210" alt=""></a></div><p class="productPrice"><em title="${escapeHtml(l.price ?? "")}"><b>&yen;</b>${escapeHtml(l.price ?? "暂无报价")}</em></p><p class="productTitle"><a href="${p}" target="_blank" title="${escapeHtml(l.title)}">${escapeHtml(l.title)}</a></p><div class="productShop" data-atp="b!!1!!1!!1"><a class="productShop-name" href="${BASE}shop/${l.seller.id}.htm">${escapeHtml(l.seller.name)}</a></div><p class="productStatus"><span>月成交 <em>${l.monthlySales}笔</em></span><span>评价 <a href="${p}#J_Reviews">${l.monthlySales * 5}</a></span></p></div></div>`;
    })
    .join("\n");
  const prev =
    page > 1
      ? `<a class="ui-page-prev" href="${href(page - 1)}">&lt;&lt;上一页</a>`
      : '<span class="ui-page-prev">&lt;&lt;上一页</span>';
  const next =
    page < pages
      ? `<a class="ui-page-next" href="${href(page + 1)}">下一页&gt;&gt;</a>`
      : '<span class="ui-page-next">下一页&gt;&gt;</span>';
  const nums = Array.from({ length: pages }, (_, i) =>
    i + 1 === page ? `<b class="ui-page-cur">${i + 1}</b>` : `<a href="${href(i + 1)}">${i + 1}</a>`,
  ).join("");
  return `${pageHead(`${keyword}-天猫Tmall.com-理想生活上天猫`, rawHref(page), styleSheet(rng, "ts", 200))}<body class="pg">${siteNav()}
<div id="header" class="header-list-app"><div class="headerCon"><h1 id="mallLogo"><a href="${BASE}search">天猫Tmall.com</a></h1><div class="mallSearch"><form name="searchTop" action="${BASE}search"><input type="text" name="q" value="${escapeHtml(keyword)}" aria-label="搜索"><button type="submit">搜索</button></form></div></div></div>
<div class="tm-cate">${categoryMenu(rng, BASE)}</div>
<div id="content"><div class="main"><div class="crumb"><a href="${BASE}search">所有分类</a> &gt; <b>"${escapeHtml(keyword)}"</b> 共${listings.length}件相关商品</div>
<div class="filter"><a class="fSort fSort-cur">综合</a><a class="fSort">人气</a><a class="fSort">新品</a><a class="fSort">销量</a><a class="fSort">价格</a></div>
<div id="J_ItemList" class="view grid-nosku">${items}</div>
<div class="ui-page"><div class="ui-page-wrap"><b class="ui-page-num">${prev}${nums}${next}</b><b class="ui-page-skip">共${pages}页</b></div></div></div>
${recommendations(rng, BASE, "掌柜热卖", 30)}${recommendations(rng, BASE, "猜你喜欢", 30)}</div>
${footer(rng, BASE, "浙江天猫网络有限公司")}${scriptBundle(rng, 16)}</body></html>`;
}
