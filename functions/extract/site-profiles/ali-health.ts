import type { SiteProfile } from "../site-profile.js";

/** Ali Health (阿里健康大药房) pages on alihealth.cn. */
export const aliHealthProfile: SiteProfile = {
  name: "ali-health",
  hosts: ["alihealth.cn", "www.alihealth.cn", "yao.alihealth.cn", "alijk.com"],
  currency: "CNY",
  fields: {
    title: [".goods-title", ".product-name", ".detail-title", "h1"],
    price: [".promotion-price .price", ".goods-price .price", ".sale-price", ".price-now", ".price"],
    listPrice: [".market-price", ".original-price", ".price-origin", ".goods-price del"],
    seller: [".shop-name", ".store-name", ".seller-name"],
    sellerId: [{ selector: "a[href*='shopId=']", attr: "href", pattern: "shopId=(\\d+)" }],
    shipFrom: [".delivery-from", ".ship-from"],
    stock: [".stock-status", ".stock", ".sold-out"],
    promotions: [".promotion-item", ".coupon-item", ".promo-tag"],
    identifiers: [".approval-number", ".drug-approval"],
  },
};
