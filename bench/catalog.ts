/**
 * The benchmark marketplace's data: deterministic products (the site's truth) and the HTML of
 * its listing and product pages. Pure functions of the product count, so every runner can
 * recompute the truth without asking the site.
 */

export const LINKS_PER_LISTING = 40;
export const FIRST_PRODUCT_ID = 100_001;

export type StockState = "InStock" | "OutOfStock";

export interface Product {
  id: number;
  path: string;
  title: string;
  /** Selling price, two decimals ("128.00"). */
  price: string;
  /** Strike-through list price, always above the selling price. */
  listPrice: string;
  availability: StockState;
  seller: string;
  sellerId: string;
  /** Even products carry schema.org JSON-LD; odd ones only markup (a CSS profile reads them). */
  jsonLd: boolean;
}

/** What every runner must extract, per product. */
export interface ExtractedFields {
  title: string | null;
  price: string | null;
  availability: StockState | null;
  seller: string | null;
}

/** The CSS profile of this marketplace (a channel's `extract` block). */
export const MARKET_PROFILE = {
  title: "h1.product-title",
  price: ".price-box .sale-price",
  listPrice: ".price-box .list-price",
  seller: ".seller-block .shop-name",
  sellerId: { selector: ".seller-block .shop-name", attr: "data-shop-id" },
  stock: ".stock-status",
} as const;

/** Selectors for discovery on listing pages. */
export const LISTING_LINKS = "li.goods-item a.goods-link";
export const LISTING_NEXT = "a.next-page";

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

export const BRANDS = [
  "鱼跃",
  "欧姆龙",
  "三诺",
  "可孚",
  "海氏海诺",
  "云南白药",
  "稳健",
  "振德",
  "乐心",
  "九安",
  "倍尔康",
  "修正",
  "同仁堂",
  "汤臣倍健",
  "江中",
  "仁和",
  "华润三九",
  "白云山",
  "东阿阿胶",
  "迈克大夫",
];
export const ITEMS = [
  ["电子血压计", "1台"],
  ["血糖试纸", "50片"],
  ["医用外科口罩", "50只/盒"],
  ["创可贴", "100片"],
  ["电子体温计", "1支"],
  ["家用制氧机", "1台"],
  ["雾化器", "1台"],
  ["维生素C咀嚼片", "60片"],
  ["感冒灵颗粒", "10袋"],
  ["医用棉签", "200支"],
  ["碘伏消毒液", "500ml"],
  ["医用纱布块", "20包"],
  ["血氧仪", "1台"],
  ["护腰带", "1条"],
  ["钙维生素D片", "100片"],
  ["布洛芬缓释胶囊", "24粒"],
  ["医用弹性绷带", "5卷"],
  ["助行器", "1个"],
] as const;
const QUALIFIERS = ["【官方正品】", "【旗舰店】", "【顺丰包邮】", "【新品上市】", "", "", ""];
const FEATURES = [
  "家用 上臂式",
  "独立包装",
  "大屏语音播报",
  "医用级",
  "防水透气",
  "老人儿童适用",
  "智能 全自动",
  "一次性 三层防护",
];
const CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "天津", "重庆"];
const SHOP_KINDS = ["官方旗舰店", "大药房旗舰店", "医疗器械专营店", "健康专营店", "医药专营店"];
const IN_STOCK_TEXT = ["有货", "现货，下单后24小时内发货", "有货 库存充足"];
const OUT_STOCK_TEXT = ["无货", "已售罄", "暂时无货，到货通知"];
const REVIEW_TEXT = [
  "物流很快，包装完好，用了一段时间感觉不错，会回购。",
  "和描述一致，客服态度很好，耐心解答问题。",
  "第二次购买了，家里老人说好用，操作简单。",
  "价格实惠，比药店便宜，就是快递稍微慢了点。",
  "做工精细，测量结果和医院的差不多，推荐购买。",
  "包装有点破损，但是东西没问题，给个好评吧。",
  "正品保障，有防伪码，查询过了是真的。",
  "说明书很详细，字体大，适合老人阅读。",
];
const DESC_TEXT =
  "本品严格按照国家相关标准生产，经过多道质量检验工序，品质有保障。使用前请仔细阅读说明书，如有疑问请咨询医师或药师。请置于儿童不易触及处，密封保存于阴凉干燥处。";

function money(n: number): string {
  return n.toFixed(2);
}

/** One product; `index` is 0-based. */
export function productAt(index: number): Product {
  const id = FIRST_PRODUCT_ID + index;
  const r = rng(id * 7919);
  const brand = pick(r, BRANDS);
  const [item, spec] = pick(r, ITEMS);
  const title = `${pick(r, QUALIFIERS)}${brand} ${item} ${spec} ${pick(r, FEATURES)} 型号${brand.length > 2 ? "YX" : "HK"}-${id}`;
  const cents = Math.round((5 + r() * r() * 2500) * 100);
  const price = money(cents / 100);
  const listPrice = money(Math.round(cents * (1.15 + r() * 0.5)) / 100);
  const availability: StockState = r() < 0.85 ? "InStock" : "OutOfStock";
  const shopKind = pick(r, SHOP_KINDS);
  const seller =
    shopKind === "官方旗舰店" ? `${brand}${shopKind}` : `${pick(r, CITIES)}${pick(r, BRANDS)}${shopKind}`;
  const sellerId = String(1_000_000 + Math.floor(r() * 8_000_000));
  return {
    id,
    path: `/item/${id}.html`,
    title,
    price,
    listPrice,
    availability,
    seller,
    sellerId,
    jsonLd: id % 2 === 0,
  };
}

export function catalog(count: number): Product[] {
  return Array.from({ length: count }, (_, i) => productAt(i));
}

export function listingPageCount(count: number): number {
  return Math.max(1, Math.ceil(count / LINKS_PER_LISTING));
}

// ---------------------------------------------------------------------------------------------
// Correctness

function same(a: string | null, b: string): boolean {
  return a !== null && a.replace(/\s+/g, " ").trim() === b;
}

function samePrice(a: string | null, b: string): boolean {
  return a !== null && a.trim() !== "" && Number(a) === Number(b);
}

/** Which of the four fields are wrong (empty when all are right). */
export function wrongFields(truth: Product, got: ExtractedFields): string[] {
  const wrong: string[] = [];
  if (!same(got.title, truth.title)) wrong.push("title");
  if (!samePrice(got.price, truth.price)) wrong.push("price");
  if (got.availability !== truth.availability) wrong.push("availability");
  if (!same(got.seller, truth.seller)) wrong.push("seller");
  return wrong;
}

// ---------------------------------------------------------------------------------------------
// HTML

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON for a <script> element: no "</script" can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const CATEGORIES = [
  "医疗器械",
  "家用检测",
  "血压计",
  "血糖仪",
  "体温计",
  "制氧机",
  "雾化器",
  "口罩",
  "创可贴",
  "护理用品",
  "康复辅助",
  "轮椅",
  "拐杖",
  "中西药品",
  "感冒用药",
  "肠胃用药",
  "维生素",
  "钙铁锌",
  "营养保健",
  "滋补养生",
  "成人用品",
  "隐形眼镜",
  "母婴健康",
  "个人护理",
  "中药饮片",
  "医用敷料",
  "消毒用品",
  "急救箱",
  "按摩器材",
  "理疗仪器",
];

function headerHtml(): string {
  const cats = CATEGORIES.map(
    (c, i) => `<li class="nav-item"><a href="/category/${i + 1}.html" data-spm="nav.${i}">${c}</a></li>`,
  ).join("");
  const sub = CATEGORIES.map(
    (c, i) =>
      `<div class="sub-menu" data-cat="${i}">${Array.from({ length: 6 }, (_, k) => `<a href="/category/${i + 1}-${k}.html">${c}${k + 1}</a>`).join("")}</div>`,
  ).join("");
  return `<header class="site-header"><div class="top-bar"><span>您好，欢迎来到健康商城</span><a href="/login">请登录</a><a href="/register">免费注册</a><a href="/cart">购物车</a><a href="/orders">我的订单</a><a href="/service">客户服务</a></div><div class="logo-search"><a class="logo" href="/">健康商城</a><form class="search" action="/search"><input name="q" placeholder="搜索 药品 / 器械 / 品牌"><button type="submit">搜索</button></form></div><nav class="main-nav"><ul>${cats}</ul>${sub}</nav></header>`;
}

function footerHtml(): string {
  const cols = ["购物指南", "配送方式", "支付方式", "售后服务", "特色服务"]
    .map(
      (h, i) =>
        `<dl class="footer-col"><dt>${h}</dt>${Array.from({ length: 6 }, (_, k) => `<dd><a href="/help/${i}-${k}.html">${h}说明${k + 1}</a></dd>`).join("")}</dl>`,
    )
    .join("");
  return `<footer class="site-footer"><div class="footer-cols">${cols}</div><div class="licences"><p>互联网药品信息服务资格证书：(京)-经营性-2024-0001 | 药品网络交易服务第三方平台备案：(京)网药平台备字〔2024〕第000001号</p><p>医疗器械网络交易服务第三方平台备案：(京)网械平台备字〔2024〕第00001号 | 营业执照 | 食品经营许可证</p><p>© 2024 健康商城 版权所有 京ICP备00000000号</p></div></footer>`;
}

const HEADER = headerHtml();
const FOOTER = footerHtml();

const ANALYTICS = `<script>(function(w,d){var q=w._hmt=w._hmt||[];function t(e,p){q.push([e,p,Date.now()])}w.track=t;d.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("[data-spm]");if(a)t("click",a.getAttribute("data-spm"))});${Array.from(
  { length: 40 },
  (_, i) => `w.__m${i}=function(x){return (x*${i + 3})%${97 + i}};`,
).join("")}})(window,document);</script>`;

const INLINE_STYLE = `<style>${Array.from(
  { length: 120 },
  (_, i) =>
    `.c${i}{margin:${i % 7}px;padding:${i % 5}px;color:#${((i * 2654435761) >>> 8).toString(16).slice(0, 6).padEnd(6, "0")}}`,
).join("")}</style>`;

function page(title: string, head: string, body: string, renderAssets: boolean): string {
  const assets = renderAssets
    ? `<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js" defer></script>`
    : `<link rel="stylesheet" href="/static/site.css">`;
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><meta name="viewport" content="width=device-width,initial-scale=1">${head}${assets}${INLINE_STYLE}</head><body>${HEADER}<main class="page">${body}</main>${FOOTER}${ANALYTICS}</body></html>`;
}

export function listingHtml(count: number, pageNo: number): string {
  const pages = listingPageCount(count);
  const start = (pageNo - 1) * LINKS_PER_LISTING;
  const items: string[] = [];
  for (let i = start; i < Math.min(count, start + LINKS_PER_LISTING); i++) {
    const p = productAt(i);
    items.push(
      `<li class="goods-item" data-sku="${p.id}"><div class="goods-img"><img src="/img/${p.id % 50}.jpg" alt=""></div><a class="goods-link" href="${p.path}" title="${esc(p.title)}">${esc(p.title)}</a><div class="goods-price"><span class="price">¥${p.price}</span><del>¥${p.listPrice}</del></div><div class="goods-shop"><a href="/shop/${p.sellerId}">${esc(p.seller)}</a></div><div class="goods-meta"><span>已售${(p.id * 37) % 9000}件</span><span>${(p.id * 13) % 5000}条评价</span></div></li>`,
    );
  }
  const next =
    pageNo < pages
      ? `<a class="next-page" href="/list?page=${pageNo + 1}">下一页</a>`
      : `<span class="next-page disabled">下一页</span>`;
  const prev = pageNo > 1 ? `<a class="prev-page" href="/list?page=${pageNo - 1}">上一页</a>` : "";
  const body = `<div class="crumbs"><a href="/">首页</a> &gt; <span>医疗器械</span></div><div class="filters">${CATEGORIES.map((c) => `<a href="/search?cat=${encodeURIComponent(c)}">${c}</a>`).join("")}</div><ul class="goods-list">${items.join("")}</ul><div class="pager">${prev}<span class="current">${pageNo}</span>/<span>${pages}</span>${next}</div>`;
  return page(
    `医疗器械 第${pageNo}页 - 健康商城`,
    `<meta name="description" content="医疗器械 家用检测 正品保障">`,
    body,
    false,
  );
}

export interface ProductPageOptions {
  /** The render variant: no JSON-LD, and the selling price is written by an inline script. */
  render?: boolean;
  /** Product count, to pick recommendation links. */
  count: number;
}

export function productHtml(p: Product, options: ProductPageOptions): string {
  const r = rng(p.id * 104_729);
  const render = options.render === true;
  const stockText = p.availability === "InStock" ? pick(r, IN_STOCK_TEXT) : pick(r, OUT_STOCK_TEXT);
  const others = Array.from({ length: 36 }, () => productAt(Math.floor(r() * options.count)));

  const jsonLd =
    p.jsonLd && !render
      ? `<script type="application/ld+json">${scriptJson({
          "@context": "https://schema.org",
          "@type": "Product",
          name: p.title,
          sku: String(p.id),
          gtin13: `69${String(p.id).padStart(11, "0")}`,
          image: [`https://img.example.cn/${p.id}/main.jpg`],
          brand: { "@type": "Brand", name: p.title.split(" ")[0]?.replace(/【.*?】/, "") ?? "" },
          offers: {
            "@type": "Offer",
            url: p.path,
            priceCurrency: "CNY",
            price: p.price,
            priceSpecification: {
              "@type": "UnitPriceSpecification",
              priceType: "https://schema.org/ListPrice",
              price: p.listPrice,
              priceCurrency: "CNY",
            },
            availability: `https://schema.org/${p.availability}`,
            seller: { "@type": "Organization", name: p.seller },
          },
          aggregateRating: {
            "@type": "AggregateRating",
            ratingValue: (4 + r()).toFixed(1),
            reviewCount: (p.id * 13) % 5000,
          },
        })}</script>`
      : "";

  const head = `<meta name="description" content="${esc(p.title)}，正品保障，${esc(p.seller)}发货"><meta name="keywords" content="${esc(p.title.split(" ").join(","))}"><meta property="og:title" content="${esc(p.title)}"><meta property="og:type" content="product"><meta property="og:image" content="https://img.example.cn/${p.id}/main.jpg"><meta property="og:url" content="https://mall.example.cn${p.path}">${jsonLd}`;

  const gallery = `<div class="gallery"><img class="main-img" src="/img/${p.id % 50}.jpg" alt="${esc(p.title)}"><ul class="thumbs">${Array.from({ length: 6 }, (_, i) => `<li><img src="/img/${(p.id + i) % 50}.jpg" alt=""></li>`).join("")}</ul></div>`;
  const priceEm = render
    ? `<em class="price-value" id="J_price"></em>`
    : `<em class="price-value">${p.price}</em>`;
  const priceBox = `<div class="price-box"><span class="label">到手价</span><span class="sale-price">¥${priceEm}</span><span class="label">原价</span><del class="list-price">¥${p.listPrice}</del><span class="tag">限时优惠</span></div>`;
  const promos = `<div class="promotions"><span class="coupon">领券立减${5 + (p.id % 20)}元</span><span class="promotion">满299减30</span><span class="promotion">跨店满减 每满200减20</span></div>`;
  const specs = `<table class="specs">${[
    ["品牌", p.title.split(" ")[0] ?? ""],
    ["规格", p.title.split(" ")[2] ?? ""],
    ["型号", `YX-${p.id}`],
    ["注册证号", `国械注准2024${String(p.id).slice(-6)}`],
    ["生产企业", `${pick(r, CITIES)}某某医疗科技有限公司`],
    ["适用人群", "成人"],
    ["保质期", "36个月"],
  ]
    .map(([k, v]) => `<tr><th>${k}</th><td>${esc(v ?? "")}</td></tr>`)
    .join("")}</table>`;
  const seller = `<div class="seller-block"><a class="shop-name" href="/shop/${p.sellerId}" data-shop-id="${p.sellerId}">${esc(p.seller)}</a><div class="shop-scores"><span>商品评价 ${(4.5 + r() * 0.5).toFixed(1)}</span><span>物流服务 ${(4.5 + r() * 0.5).toFixed(1)}</span><span>售后服务 ${(4.5 + r() * 0.5).toFixed(1)}</span></div><a class="enter-shop" href="/shop/${p.sellerId}">进店逛逛</a><a class="follow" href="/shop/${p.sellerId}/follow">关注店铺</a></div>`;
  const buy = `<div class="buy-box"><div class="stock-status">${stockText}</div><div class="ship">${pick(r, CITIES)} 发货至 北京 快递 免运费</div><button class="add-to-cart" id="J_addCart">加入购物车</button><button class="buy-now">立即购买</button></div>`;
  const product = `<section class="product-main">${gallery}<div class="product-info"><h1 class="product-title">${esc(p.title)}</h1><p class="sub-title">${esc(DESC_TEXT.slice(0, 40))}</p>${priceBox}${promos}${buy}${specs}</div>${seller}</section>`;

  const rec = (name: string, items: typeof others) =>
    `<section class="recommend"><h2>${name}</h2><ul>${items
      .map(
        (o) =>
          `<li class="rec-item"><a href="${o.path}" data-spm="rec.${o.id}"><img src="/img/${o.id % 50}.jpg" alt=""><p class="rec-title">${esc(o.title)}</p><span class="price">¥${o.price}</span><del class="old-price">¥${o.listPrice}</del><span class="rec-stock">${o.availability === "InStock" ? "有货" : "无货"}</span></a></li>`,
      )
      .join("")}</ul></section>`;
  const recs =
    rec("看了又看", others.slice(0, 12)) +
    rec("店铺热销", others.slice(12, 24)) +
    rec("猜你喜欢", others.slice(24));

  // Page sizes vary between about 120 and 250 KB, mostly through the state blob and the reviews.
  const variants = 240 + Math.floor(r() * 380);
  const state = {
    item: {
      id: p.id,
      title: p.title,
      shopId: p.sellerId,
      price: render ? p.price : undefined,
      listPrice: p.listPrice,
      stock: p.availability === "InStock" ? 100 + (p.id % 900) : 0,
    },
    skus: Array.from({ length: variants }, (_, i) => ({
      skuId: `${p.id}${String(i).padStart(3, "0")}`,
      props: [
        `颜色:${pick(r, ["白色", "灰色", "蓝色", "粉色"])}`,
        `套餐:${pick(r, ["标准版", "豪华版", "礼盒装", "家庭装"])}`,
      ],
      price: money(Math.round(r() * 300000) / 100),
      originalPrice: money(Math.round(r() * 400000) / 100),
      stock: Math.floor(r() * 500),
      img: `https://img.example.cn/${p.id}/sku${i}.jpg`,
    })),
    recommend: others.map((o) => ({ id: o.id, title: o.title, price: o.price, shop: o.seller, url: o.path })),
    tracking: { pageId: `item_${p.id}`, abTest: ["exp_a", "exp_b", "exp_c"], ts: 1_700_000_000 + p.id },
  };
  const stateScript = `<script>window.__INITIAL_STATE__=${scriptJson(state)};</script>`;
  const priceScript = render
    ? `<script>(function(){var s=window.__INITIAL_STATE__;var el=document.getElementById("J_price");if(el&&s&&s.item)el.textContent=s.item.price;})();</script>`
    : "";

  const reviewCount = 60 + Math.floor(r() * 80);
  const reviews = `<section class="reviews"><h2>商品评价(${(p.id * 13) % 5000})</h2><ul>${Array.from(
    { length: reviewCount },
    (_, i) => {
      const text = `${pick(r, REVIEW_TEXT)}${pick(r, REVIEW_TEXT)}`;
      return `<li class="review"><div class="user"><img src="/img/${i % 50}.jpg" alt=""><span>${pick(r, ["j***1", "小***花", "w***g", "快***人", "匿***名"])}</span></div><div class="stars s${1 + (i % 5)}"></div><p class="review-text">${text}</p><div class="review-meta"><span>2024-0${1 + (i % 9)}-1${i % 10}</span><span>${esc(p.title.split(" ")[2] ?? "")}</span><a href="/review/${p.id}/${i}">有用(${i * 3})</a></div></li>`;
    },
  ).join("")}</ul></section>`;
  const description = `<section class="description"><h2>商品详情</h2>${Array.from({ length: 40 + Math.floor(r() * 20) }, (_, i) => `<p>${DESC_TEXT}</p><img src="/img/${(p.id + i) % 50}.jpg" alt="详情图${i + 1}">`).join("")}</section>`;
  const crumbs = `<div class="crumbs"><a href="/">首页</a> &gt; <a href="/category/1.html">医疗器械</a> &gt; <span>${esc(p.title.split(" ")[1] ?? "")}</span></div>`;

  const body = `${crumbs}${product}${recs}${description}${reviews}${stateScript}${priceScript}`;
  return page(`${p.title} - 健康商城`, head, body, render);
}
