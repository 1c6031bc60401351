import { type BlockRule, builtInSource } from "./builtin-source.js";

/**
 * Where JD keeps what a listing needs (../shared/marketplace-facts.md): ids and flags in the item
 * page's `pageConfig`; price, to-hand price, promotions, stock and shop in the JSON its script
 * fetches from api.m.jd.com (`pc_detailpage_wareBusiness`, signed, for a signed-in session);
 * search rows in `pc_search_searchWare` or, on older pages, in the HTML list.
 */

/** JD item and JD Health (京东大药房, 京东健康) hosts whose pages declare `pageConfig`. */
const JD_ITEM_PAGE =
  "^https?://(item|npcitem|item\\.m|item\\.yiyao|item\\.jkcs)\\.(jd\\.com|jd\\.hk|yiyaojd\\.com|jkcsjd\\.com)/|^https?://item\\.(yiyaojd|jkcsjd)\\.com/";
const JD_API = "^https?://([\\w-]+\\.)*(jd\\.com|jd\\.hk|yiyaojd\\.com|jkcsjd\\.com|3\\.cn)/";

/**
 * JD stockState: 33 in stock, 34 out of stock, 36 pre-sale (can be ordered), 40 available, 39 in
 * stock at a partner; a number or a string. The 2025 wareBusiness also says `"AVAILABLE"` in its
 * inner `stockInfo.stockInfo.stockState`.
 */
const STOCK_STATE = {
  "33": "InStock",
  "34": "OutOfStock",
  "36": "InStock",
  "39": "InStock",
  "40": "InStock",
  "0": "OutOfStock",
  AVAILABLE: "InStock",
};

export const jdPageConfig = builtInSource({
  id: "jd-page-config",
  from: "inline",
  name: "pageConfig",
  url: JD_ITEM_PAGE,
  kind: "item",
  idFromUrl: "/(\\d+)\\.html",
  fields: {
    itemId: ["product.skuid", "product.skuId"],
    title: ["product.name", "product.skuName"],
    sellerId: ["product.shopId", "product.venderId"],
    drugClass: {
      path: "product.specialAttrs",
      map: { "isPrescriptCat-1": "rx", "isOTCCat-1": "otc" },
    },
  },
});

/**
 * `pc_detailpage_wareBusiness`. The 2025 answer (a signed-in capture) differs from the older one:
 * no `price.finalPrice`, no `preferenceVO`, no `colorSizeVO.stockInfo[sku]`; stock is top-level
 * `stockInfo.stockState` (number 33), `stockInfo.realStockState` ("33") and the inner
 * `stockInfo.stockInfo.stockState` ("AVAILABLE"); offers sit in `preference.preferenceLabel[]`
 * and `preference.preferencePopUp.morePreference[]`. The older paths stay as fallbacks.
 *
 * Prices: `p` is the selling price (shown as 补贴价 when subsidised), `op` JD's own list price
 * (京东价), `m` the market price (never read). `price.regularPrice` is the 日常价 JD shows next to
 * a 补贴价: a reference JD computes per session from recent selling prices, not a tag price of the
 * item, so it is NOT read as the list price; `op` is, as in the price and stock APIs (mgets, c0),
 * so the list price means the same whichever JD answer gave it.
 *
 * `wareInfoReadMap.vender_name` is the merchant's legal entity (for a 自营 shop, JD itself), not
 * the shop: never the seller.
 */
export const jdWareBusiness = builtInSource({
  id: "jd-ware-business",
  from: "response",
  url: `${JD_API}.*(pc_detailpage_wareBusiness|wareBusiness)`,
  kind: "item",
  idFromUrl: '"?sku[Ii]d"?\\s*[:=]\\s*"?(\\d+)',
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["wareInfoReadMap.sku_id", "skuId", "price.id"],
    title: ["wareInfoReadMap.sku_name", "wareInfo.wname", "wareInfoReadMap.product_name"],
    price: ["price.p", "price.jp"],
    listPrice: ["price.op"],
    finalPrice: ["price.finalPrice.price"],
    seller: ["wareInfoReadMap.shop_name", "itemShopInfo.shopName", "shopInfo.shop.name"],
    // Shop ids only: the vendor id (`vender_id`) names the merchant account, not the shop.
    sellerId: [
      "pageConfigVO.shopId",
      "wareInfoReadMap.shop_id",
      "itemShopInfo.shopId",
      "shopInfo.shop.shopId",
    ],
    availability: {
      path: [
        "colorSizeVO.stockInfo.{itemId}.stockState",
        "stockInfo.stockState",
        "stockInfo.realStockState",
        "stockInfo.stockInfo.stockState",
        "colorSizeVO.stockInfo.*.stockState",
      ],
      map: STOCK_STATE,
    },
    promotions: [
      "preference.preferenceLabel.*.labelName",
      "preference.preferencePopUp.morePreference.*.value",
      "preferenceVO.sharedLabel.*.text",
      "preferenceVO.againSharedLabel.*.text",
      "price.finalPrice.priceContent",
    ],
  },
});

/**
 * The legacy stock API (c0.3.cn/stock), which also carries the price (`jdPrice` p/op/m) and the
 * shop: `self_D` for a JD-run shop, `D` for a marketplace seller (`vender` its name, `id` the shop
 * id, `vid` the vendor account). `StockState` is a number (33), `StockStateName` a word (现货).
 */
export const jdStockC0 = builtInSource({
  id: "jd-stock-c0",
  from: "response",
  url: "^https?://c0\\.3\\.cn/stocks?\\b",
  kind: "item",
  idFromUrl: "[?&]skuIds?=(?:J_)?(\\d+)",
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["stock.skuId", "stock.realSkuId", "stock.jdPrice.id"],
    price: ["stock.jdPrice.p"],
    listPrice: ["stock.jdPrice.op"],
    seller: ["stock.self_D.vender", "stock.D.vender"],
    sellerId: ["stock.self_D.id", "stock.D.id"],
    availability: {
      path: ["stock.StockState", "stock.stockState"],
      map: STOCK_STATE,
    },
  },
});

/** The legacy price API: dead or throttled for most, still answered for some sessions. */
export const jdPriceMgets = builtInSource({
  id: "jd-price-mgets",
  from: "response",
  url: "^https?://p\\.3\\.cn/prices/mgets|^https?://pm?\\.3\\.cn/prices/",
  kind: "item",
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: { path: ["0.id", "id"], pattern: "(\\d+)" },
    price: ["0.p", "p"],
    listPrice: ["0.op", "op"],
  },
});

export const jdSearchApi = builtInSource({
  id: "jd-search-api",
  from: "response",
  url: `${JD_API}.*(pc_search_searchWare|searchWare)`,
  kind: "search",
  rows: "data.wareList",
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["wareId", "skuId"],
    title: ["wareName"],
    price: ["jdPrice", "realPrice", "price"],
    seller: ["shopName", "goodShop.goodShopName"],
    sellerId: ["shopId", "venderId"],
    ad: ["isAdvertise", "isAd", "adFlag", "ad"],
    url: ["productUrl", "toItemLink"],
  },
});

/**
 * Older search pages rendered the list in HTML; ads carry a 广告 flag. The title is the text of
 * `.p-name em` without its label (`<span class="p-tag">京品电脑</span>`); the highlight
 * (`<font class="skcolor_ljg">`) is part of the title. `i.promo-words` and the link's `title` are
 * an ad slogan, kept only as a last resort.
 */
export const jdSearchHtml = builtInSource({
  id: "jd-search-html",
  from: "html-rows",
  url: "^https?://search\\.jd\\.com/",
  kind: "search",
  rows: "li.gl-item[data-sku]",
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["@data-sku"],
    title: [".p-name em@text:not(.p-tag, .promo-words)", ".p-name em", ".p-name a@title"],
    price: [".p-price strong i", ".p-price i", ".p-price strong@data-price"],
    seller: [".p-shop a@title", ".p-shop a", ".p-shop@data-shop_name"],
    sellerId: {
      path: [".p-shop@data-shopid", ".p-shop a@href", ".p-img [data-venid]@data-venid"],
      pattern: "(\\d+)",
    },
    ad: { path: [".p-promo-flag", ".p-commit .p-promo-flag"], map: { 广告: "true" } },
  },
});

export const JD_SOURCES = [jdPageConfig, jdWareBusiness, jdStockC0, jdPriceMgets, jdSearchApi, jdSearchHtml];

/**
 * Item pages without a price that say why: masked for a signed-out shopper, or bounced home.
 * A mask is a price with `?` in it (`"jdPrice":"1?"`, the mobile page's `"priceFloor":"1??9"`)
 * or `"urgeLogin":true`, or 登录查看价格 shown as an element's text in the price slot. The
 * mobile state's `"priceLoginText":"登录查看价格"` is not a sign by itself: it is there signed in too.
 */
export const JD_PAGE_BLOCKS: readonly BlockRule[] = [
  {
    pattern:
      '"(?:jdPrice|priceFloor)"\\s*:\\s*"[^"]{0,20}\\?|"urgeLogin"\\s*:\\s*(?:true|!0)|>\\s*登录查看价格\\s*<',
    outcome: "login_required",
    reason:
      'the price is masked ("jdPrice":"1?", "priceFloor":"1??9", "urgeLogin":true): JD shows it only to a signed-in shopper',
  },
  {
    pattern: "<title>\\s*京东\\(JD\\.COM\\)-正品低价",
    outcome: "blocked",
    reason: "the item URL answered with JD's home page (too many requests)",
  },
];
