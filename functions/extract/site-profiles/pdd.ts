import type { SiteProfile } from "../site-profile.js";
import { PDD_PAGE_BLOCKS, PDD_SOURCES } from "./pdd-sources.js";

/** Pinduoduo (拼多多) goods pages on yangkeduo.com / pinduoduo.com (mobile web markup). */
export const pddProfile: SiteProfile = {
  name: "pdd",
  hosts: ["yangkeduo.com", "mobile.yangkeduo.com", "pinduoduo.com", "mobile.pinduoduo.com"],
  currency: "CNY",
  sources: PDD_SOURCES,
  priceHeuristics: false,
  pageBlocks: PDD_PAGE_BLOCKS,
  fields: {
    title: [".goods-name", ".enable-select", '[class*="goodsName"]', "h1"],
    price: [".goods-group-price", '[class*="groupPrice"]', ".goods-price", '[class*="goods-price"]'],
    listPrice: [
      ".goods-normal-price",
      '[class*="marketPrice"]',
      '[class*="linePrice"]',
      ".goods-market-price",
    ],
    seller: [".mall-name", '[class*="mallName"]', ".goods-mall-name"],
    sellerId: [{ selector: 'a[href*="mall_id="]', attr: "href", pattern: "mall_id=(\\d+)" }],
    shipFrom: [".goods-ship-from", '[class*="shipFrom"]'],
    stock: [".sold-out", '[class*="soldOut"]', '[class*="sold-out"]'],
    promotions: [".goods-coupon", '[class*="coupon"]', '[class*="promotion"]', ".group-tip"],
  },
};
