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

export const PDD_SOURCES = [pddGoodsRawData, pddSearchRawData];

export const PDD_PAGE_BLOCKS: readonly BlockRule[] = [];
