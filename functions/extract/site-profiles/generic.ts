import type { SiteProfile } from "../site-profile.js";

/** Any other shop: common class conventions; the in-page price heuristic runs after it. */
export const genericProfile: SiteProfile = {
  name: "generic",
  hosts: [],
  fields: {
    title: ["h1", '[class*="product-title" i]', '[class*="product-name" i]'],
    price: [
      '[class*="product-price" i] [class*="sale-price" i]',
      '[class*="product-price" i] [class*="current" i]',
      '[class*="sale-price" i]',
      '[class*="special-price" i] .price',
    ],
    listPrice: [
      '[class*="old-price" i]',
      '[class*="price-old" i]',
      '[class*="list-price" i]',
      '[class*="was-price" i]',
      "del",
    ],
    seller: [
      '[class*="seller-name" i]',
      '[class*="shop-name" i]',
      '[class*="store-name" i]',
      '[class*="merchant-name" i]',
    ],
    stock: ["#availability", '[class*="availability" i]', '[class*="stock-status" i]', '[class*="stock" i]'],
    promotions: ['[class*="coupon" i]', '[class*="promotion" i]', '[class*="promo-" i]'],
  },
};
