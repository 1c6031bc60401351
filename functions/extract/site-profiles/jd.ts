import type { SiteProfile } from "../site-profile.js";
import { JD_PAGE_BLOCKS, JD_SOURCES } from "./jd-sources.js";

/** JD (京东) item pages: item.jd.com and its regional/mobile hosts. */
export const jdProfile: SiteProfile = {
  name: "jd",
  hosts: ["item.jd.com", "item.m.jd.com", "item.jd.hk", "npcitem.jd.hk", "mall.jd.com"],
  currency: "CNY",
  sources: JD_SOURCES,
  priceHeuristics: false,
  pageBlocks: JD_PAGE_BLOCKS,
  fields: {
    title: [".sku-name", ".itemInfo-wrap .sku-name", "#itemName", ".product-intro .name h1"],
    price: [
      ".summary-price .p-price .price",
      ".summary-price-wrap .p-price .price",
      ".p-price .price",
      "#jd-price",
      "#specJdPrice",
      ".J-p-price",
    ],
    listPrice: ["#page_origin_price", ".summary-price .pricing del", ".p-price del", "#page_opprice"],
    seller: [
      { selector: 'a[clstag*="dianpuname"]', attr: "title" },
      ".J-hove-wrap .name a",
      ".popbox-inner .mt h3 a",
      ".shopName .name",
      ".contact .name a",
      // 2025 pages: the shop head is markup kept as text in a hidden <textarea> that the page's
      // script renders later; `.detail-shop .name` is empty. The shop's name is its <h2>.
      { selector: "textarea#J_ShopHead", pattern: "<h2\\b[^>]*>\\s*([^<]{1,200}?)\\s*</h2>" },
    ],
    sellerId: [
      { selector: 'a[clstag*="dianpuname"]', attr: "href", pattern: "index-(\\d+)" },
      {
        selector: ".J-hove-wrap .name a, .popbox-inner .mt h3 a, .shopName a",
        attr: "href",
        pattern: "index-(\\d+)",
      },
      {
        selector: ".J-hove-wrap .name a, .popbox-inner .mt h3 a, .shopName a",
        attr: "href",
        pattern: "shopId=(\\d+)",
      },
      { selector: "textarea#J_ShopHead", pattern: "mall\\.jd\\.com/index-(\\d+)" },
    ],
    shipFrom: ["#summary-service", ".summary-service", "#summary-supply .dd"],
    // Not the cart button (#InitCartUrl): the page's HTML always says 加入购物车, with the hidden
    // 到货通知 button beside it, and only its script switches them when the item is out of stock.
    stock: ["#store-prompt", ".store-prompt", "#summary-stock .dd"],
    promotions: [
      "#summary-quan .quan-item",
      ".summary-quan .text",
      "#prom .prom-item",
      ".J-prom .hl_red",
      ".prom-item",
    ],
  },
};
