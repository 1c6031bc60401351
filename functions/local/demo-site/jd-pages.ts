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
 * JD-like pages under /jd/: product pages with `.sku-name`, `.p-price .price`, a `del` list
 * price, `.shop-name a[href*=index-{shopId}]`, `.ship-from`, `.stock` and `.promo`; a search page
 * with `a.p-name` links and `a.pn-next` pagination.
 */

const BASE = "/jd/";
export const JD_PAGE_SIZE = 6;

function shortcut(): string {
  return `<div id="shortcut"><div class="w"><ul class="fl"><li class="dropdown" id="ttbar-mycity"><div class="dt cw-icon">北京</div></li></ul><ul class="fr"><li id="ttbar-login"><a href="${BASE}login" class="link-login">你好，请登录</a>&nbsp;&nbsp;<a href="${BASE}reg" class="link-regist style-red">免费注册</a></li><li class="spacer"></li><li><a href="${BASE}order">我的订单</a></li><li class="spacer"></li><li class="dropdown"><a href="${BASE}home">我的京东</a></li><li class="spacer"></li><li><a href="${BASE}plus">京东会员</a></li><li class="spacer"></li><li><a href="${BASE}b2b">企业采购</a></li><li class="spacer"></li><li class="dropdown"><a href="${BASE}help">客户服务</a></li><li class="spacer"></li><li class="dropdown"><a href="${BASE}nav">网站导航</a></li><li class="spacer"></li><li><a href="${BASE}app">手机京东</a></li></ul></div></div>`;
}

function header(keyword: string): string {
  const hot = ["血糖仪", "血压计", "制氧机", "雾化器", "体温计", "助听器", "轮椅", "护腰"];
  return `<div id="header"><div class="w"><div id="logo"><a href="${BASE}search" class="logo">京东</a></div><div id="search"><form action="${BASE}search" method="get" class="form"><input type="text" name="keyword" autocomplete="off" class="text" value="${escapeHtml(keyword)}" aria-label="搜索"><button class="button" type="submit">搜索</button></form></div><div id="hotwords">${hot.map((w) => `<a href="${BASE}search?keyword=${encodeURIComponent(w)}">${w}</a>`).join("")}</div><div id="settleup"><a href="${BASE}cart">我的购物车</a></div></div></div>`;
}

function head(title: string, canonical: string, extra: string, styles: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge"><title>${escapeHtml(title)}</title><meta name="keywords" content="${escapeHtml(title)},京东,网购"><meta name="description" content="京东JD.COM-专业的综合网上购物商城，为您提供正品低价的购物选择、优质便捷的服务体验。"><link rel="canonical" href="${escapeHtml(canonical)}">${styles}${extra}</head>`;
}

export function renderJdProduct(listing: DemoProductListing): string {
  const rng = seededRandom(`jd:item:${listing.id}`);
  const facts = productFacts(listing);
  const path = listingPath(listing);
  const price = listing.priceText ?? "暂无报价";
  const listPrice = listing.listPriceText ? ` <del>${escapeHtml(listing.listPriceText)}</del>` : "";
  const promos = listing.promotions
    .map((p) => {
      const tag = p.startsWith("赠")
        ? "赠品"
        : p.includes("满")
          ? "满减"
          : p.includes("折")
            ? "会员"
            : "促销";
      return `<div class="prom-item"><em class="hl_red_bg">${tag}</em><em class="promo">${escapeHtml(p)}</em></div>`;
    })
    .join("");
  const pageConfig = JSON.stringify({
    compatible: true,
    product: {
      skuid: Number(listing.id),
      name: listing.title,
      shopId: listing.seller.id,
      cat: [9192, 12190, 12596],
      brand: rng.int(100_000, 999_999),
      isPop: listing.seller.role !== "official",
      src: `/static/img/jd-${listing.id}.svg`,
    },
  }).replace(/</g, "\\u003c");
  const specs: Array<[string, string]> = [
    ["品牌", facts.brand],
    ["商品名称", listing.title],
    ["商品编号", listing.id],
    ["型号", facts.model],
    ["规格", facts.spec],
    ["生产企业", facts.maker],
  ];
  const ids = [facts.approval, facts.gtin].filter((v) => v !== "");
  return `${head(
    `${listing.title}【行情 报价 价格 评测】-京东`,
    path,
    `<script>var pageConfig=${pageConfig};</script>`,
    styleSheet(rng, "jd", 260),
  )}<body class="cat-1-9192 item-${listing.id}">${shortcut()}${header("")}<div id="nav"><div class="w">${categoryMenu(rng, BASE)}</div></div>
<div class="crumb-wrap"><div class="w"><div class="crumb fl clearfix"><div class="item first"><a href="${BASE}search">医药保健</a></div><div class="sep">&gt;</div><div class="item"><a href="${BASE}search?keyword=${encodeURIComponent(facts.name)}">${escapeHtml(facts.name)}</a></div><div class="sep">&gt;</div><div class="item"><a href="${BASE}search?keyword=${encodeURIComponent(facts.brand)}">${escapeHtml(facts.brand)}</a></div><div class="sep">&gt;</div><div class="item ellipsis">${escapeHtml(listing.title)}</div></div></div></div>
<div class="w"><div class="product-intro clearfix">
<div class="preview-wrap"><div id="spec-n1" class="jqzoom main-img"><img id="spec-img" width="450" height="450" alt="${escapeHtml(listing.title)}" src="/static/img/jd-${listing.id}.svg"></div><div class="preview-info"><span>关注</span><span>分享</span><a href="${BASE}report">举报</a></div></div>
<div class="itemInfo-wrap">
<div class="sku-name">${escapeHtml(listing.title)}</div>
<div class="news"><div class="item hide" id="p-ad">${escapeHtml(facts.brand)}品牌正品，医疗器械注册证齐全，支持开具发票</div></div>
<div class="summary summary-first"><div class="summary-price-wrap"><div class="summary-price J-summary-price"><div class="dt">京 东 价</div><div class="dd"><span class="p-price"><span class="price J-p-${listing.id}">${escapeHtml(price)}</span>${listPrice}</span><a class="notice J-notify-sale" href="#none">降价通知</a></div></div>
<div class="summary-info J-summary-info clearfix"><div class="comment-count"><p class="comment">累计评价</p><a class="count J-comm-${listing.id}" href="#comment">${listing.monthlySales > 0 ? `${listing.monthlySales * 7}+` : "0"}</a></div></div>
${promos ? `<div class="summary-promotion" id="J-summary-top"><div class="dt">促 销</div><div class="dd J-prom-wrap">${promos}</div></div>` : ""}</div></div>
<div class="summary p-choose-wrap"><div id="summary-stock" class="li"><div class="dt">配 送 至</div><div class="dd"><div class="ui-area-wrap"><div class="ui-area-text">北京朝阳区三环以内</div></div><div class="store-prompt"><span class="stock">${listing.inStock ? "有货" : "无货"}</span>${listing.inStock ? "，23:00前下单，预计明天送达" : "，此商品暂时售完"}</div><div class="ship-from-wrap"><span class="label">发货地</span> <span class="ship-from">${escapeHtml(listing.shipFrom)}</span></div></div></div>
<div id="summary-service" class="summary-service"><div class="dt">服 务</div><div class="dd">由 ${escapeHtml(listing.seller.name)} 发货并提供售后服务。${listing.seller.role === "official" ? "京东自营，品质保障" : ""}</div></div>
<div id="choose-attr-1" class="li p-choose"><div class="dt">选择规格</div><div class="dd"><div class="item selected"><a href="#none">${escapeHtml(facts.spec)}</a></div></div></div>
<div class="choose-btns"><a href="${BASE}cart/add?pid=${listing.id}" id="InitCartUrl" class="btn-special1 btn-lg">${listing.inStock ? "加入购物车" : "到货通知"}</a></div></div>
</div>
<div class="popbox-wrap"><div class="popbox"><div class="mt"><h3>店铺信息</h3></div><div class="mc"><div class="shop-name"><a href="${BASE}shop/index-${listing.seller.id}.html" target="_blank" clstag="shangpin|keycount|product|dianpuname1">${escapeHtml(listing.seller.name)}</a>${listing.seller.role === "official" ? '<em class="u-jd">自营</em>' : ""}</div><div class="score-parts"><div class="score-part"><span class="score-desc">商品评价</span><span class="score-detail">${(rng.int(90, 99) / 10).toFixed(1)}</span></div><div class="score-part"><span class="score-desc">物流履约</span><span class="score-detail">${(rng.int(90, 99) / 10).toFixed(1)}</span></div><div class="score-part"><span class="score-desc">售后服务</span><span class="score-detail">${(rng.int(90, 99) / 10).toFixed(1)}</span></div></div><div class="btns"><a href="${BASE}shop/index-${listing.seller.id}.html" class="btn-def enter-shop">进店逛逛</a><a href="#none" class="btn-def follow-shop">关注店铺</a></div></div></div></div>
</div></div>
<div class="w">${recommendations(rng, BASE, "为你推荐", 12)}</div>
<div class="w"><div class="detail"><div class="tab-main large"><ul><li class="current">商品介绍</li><li>规格与包装</li><li>售后保障</li><li>商品评价</li></ul></div>
<div class="p-parameter"><ul class="parameter2 p-parameter-list">${specs.map(([k, v]) => `<li title="${escapeHtml(v)}">${k}：${escapeHtml(v)}</li>`).join("")}${ids.map((v) => `<li>${v.startsWith("国") ? "注册证/批准文号" : "商品条码"}：<span class="reg-no">${escapeHtml(v)}</span></li>`).join("")}</ul></div>
<div id="J-detail-content" class="detail-content">${description(rng, 14)}</div>
<div id="comment" class="comment">${reviews(rng, 24)}</div></div>
${recommendations(rng, BASE, "看了又看", 18)}${recommendations(rng, BASE, "同类热销", 18)}</div>
${footer(rng, BASE, "北京京东三百六十度电子商务有限公司")}${scriptBundle(rng, 22)}</body></html>`;
}

export function renderJdSearch(
  listings: readonly DemoProductListing[],
  keyword: string,
  page: number,
): string {
  const rng = seededRandom(`jd:search:${keyword}:${page}`);
  const pages = Math.max(1, Math.ceil(listings.length / JD_PAGE_SIZE));
  const shown = listings.slice((page - 1) * JD_PAGE_SIZE, page * JD_PAGE_SIZE);
  const pageHref = (n: number) =>
    escapeHtml(`${BASE}search?keyword=${encodeURIComponent(keyword)}&page=${n}`);
  const items = shown
    .map((l) => {
      const href = listingPath(l);
      const price = l.priceText ? escapeHtml(l.priceText.replace(/^¥/, "")) : "暂无报价";
      return `<li class="gl-item" data-sku="${l.id}"><div class="gl-i-wrap"><div class="p-img"><a target="_blank" title="${escapeHtml(l.title)}" href="${href}"><img width="220" height="220" alt="" src="/static/img/jd-${l.id}.svg"></a></div><div class="p-price"><strong class="J_${l.id}"><em>¥</em><i>${price}</i></strong></div><div class="p-name-wrap"><a class="p-name" target="_blank" title="${escapeHtml(l.title)}" href="${href}"><em>${escapeHtml(l.title)}</em></a></div><div class="p-commit"><strong><a href="${href}#comment">${l.monthlySales * 7}+</a>条评价</strong></div><div class="p-shop"><span class="J_im_icon"><a class="curr-shop hd-shopname" href="${BASE}shop/index-${l.seller.id}.html" title="${escapeHtml(l.seller.name)}">${escapeHtml(l.seller.name)}</a></span></div><div class="p-icons">${l.seller.role === "official" ? '<i class="goods-icons J-picon-tips">自营</i>' : ""}${l.sku === null ? '<i class="goods-icons4">广告</i>' : ""}${l.promotions.some((p) => p.includes("满")) ? '<i class="goods-icons4">满减</i>' : ""}</div></div></li>`;
    })
    .join("\n");
  const numbers = Array.from({ length: pages }, (_, i) =>
    i + 1 === page ? `<a class="curr">${i + 1}</a>` : `<a href="${pageHref(i + 1)}">${i + 1}</a>`,
  ).join("");
  const prev =
    page > 1
      ? `<a class="pn-prev" href="${pageHref(page - 1)}">&lt;上一页</a>`
      : '<span class="pn-prev disabled">&lt;上一页</span>';
  const next =
    page < pages
      ? `<a class="pn-next" href="${pageHref(page + 1)}">下一页&gt;</a>`
      : '<span class="pn-next disabled">下一页&gt;</span>';
  return `${head(
    `${keyword} - 商品搜索 - 京东`,
    `${BASE}search?keyword=${encodeURIComponent(keyword)}&page=${page}`,
    "",
    styleSheet(rng, "s", 200),
  )}<body>${shortcut()}${header(keyword)}<div id="nav"><div class="w">${categoryMenu(rng, BASE)}</div></div>
<div id="J_searchWrap" class="w"><div id="J_crumbsBar" class="crumbs-bar"><div class="crumbs-nav"><strong class="search-key">"${escapeHtml(keyword)}"</strong></div></div>
<div id="J_selector" class="selector"><div class="J_selectorLine s-brand"><div class="sl-key">品牌：</div><div class="sl-value"><ul class="J_valueList">${["安可", "瑞康", "禾健", "康宁达", "舒而安"].map((b) => `<li><a href="${BASE}search?keyword=${encodeURIComponent(b)}">${b}</a></li>`).join("")}</ul></div></div></div>
<div id="J_main" class="g-main2"><div class="m-list"><div class="ml-wrap"><div id="J_filter" class="filter"><div class="f-line top"><div class="f-sort"><a class="curr">综合</a><a>销量</a><a>评论数</a><a>新品</a><a>价格</a></div><div class="f-pager"><span class="fp-text"><b>${page}</b><em>/</em><i>${pages}</i></span></div></div></div>
<div id="J_goodsList" class="goods-list-v2 gl-type-1"><ul class="gl-warp clearfix">${items}</ul></div>
<div id="J_bottomPage" class="page clearfix"><span class="p-num">${prev}${numbers}${next}</span><span class="p-skip"><em>共<b>${pages}</b>页</em></span></div></div></div></div>
${recommendations(rng, BASE, "商品精选", 30)}${recommendations(rng, BASE, "猜你喜欢", 30)}</div>
${footer(rng, BASE, "北京京东三百六十度电子商务有限公司")}${scriptBundle(rng, 18)}</body></html>`;
}
