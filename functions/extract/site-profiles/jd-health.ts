import type { SiteProfile } from "../site-profile.js";
import { JD_PAGE_BLOCKS, JD_SOURCES } from "./jd-sources.js";

/** JD Health (京东健康 / 京东大药房) pages, which reuse most of JD's item markup. */
export const jdHealthProfile: SiteProfile = {
  name: "jd-health",
  hosts: [
    "health.jd.com",
    "jdh.com",
    "yiyao.jd.com",
    "item.jkcsjd.com",
    "item.yiyaojd.com",
    "yiyaojd.com",
    "jdhealth.com",
  ],
  currency: "CNY",
  sources: JD_SOURCES,
  priceHeuristics: false,
  pageBlocks: JD_PAGE_BLOCKS,
  fields: {
    title: [".sku-name", ".drug-name", ".goods-name", ".itemInfo-wrap .sku-name"],
    price: [
      ".summary-price .p-price .price",
      ".p-price .price",
      ".drug-price .price",
      ".price-now",
      "#jd-price",
    ],
    listPrice: ["#page_origin_price", ".p-price del", ".price-origin", ".original-price"],
    seller: [".J-hove-wrap .name a", ".popbox-inner .mt h3 a", ".shop-name", ".store-name"],
    sellerId: [
      {
        selector: ".J-hove-wrap .name a, .popbox-inner .mt h3 a, a.shop-name",
        attr: "href",
        pattern: "index-(\\d+)",
      },
      { selector: "[data-shop-id]", attr: "data-shop-id" },
    ],
    shipFrom: ["#summary-service", ".summary-service", ".delivery-from"],
    stock: ["#store-prompt", ".store-prompt", ".stock-status", ".rx-tips"],
    promotions: ["#summary-quan .quan-item", "#prom .prom-item", ".coupon-item", ".promotion-item"],
    identifiers: [".approval-number", ".drug-approval", "#detail .Ptable-item dd"],
  },
};
