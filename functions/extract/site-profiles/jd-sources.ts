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

/** JD stockState: 33 in stock, 34 out of stock, 36 pre-sale (can be ordered), 40 available, 39 in stock at a partner. */
const STOCK_STATE = {
  "33": "InStock",
  "34": "OutOfStock",
  "36": "InStock",
  "39": "InStock",
  "40": "InStock",
  "0": "OutOfStock",
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

export const jdWareBusiness = builtInSource({
  id: "jd-ware-business",
  from: "response",
  url: `${JD_API}.*(pc_detailpage_wareBusiness|wareBusiness)`,
  kind: "item",
  idFromUrl: '"?sku[Ii]d"?\\s*[:=]\\s*"?(\\d+)',
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["wareInfoReadMap.sku_id", "skuId"],
    title: ["wareInfoReadMap.sku_name", "wareInfo.wname"],
    price: ["price.p", "price.jp"],
    listPrice: ["price.op"],
    finalPrice: ["price.finalPrice.price"],
    seller: ["wareInfoReadMap.shop_name", "shopInfo.shop.name"],
    // Shop ids only: the vendor id (`vender_id`) names the merchant account, not the shop.
    sellerId: ["pageConfigVO.shopId", "wareInfoReadMap.shop_id", "shopInfo.shop.shopId"],
    availability: {
      path: [
        "colorSizeVO.stockInfo.{itemId}.stockState",
        "stockInfo.stockState",
        "colorSizeVO.stockInfo.*.stockState",
      ],
      map: STOCK_STATE,
    },
    promotions: [
      "preferenceVO.sharedLabel.*.text",
      "preferenceVO.againSharedLabel.*.text",
      "price.finalPrice.priceContent",
    ],
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

/** Older search pages rendered the list in HTML; ads carry a 广告 flag. */
export const jdSearchHtml = builtInSource({
  id: "jd-search-html",
  from: "html-rows",
  url: "^https?://search\\.jd\\.com/",
  kind: "search",
  rows: "li.gl-item[data-sku]",
  itemUrl: "https://item.jd.com/{itemId}.html",
  fields: {
    itemId: ["@data-sku"],
    title: [".p-name em", ".p-name a@title"],
    price: [".p-price strong i", ".p-price i"],
    seller: [".p-shop a@title", ".p-shop a", ".p-shop@data-shop_name"],
    sellerId: { path: [".p-shop@data-shopid", ".p-shop a@href"], pattern: "(\\d+)" },
    ad: { path: [".p-promo-flag", ".p-commit .p-promo-flag"], map: { 广告: "true" } },
  },
});

export const JD_SOURCES = [jdPageConfig, jdWareBusiness, jdPriceMgets, jdSearchApi, jdSearchHtml];

/** Item pages without a price that say why: masked for a signed-out shopper, or bounced home. */
export const JD_PAGE_BLOCKS: readonly BlockRule[] = [
  {
    pattern: '"jdPrice"\\s*:\\s*"[^"]*\\?|"priceLoginText"|登录查看价格',
    outcome: "login_required",
    reason: 'the price is masked ("jdPrice":"1?" / 登录查看价格): JD shows it only to a signed-in shopper',
  },
  {
    pattern: "<title>\\s*京东\\(JD\\.COM\\)-正品低价",
    outcome: "blocked",
    reason: "the item URL answered with JD's home page (too many requests)",
  },
];
