import { describe, expect, it } from "vitest";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { toExtractionReport } from "../../functions/extract/extraction-report.js";
import { findLabelledPrice } from "../../functions/extract/labelled-price.js";
import { maskDatesAndTimes } from "../../functions/extract/price-traps.js";
import { readPriceText } from "../../functions/extract/price-value.js";

const page = (head: string, body = "") =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const URL_GENERIC = "https://shop.example.com/p/1";
const CHANNEL = { title: ".sku-name", price: ".p-price .price", stock: ".stock" };
const review = (text: string, when: string) =>
  `<div class="comment-item"><p class="comment-con">${text}</p><div class="order-info"><span>${when}</span></div></div>`;

describe("a price element that says there is no price", () => {
  const soldOutPage = (priceText: string) =>
    page(
      "<title>安可血糖试纸 50片</title>",
      `<div class="sku-name">安可血糖试纸 50片</div>
       <span class="p-price"><span class="price">${priceText}</span></span>
       <span class="stock">无货</span>
       <div class="detail"><p>价格 ¥88 起，详见活动页</p></div>
       <div id="comment">${review("价格实惠，活动力度大。", "2025-02-22 11:03")}</div>`,
    );

  it("stops the text heuristics: the page has spoken", () => {
    for (const text of ["暂无报价", "价格待定", "No price", "Price on request"]) {
      const listing = extractListing(soldOutPage(text), URL_GENERIC, CHANNEL);
      expect(listing.price, text).toBeNull();
      expect(listing.sources.price).toBeUndefined();
      expect(listing.availability).toBe("OutOfStock");
      expect(toExtractionReport(listing).reasons?.price).toContain(text);
    }
  });

  it("leaves the heuristics on when the price element is missing or holds something else", () => {
    const missing = page(
      "<title>安可血糖试纸 50片</title>",
      `<div class="sku-name">安可血糖试纸 50片</div><p>售价：¥159.00</p>`,
    );
    expect(extractListing(missing, URL_GENERIC, CHANNEL)).toMatchObject({ price: "159" });
    expect(extractListing(missing, URL_GENERIC, CHANNEL).sources.price).toBe("text");
    const loading = page(
      "<title>安可血糖试纸 50片</title>",
      `<div class="sku-name">安可血糖试纸 50片</div><span class="p-price"><span class="price">加载中…</span></span><p>售价：¥159.00</p>`,
    );
    expect(extractListing(loading, URL_GENERIC, CHANNEL).price).toBe("159");
  });

  it("reads the selling price after a per-unit price, which labels only itself", () => {
    const html = page(
      "<title>安可血糖试纸 50片</title>",
      `<div class="sku-name">安可血糖试纸 50片</div>
       <span class="p-price"><span class="price">¥3.98/片</span><span class="price">¥199.00</span><del>¥259.00</del></span>`,
    );
    expect(extractListing(html, URL_GENERIC, CHANNEL).price).toBe("199");
    const labelled = page(
      "<title>安可血糖试纸 50片</title>",
      `<div class="sku-name">安可血糖试纸 50片</div><span class="p-price">原价 <span class="price">¥259.00</span></span>`,
    );
    expect(extractListing(labelled, URL_GENERIC, CHANNEL).price).toBeNull();
  });

  it("does not trust a 'no price' text found by the generic profile's guesses", () => {
    const html = page(
      "<title>Meter</title>",
      `<h1>Meter</h1><div class="sale-price">no price yet for bundles</div><span class="price">$19.00</span>`,
    );
    expect(extractListing(html, URL_GENERIC).price).toBe("19");
  });
});

describe("dates and times are never prices", () => {
  it("masks dates, times and numbers glued to them, keeping indices", () => {
    const text = "2025-02-22 11:03 ¥159";
    const masked = maskDatesAndTimes(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.trim()).toBe("¥159");
    for (const date of [
      "2025-02-22",
      "2025/2/22",
      "22.02.2025",
      "2/22/2025",
      "2025年2月",
      "2025年2月22日",
      "2月22日",
      "11:03",
      "23:59:59",
      "2025-02-2211:03",
      "Feb 22, 2025",
      "22 February 2025",
    ]) {
      expect(maskDatesAndTimes(date).trim(), date).toBe("");
    }
    for (const price of ["2019.99", "1.234.567", "159", "¥1,299.00", "19,99 €"]) {
      expect(maskDatesAndTimes(price), price).toBe(price);
    }
  });

  it("reads no amount from a date or time, and the price next to one", () => {
    for (const text of [
      "2025-02-22",
      "11:03",
      "2025年2月",
      "¥2025-02-22",
      "2025-02-22 11:03",
      "发布于 2024年12月",
    ]) {
      expect(readPriceText(text), text).toBeNull();
    }
    expect(readPriceText("¥159.00 (2025-02-22 更新)")?.amount).toBe("159");
    expect(readPriceText("2019.99")?.amount).toBe("2019.99");
  });

  it("skips a selling label whose first number is a date", () => {
    const title = "安可血糖试纸 50片";
    const text = `${title} 价格实惠，活动力度大。 2025-02-22 11:03 好评`;
    expect(findLabelledPrice(text, title)).toBeNull();
    const later = `${title} 价格实惠，2025-02-22 11:03 买了 3 盒 … 售价：¥159`;
    expect(findLabelledPrice(later, title)?.amount).toBe("159");
    const cut = `${title} 价格  ${"好".repeat(20)}2025-02-22`;
    expect(findLabelledPrice(cut, title)).toBeNull();
  });

  it("does not take a date in a price-classed element as the price", () => {
    const html = page(
      "<title>Meter</title>",
      `<h1>Meter</h1><span class="price-updated">2025-02-22</span><span class="price">$19.00</span>`,
    );
    expect(extractListing(html, URL_GENERIC).price).toBe("19");
  });
});

describe("the text fallback reads the product, not reviews or recommendations", () => {
  const title = '<title>安可血糖试纸 50片</title><meta property="og:title" content="安可血糖试纸 50片">';

  it("skips review and comment blocks", () => {
    for (const block of [
      `<div class="comments-list">${review("价格 128 元，很划算", "昨天")}</div>`,
      `<section id="reviews"><p>Price 12 dollars cheaper than in store</p></section>`,
      `<div class="product-review-list"><p>售价 99 元，好评</p></div>`,
    ]) {
      const html = page(title, `<h1>安可血糖试纸 50片</h1><p>国械注准20193070123</p>${block}`);
      expect(extractListing(html, URL_GENERIC).price, block).toBeNull();
    }
  });

  it("skips recommendation blocks, related items and dialogs", () => {
    for (const block of [
      `<div class="rec-block" data-title="猜你喜欢"><div class="rec-name">售价 ¥99</div></div>`,
      `<ul class="related-products"><li>Price $5</li></ul>`,
      `<div class="recommendations"><li>Price $5</li></div>`,
      `<div role="dialog"><p>Price $5</p></div>`,
    ]) {
      const html = page(title, `<h1>安可血糖试纸 50片</h1>${block}`);
      expect(extractListing(html, URL_GENERIC).price, block).toBeNull();
    }
  });

  it("still reads the product's own labelled price, and never drops the body", () => {
    const html = `<!doctype html><html><head>${title}</head><body class="has-reviews product-page"><h1>安可血糖试纸 50片</h1><p>售价：¥159.00</p><div class="reviews"><p>价格 1 元</p></div></body></html>`;
    expect(extractListing(html, URL_GENERIC).price).toBe("159");
  });
});
