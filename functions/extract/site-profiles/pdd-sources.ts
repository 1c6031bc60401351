import { type BlockRule, builtInSource } from "./builtin-source.js";

/**
 * Pinduoduo: signed out, one identical SPA shell for every goods id (never read "not found" from
 * it); signed in, `window.rawData` holds the goods with prices in fen. Search pages carry
 * `ssrListData.list[]` in the same variable, with the mall id but no shop name.
 */

const PDD_HOSTS = "^https?://([\\w-]+\\.)*(yangkeduo\\.com|pinduoduo\\.com)/";

export const pddGoodsRawData = builtInSource({
  id: "pdd-goods-raw-data",
  from: "inline",
  name: "window.rawData",
  url: `${PDD_HOSTS}.*goods`,
  kind: "item",
  idFromUrl: "goods_id=(\\d+)",
  fields: {
    itemId: [
      "store.initDataObj.goods.goodsID",
      "initDataObj.goods.goodsID",
      "store.initDataObj.goods.goodsId",
    ],
    title: ["store.initDataObj.goods.goodsName", "initDataObj.goods.goodsName"],
    price: {
      path: [
        "store.initDataObj.goods.minOnSaleGroupPrice",
        "store.initDataObj.goods.minGroupPrice",
        "initDataObj.goods.minOnSaleGroupPrice",
        "initDataObj.goods.minGroupPrice",
      ],
      unit: "fen",
    },
    // 单独购买价: what one shopper pays without a group; higher than the group price, never the selling price.
    listPrice: {
      path: ["store.initDataObj.goods.minNormalPrice", "initDataObj.goods.minNormalPrice"],
      unit: "fen",
    },
    seller: ["store.initDataObj.mall.mallName", "initDataObj.mall.mallName"],
    sellerId: [
      "store.initDataObj.mall.mallID",
      "store.initDataObj.mall.mallId",
      "initDataObj.mall.mallID",
      "initDataObj.mall.mallId",
      "store.initDataObj.goods.mallID",
    ],
    promotions: ["store.initDataObj.goods.priceInfo", "store.initDataObj.goods.couponPromoText"],
  },
});

export const pddSearchRawData = builtInSource({
  id: "pdd-search-raw-data",
  from: "inline",
  name: "window.rawData",
  url: `${PDD_HOSTS}.*search_result`,
  kind: "search",
  rows: "stores.store.data.ssrListData.list",
  itemUrl: "https://mobile.yangkeduo.com/goods.html?goods_id={itemId}",
  fields: {
    itemId: ["goodsID", "goodsId", "goods_id"],
    title: ["goodsName", "goods_name"],
    price: ["priceInfo", "price_info"],
    sellerId: ["mallEntrance.mall_id", "mallId", "mall_id"],
    seller: ["mallName", "mall_name"],
    ad: ["adsTag", "isAd", "ad"],
  },
});

/**
 * The goods page's own call, `POST /proxy/api/api/oak/integration/render`. Selected above all so
 * its refusals are read: signed out it answers HTTP 403 `{"success":false,"error_code":40001,
 * "error_msg":"请登录后再操作"}` (a login wall, response-blocks.ts), with an anti_content problem
 * 54001. The field paths mirror `initDataObj`'s goods and mall (camelCase, and the API's
 * snake_case): no signed-in answer of this call has been published to check them against.
 */
export const pddOakRender = builtInSource({
  id: "pdd-oak-render",
  from: "response",
  url: `${PDD_HOSTS}proxy/api/api/oak/integration/render`,
  kind: "item",
  idFromUrl: "goods_id=(\\d+)",
  itemUrl: "https://mobile.yangkeduo.com/goods.html?goods_id={itemId}",
  fields: {
    itemId: ["goods.goodsID", "goods.goodsId", "goods.goods_id"],
    title: ["goods.goodsName", "goods.goods_name"],
    price: {
      path: [
        "goods.minOnSaleGroupPrice",
        "goods.minGroupPrice",
        "goods.min_on_sale_group_price",
        "goods.min_group_price",
      ],
      unit: "fen",
    },
    listPrice: { path: ["goods.minNormalPrice", "goods.min_normal_price"], unit: "fen" },
    seller: ["mall.mallName", "mall.mall_name"],
    sellerId: ["mall.mallID", "mall.mallId", "mall.mall_id", "goods.mallID", "goods.mall_id"],
  },
});

export const PDD_SOURCES = [pddGoodsRawData, pddSearchRawData, pddOakRender];

/**
 * A goods page that says it needs a sign-in: the state the crawler reads has
 * `"initDataObj":{"needLogin":true}`. (The signed-out shell has no rawData at all: no price, no
 * sign either; it stays an item without a price.)
 */
export const PDD_PAGE_BLOCKS: readonly BlockRule[] = [
  {
    pattern: '"needLogin"\\s*:\\s*(?:true|!0)',
    outcome: "login_required",
    reason: 'Pinduoduo goods page asks for a sign-in ("needLogin":true)',
  },
];
