import type { SiteProfile } from "../site-profile.js";
import { TAOBAO_PAGE_BLOCKS, TAOBAO_SOURCES } from "./taobao-sources.js";

/**
 * Tmall and Taobao item pages: the classic markup (#J_PromoPrice, #J_StrPrice) and the 2022+
 * React markup whose class names keep a stable prefix (`Price--priceText--…`).
 */
export const tmallProfile: SiteProfile = {
  name: "tmall",
  hosts: [
    "detail.tmall.com",
    "detail.tmall.hk",
    "chaoshi.detail.tmall.com",
    "item.taobao.com",
    "world.taobao.com",
  ],
  currency: "CNY",
  sources: TAOBAO_SOURCES,
  priceHeuristics: false,
  pageBlocks: TAOBAO_PAGE_BLOCKS,
  fields: {
    title: [
      ".tb-detail-hd h1",
      ".tb-main-title",
      "#J_Title h3",
      '[class*="ItemHeader--mainTitle"]',
      '[class*="ItemTitle--mainTitle"]',
      '[class*="MainTitle--mainTitle"]',
    ],
    price: [
      "#J_PromoPrice .tm-price",
      "#J_PromoPriceNum",
      ".tb-promo-price .tb-rmb-num",
      '[class*="Price--extraPrice"] [class*="Price--priceText"]',
      '[class*="highlightPrice"] [class*="Price--priceText"]',
      '[class*="Price--priceText"]',
      "#J_StrPriceModBox .tm-price",
      "#J_StrPrice .tb-rmb-num",
    ],
    listPrice: [
      "#J_StrPriceModBox .tm-price",
      "#J_StrPrice .tb-rmb-num",
      '[class*="Price--originPrice"] [class*="Price--priceText"]',
    ],
    seller: [
      ".slogo-shopname strong",
      ".tb-shop-name a",
      ".shop-name-link",
      '[class*="ShopHeader--title"]',
      '[class*="shopName--"]',
    ],
    sellerId: [
      // The seller's user id, as every Taobao source gives it (taobao-sources.ts); the shop id is another number.
      { selector: 'meta[name="microscope-data"]', attr: "content", pattern: "[Uu]ser[Ii]d=(\\d+)" },
      { selector: "#dsr-userid", attr: "value" },
      { selector: "[data-sellerid]", attr: "data-sellerid" },
    ],
    shipFrom: [
      "#J_deliveryAdd",
      ".tb-deliveryAdd",
      "#J-From",
      '[class*="Delivery--from"]',
      '[class*="delivery--from"]',
    ],
    stock: [
      "#J_EmStock",
      "#J_SpanStock",
      ".tb-amount-widget",
      '[class*="Quantity--quantity"]',
      ".sold-out-tit",
    ],
    promotions: [
      ".tm-promo-type",
      ".tb-other-discount",
      ".tm-coupon-panel",
      '[class*="Promotion--promotion"]',
      '[class*="couponText"]',
    ],
  },
};
