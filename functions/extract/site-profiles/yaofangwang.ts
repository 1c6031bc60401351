import type { SiteProfile } from "../site-profile.js";
import { builtInSource } from "./builtin-source.js";

/**
 * 药房网 (yaofangwang.com): a medicine's page lists every pharmacy selling it, one row per seller
 * with the price in `data-commodity_price` (../shared/marketplace-facts.md). Each row is a listing
 * of its own: the seller's offer, linked to its own page; the medicine's name is the page's
 * heading. No real capture of this page was available when these selectors were written: they
 * are kept loose (any element carrying the price attribute is a row) and a channel's `sources`
 * can replace them.
 */
const sellerRows = builtInSource({
  id: "yaofangwang-seller-rows",
  from: "html-rows",
  url: "^https?://([\\w-]+\\.)*yaofangwang\\.com/",
  kind: "search",
  rows: "[data-commodity_price]",
  fields: {
    price: ["@data-commodity_price"],
    title: ["@data-commodity_name", ":root h1", ":root .goods-name", ":root title"],
    seller: [
      "@data-shop_name",
      "[class*='shop'] a@title",
      "[class*='shop'] a",
      "[class*='store'] a",
      "a[href*='/shop/']",
    ],
    sellerId: { path: ["@data-shop_id", "a[href*='/shop/']@href"], pattern: "(\\d+)" },
    url: ["a[href*='/medicine/']@href", "a[href*='/detail/']@href", "a[href*='/shop/']@href"],
    itemId: ["@data-commodity_id", "@data-id"],
  },
});

export const yaofangwangProfile: SiteProfile = {
  name: "yaofangwang",
  hosts: ["yaofangwang.com", "www.yaofangwang.com", "m.yaofangwang.com"],
  currency: "CNY",
  sources: [sellerRows],
  // A seller list has no one price: what is not in a row is not an offer.
  priceHeuristics: false,
  fields: { title: ["h1", ".goods-name"] },
};
