import { type BlockRule, builtInSource } from "./builtin-source.js";

/**
 * Taobao and Tmall (阿里健康大药房 is a Tmall store): signed-out item pages are one login stub for
 * every id; a signed-in page's script fetches mtop JSON (`mtop.taobao.pcdetail.data.get`, or the
 * H5 `mtop.taobao.detail.getdetail` whose `apiStack[0].value` is a JSON string — or, relayed, an
 * object). New Tmall pages build their state inside a function (`__ICE_APP_CONTEXT__`), read by
 * the `{loaderData}` form. Searches come as mtop `itemsArray` or, on older pages, `g_page_config`
 * in the HTML. Tmall's `TShop.Setup` `defaultItemPrice` is a tag price (struck through when a
 * 促销价 exists): read as the list price only.
 *
 * The seller id is the seller's user id (`userId`, `user_id`, `sellerId`) on every source, since
 * a search row carries only that; the shop id (`shopId`, `rstShopId`) is a fallback. Rows link to
 * the canonical item URL, not their own `detail_url`: an ad's is a click.simba.taobao.com redirect
 * and an organic row's carries tracking parameters, so an ad that repeats an organic row's item
 * would otherwise count as a second listing.
 */

const MTOP = "^https?://([\\w-]+\\.)*(taobao\\.com|tmall\\.com|tmall\\.hk)/";
const ITEM_PAGE =
  "^https?://(item\\.taobao\\.com|detail\\.tmall\\.(com|hk)|chaoshi\\.detail\\.tmall\\.com|detail\\.m\\.tmall\\.com|h5\\.m\\.taobao\\.com)/";
const ITEM_ID = '(?:[?&]id=|"?itemId"?\\s*[:=]\\s*"?|"?itemNumId"?\\s*[:=]\\s*"?)(\\d+)';

/**
 * `"ret":["SUCCESS::调用成功"]` with `"data":{}`: the token belongs to another client. Only with
 * SUCCESS: a refusal (`FAIL_SYS_TOKEN_EXOIRED::令牌过期`, RGV587) has empty data too and says
 * more (response-blocks.ts). Either key order; only a body of envelope size, so an empty `data`
 * nested in a real answer never counts.
 */
const SUCCESS_WITHOUT_DATA: BlockRule = {
  pattern:
    '^(?=[\\s\\S]{0,1000}$)(?=[\\s\\S]*"ret"\\s*:\\s*\\[\\s*"SUCCESS)[\\s\\S]*"data"\\s*:\\s*\\{\\s*\\}',
  outcome: "blocked",
  reason: "Taobao answered SUCCESS with empty data (the token belongs to another client)",
};

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
      "data.priceVO.price.priceText",
    ],
    finalPrice: [
      "data.skuCore.sku2info.0.subPrice.priceText",
      "data.componentsVO.priceVO.extraPrice.priceText",
      "data.priceVO.extraPrice.priceText",
    ],
    seller: ["data.seller.shopName", "data.seller.sellerNick"],
    sellerId: ["data.seller.userId", "data.seller.sellerId", "data.seller.shopId"],
    availability: [
      "data.skuCore.sku2info.0.quantity",
      "data.skuCore.sku2info.0.quantityText",
      "data.skuCore.sku2info.*.quantity",
    ],
    promotions: ["data.componentsVO.priceVO.extraPrice.priceTitle", "data.itemApplyParams.*.name"],
  },
  blocks: [SUCCESS_WITHOUT_DATA],
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
    // The struck-through 价格 (`lineThrough: "true"`), a range when no SKU is chosen.
    listPrice: [
      "data.apiStack.0.value.@json.price.extraPrices.0.priceText",
      "data.apiStack.0.value.@json.price.newExtraPrices.0.priceText",
    ],
    finalPrice: [
      "data.apiStack.0.value.@json.price.subPrice.priceText",
      "data.apiStack.0.value.@json.skuCore.sku2info.0.subPrice.priceText",
    ],
    seller: ["data.seller.shopName", "data.seller.sellerNick"],
    sellerId: ["data.seller.userId", "data.seller.sellerId", "data.seller.shopId"],
    availability: [
      "data.apiStack.0.value.@json.skuCore.sku2info.0.quantity",
      "data.apiStack.0.value.@json.skuCore.sku2info.0.quantityText",
    ],
  },
  blocks: [SUCCESS_WITHOUT_DATA],
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
    seller: ["shopInfo.title", "shopName", "nick"],
    sellerId: ["userId", "user_id", "shopInfo.shopId"],
    ad: ["isP4p", "p4p"],
  },
});

/**
 * Older search pages: `g_page_config = {...}` with `mods.itemlist.data.auctions[]`. A P4P ad
 * (`p4p: 1`) can repeat an organic row's `nid` with another `raw_title`; `title` carries the
 * `<span class=H>` highlight, `raw_title` does not. `shopName` is the shop where a row has one,
 * `nick` the seller's account name (the same for Tmall flagship stores).
 */
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
    seller: ["shopName", "nick"],
    sellerId: ["user_id", "shopcard.shopId"],
    ad: ["p4p", "isP4p", "is_p4p"],
  },
});

/**
 * Tmall's classic page setup: its `defaultItemPrice` is the tag price, and the selling price is
 * not in it (the page's script fetches it from mdskip `initItemDetail`). `sellerNickName` is
 * URL-encoded (decoded as it is read), `brand` entity-encoded. `detail.isPrescriptionDrug` and
 * `detail.isOtcDrug` flag drugs.
 */
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
    sellerId: ["itemDO.userId", "rateConfig.sellerId", "rstShopId", "itemDO.shopId", "shopId"],
    seller: ["itemDO.sellerNickName"],
    availability: ["itemDO.quantity"],
    drugClass: {
      path: "detail.@entries",
      map: { "isPrescriptionDrug-true": "rx", "isOtcDrug-true": "otc" },
    },
  },
});

/**
 * New Tmall item pages (2025–): the state is built inside a function, `!(function(){var
 * a=window.__ICE_APP_CONTEXT__||{};var b={"loaderData":…};…})()`, and never assigned to a name
 * the page can be read by, hence `{loaderData}`. The item is at `loaderData.home.data.res`; its
 * `priceVO` sits at `res.priceVO` on some pages and `res.componentsVO.priceVO` on others.
 * `sku2info["0"]` is the item as a whole: `price` (titled 优惠前, before discounts: the selling
 * price) and `subPrice` (titled 平台加补后, after the platform's subsidy: the to-hand price, its
 * text may end in 起). A signed-out page says 登录查看更多优惠: the price is there, only further
 * offers are not.
 */
const ICE = "loaderData.home.data.res";
export const tmallIceContext = builtInSource({
  id: "tmall-ice-context",
  from: "inline",
  name: "{loaderData}",
  url: ITEM_PAGE,
  kind: "item",
  idFromUrl: ITEM_ID,
  itemUrl: "https://detail.tmall.com/item.htm?id={itemId}",
  fields: {
    itemId: [`${ICE}.item.itemId`],
    title: [`${ICE}.item.title`],
    price: [
      `${ICE}.skuCore.sku2info.0.price.priceText`,
      `${ICE}.priceVO.price.priceText`,
      `${ICE}.componentsVO.priceVO.price.priceText`,
    ],
    finalPrice: [
      `${ICE}.skuCore.sku2info.0.subPrice.priceText`,
      `${ICE}.priceVO.extraPrice.priceText`,
      `${ICE}.componentsVO.priceVO.extraPrice.priceText`,
    ],
    seller: [`${ICE}.seller.shopName`, `${ICE}.seller.sellerNick`],
    sellerId: [`${ICE}.seller.userId`, `${ICE}.seller.sellerId`, `${ICE}.seller.shopId`],
    availability: [`${ICE}.skuCore.sku2info.0.quantity`, `${ICE}.skuCore.sku2info.0.quantityText`],
  },
});

export const TAOBAO_SOURCES = [
  taobaoPcDetail,
  taobaoH5Detail,
  taobaoSearchApi,
  taobaoSearchPageConfig,
  tmallShopSetup,
  tmallIceContext,
];

export const TAOBAO_PAGE_BLOCKS: readonly BlockRule[] = [
  {
    pattern: "亲，请登录|请登录后|login\\.taobao\\.com/member/login|J_LoginBox",
    outcome: "login_required",
    reason: "Taobao/Tmall login stub: the item is shown only to a signed-in shopper",
  },
];
