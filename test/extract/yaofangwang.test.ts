import { describe, expect, it } from "vitest";
import { observePage } from "../../functions/extract/observe-page.js";
import { mergeSources } from "../../functions/extract/site-profiles/registry.js";

/**
 * 药房网's per-medicine seller list, in the shape ../shared/marketplace-facts.md describes (one row
 * per pharmacy, the price in `data-commodity_price`); the markup around it is this test's own,
 * varied, since no real capture was at hand: the class of page, not one instance.
 */
function page(rows: string, wrap: (inner: string) => string = (x) => `<ul class="slist">${x}</ul>`): string {
  return `<!doctype html><html><head><title>二甲双胍缓释片_药房网</title></head><body>
<h1>安可 二甲双胍缓释片 0.5g*30片</h1><div class="other"><span class="price">¥9.90</span> 看了又看</div>
${wrap(rows)}<div class="comment">上次 ¥12.00 买的</div></body></html>`;
}

const url = "https://www.yaofangwang.com/medicine/123456/";
const reading = { profile: "yaofangwang", sources: mergeSources("yaofangwang", []) };

describe("药房网 seller lists", () => {
  it("one listing per pharmacy row, priced from data-commodity_price, named by the page's heading", () => {
    const html = page(
      `<li data-commodity_price="29.90" data-shop_id="501"><a class="shop-name" href="/shop/501/" title="仁心大药房">仁心大药房</a><a href="/detail/9001.html">购买</a></li>
       <li data-commodity_price="35.00"><span class="store"><a href="https://www.yaofangwang.com/shop/777/">康恒大药房</a></span><a href="/detail/9002.html">购买</a></li>`,
    );
    const seen = observePage({ url, finalUrl: url, body: html, fullBody: () => html }, reading);
    expect(seen.kind).toBe("search");
    if (seen.kind !== "search") return;
    expect(seen.listings.map((l) => [l.price, l.seller, l.sellerId, l.title, l.url])).toEqual([
      [
        "29.9",
        "仁心大药房",
        "501",
        "安可 二甲双胍缓释片 0.5g*30片",
        "https://www.yaofangwang.com/detail/9001.html",
      ],
      [
        "35",
        "康恒大药房",
        "777",
        "安可 二甲双胍缓释片 0.5g*30片",
        "https://www.yaofangwang.com/detail/9002.html",
      ],
    ]);
  });

  it("never takes a price from outside the rows", () => {
    const html = page(
      `<tr data-commodity_price="暂无报价"><td><a href="/shop/9/">某药房</a></td></tr>`,
      (x) => `<table>${x}</table>`,
    );
    const seen = observePage({ url, finalUrl: url, body: html, fullBody: () => html }, reading);
    const prices =
      seen.kind === "search"
        ? seen.listings.map((l) => l.price)
        : seen.kind === "item"
          ? [seen.listing.price]
          : [];
    expect(prices.every((p) => p === null)).toBe(true);
  });
});
