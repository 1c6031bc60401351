import { type BlockRule, builtInSource } from "./builtin-source.js";

/**
 * Taobao and Tmall (阿里健康大药房 is a Tmall store): signed-out item pages are one login stub for
 * every id; a signed-in page's script fetches mtop JSON (`mtop.taobao.pcdetail.data.get`, or the
 * H5 `mtop.taobao.detail.getdetail` whose `apiStack[0].value` is a JSON string). Searches come as
 * mtop `itemsArray` or, on older pages, `g_page_config` in the HTML. Tmall's `TShop.Setup`
 * `defaultItemPrice` is a tag price (struck through when a 促销价 exists): read as the list price only.
 */

const MTOP = "^https?://([\\w-]+\\.)*(taobao\\.com|tmall\\.com|tmall\\.hk)/";
const ITEM_PAGE =
  "^https?://(item\\.taobao\\.com|detail\\.tmall\\.(com|hk)|chaoshi\\.detail\\.tmall\\.com|detail\\.m\\.tmall\\.com|h5\\.m\\.taobao\\.com)/";
const ITEM_ID = '(?:[?&]id=|"?itemId"?\\s*[:=]\\s*"?|"?itemNumId"?\\s*[:=]\\s*"?)(\\d+)';

export const taobaoPcDetail = builtInSource({
  id: "taobao-pcdetail",
  from: "response",
  url: `${MTOP}.*mtop\\.taobao\\.pcdetail\\.data\\.get`,
  kind: "item",
  idFromUrl: ITEM_ID,
  itemUrl: "https://item.taobao.com/item.htm?id={itemId}",
  fields: {
    itemId: ["data.item.itemId"],
    title: ["data.item.title"],
    price: [
      "data.skuCore.sku2info.0.price.priceText",
      "data.skuCore.sku2info.*.price.priceText",
      "data.componentsVO.priceVO.price.priceText",
    ],
    finalPrice: [
      "data.skuCore.sku2info.0.subPrice.priceText",
      "data.componentsVO.priceVO.extraPrice.priceText",
    ],
    seller: ["data.seller.shopName", "data.seller.sellerNick"],
    sellerId: ["data.seller.shopId", "data.seller.sellerId", "data.seller.userId"],
    availability: [
      "data.skuCore.sku2info.0.quantity",
      "data.skuCore.sku2info.0.quantityText",
      "data.skuCore.sku2info.*.quantity",
    ],
    promotions: ["data.componentsVO.priceVO.extraPrice.priceTitle", "data.itemApplyParams.*.name"],
  },
  blocks: [
    {
      path: "data",
      pattern: "^\\{\\}$",
      outcome: "blocked",
      reason: "Taobao answered SUCCESS with empty data (the token belongs to another client)",
    },
  ],
});

export const taobaoH5Detail = builtInSource({
  id: "taobao-h5-detail",
  from: "response",
  url: `${MTOP}.*mtop\\.taobao\\.detail\\.getdetail`,
  kind: "item",
  idFromUrl: ITEM_ID,
  itemUrl: "https://item.taobao.com/item.htm?id={itemId}",
  fields: {
    itemId: ["data.item.itemId"],
    title: ["data.item.title"],
    price: [
      "data.apiStack.0.value.@json.price.price.priceText",
      "data.apiStack.0.value.@json.skuCore.sku2info.0.price.priceText",
      "data.mockData.@json.price.price.priceText",
    ],
    listPrice: ["data.apiStack.0.value.@json.price.extraPrices.0.priceText"],
    finalPrice: ["data.apiStack.0.value.@json.price.subPrice.priceText"],
    seller: ["data.seller.shopName", "data.seller.sellerNick"],
    sellerId: ["data.seller.shopId", "data.seller.userId"],
    availability: [
      "data.apiStack.0.value.@json.skuCore.sku2info.0.quantity",
      "data.apiStack.0.value.@json.skuCore.sku2info.0.quantityText",
    ],
  },
  blocks: [
    {
      path: "data",
      pattern: "^\\{\\}$",
      outcome: "blocked",
      reason: "Taobao answered SUCCESS with empty data (the token belongs to another client)",
    },
  ],
});

export const taobaoSearchApi = builtInSource({
  id: "taobao-search-api",
  from: "response",
  url: `${MTOP}.*(mtop\\.relationrecommend\\.wirelessrecommend\\.recommend|mtop\\.taobao\\.wsearch|mtop\\.taobao\\.search)`,
  kind: "search",
  rows: "data.itemsArray",
  itemUrl: "https://item.taobao.com/item.htm?id={itemId}",
  fields: {
    itemId: ["item_id", "itemId", "nid"],
    title: ["title"],
    price: ["priceShow.price", "price"],
    seller: ["shopInfo.title", "nick"],
    sellerId: ["shopInfo.shopId", "userId", "user_id"],
    ad: ["isP4p", "p4p"],
    url: ["auctionURL", "detail_url"],
  },
});

/** Older search pages: `g_page_config = {...}` with `mods.itemlist.data.auctions[]`. */
export const taobaoSearchPageConfig = builtInSource({
  id: "taobao-search-page-config",
  from: "inline",
  name: "g_page_config",
  url: "^https?://(s\\.taobao\\.com|list\\.tmall\\.com|s\\.m\\.taobao\\.com)/",
  kind: "search",
  rows: "mods.itemlist.data.auctions",
  itemUrl: "https://item.taobao.com/item.htm?id={itemId}",
  fields: {
    itemId: ["nid", "item_id"],
    title: ["raw_title", "title"],
    // view_fee is the shipping fee, never a price.
    price: ["view_price"],
    listPrice: ["reserve_price"],
    seller: ["nick", "shopName"],
    sellerId: ["user_id", "shopcard.shopId"],
    ad: ["p4p", "isP4p", "is_p4p"],
    url: ["detail_url"],
  },
});

/** Tmall's classic page setup: its `defaultItemPrice` is the tag price. */
export const tmallShopSetup = builtInSource({
  id: "tmall-shop-setup",
  from: "inline",
  name: "TShop.Setup",
  url: ITEM_PAGE,
  kind: "item",
  idFromUrl: ITEM_ID,
  fields: {
    itemId: ["itemDO.itemId"],
    title: ["itemDO.title"],
    listPrice: ["detail.defaultItemPrice", "itemDO.reservePrice"],
    sellerId: ["rstShopId", "itemDO.shopId", "shopId"],
    seller: ["itemDO.sellerNickName"],
  },
});

export const TAOBAO_SOURCES = [
  taobaoPcDetail,
  taobaoH5Detail,
  taobaoSearchApi,
  taobaoSearchPageConfig,
  tmallShopSetup,
];

export const TAOBAO_PAGE_BLOCKS: readonly BlockRule[] = [
  {
    pattern: "亲，请登录|请登录后|login\\.taobao\\.com/member/login|J_LoginBox",
    outcome: "login_required",
    reason: "Taobao/Tmall login stub: the item is shown only to a signed-in shopper",
  },
];
