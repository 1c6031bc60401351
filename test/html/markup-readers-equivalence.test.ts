import { join } from "node:path";
import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMainHeading } from "../../functions/extract/main-heading.js";
import { readMicrodata } from "../../functions/extract/microdata.js";
import { guessPrice } from "../../functions/extract/price-heuristic.js";
import { MarkupTree, NeedsDom } from "../../functions/html/markup-tree.js";
import { cheerioView, type MarkupView, treeView } from "../../functions/html/markup-view.js";
import { readManifest, readPageHtml } from "../extract/score.js";
import { realFixturesDir } from "../support/real-fixtures.js";

// Microdata and the price heuristic read the DOM-free tree unless something else needs a DOM;
// on a DOM they must give exactly the same answers.

function read<E>(view: MarkupView<E>, title: string | null) {
  return {
    microdata: readMicrodata(view),
    guessedPrice: guessPrice(view, findMainHeading(view, title), undefined),
  };
}

function both(html: string, title: string | null = null): { dom: unknown; tree: unknown } | null {
  const dom = read(cheerioView(load(html, { xml: { xmlMode: false, decodeEntities: true } })), title);
  try {
    return { dom, tree: read(treeView(new MarkupTree(html)), title) };
  } catch (error) {
    // The extractor falls back to the DOM for these, so there is nothing to compare.
    if (error instanceof NeedsDom) return null;
    throw error;
  }
}

const dir = realFixturesDir ? join(realFixturesDir, "product-pages") : null;

describe("microdata and the price heuristic on the tree and on the DOM", () => {
  it.runIf(dir !== null)("agree on every real page", () => {
    let compared = 0;
    for (const page of readManifest(dir as string)) {
      const html = readPageHtml(dir as string, page);
      const title = /<title[^>]*>([^<]*)</i.exec(html)?.[1] ?? null;
      const result = both(html, title);
      if (result === null) continue;
      compared++;
      expect(result.tree, page.file).toEqual(result.dom);
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("agree on generated nested scopes, decoys and odd markup", () => {
    const part = fc.constantFrom(
      '<div itemscope itemtype="https://schema.org/Product">',
      '<div itemscope itemtype="http://schema.org/product">',
      '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">',
      '<div itemprop="brand" itemscope><span itemprop="name">Brand</span></div>',
      '<div itemprop="seller" itemscope><b itemprop="name">店铺</b></div>',
      "</div>",
      '<h1 itemprop="name">安可血糖试纸 50片</h1>',
      '<span itemprop="price" content="129.00">¥129</span>',
      '<del><span itemprop="price">199</span></del>',
      '<span class="old-price" itemprop="price">188</span>',
      '<span itemprop="price">¥ 99.50</span>',
      '<meta itemprop="priceCurrency" content="CNY">',
      '<span itemprop="lowPrice">10</span><span itemprop="highPrice">20</span>',
      '<link itemprop="availability" href="https://schema.org/OutOfStock">',
      '<link itemprop="availability" href="https://schema.org/InStock">',
      '<span itemprop="availability">NOT SOLD</span>',
      '<span itemprop="sku gtin13">6900000000001</span>',
      '<a itemprop="seller" href="/shop/1">京东大药房</a>',
      "<p>",
      "<table><tr><td>",
      "<!-- <span itemprop=price>1</span> -->",
      '<script type="application/ld+json">{"price": 5}</script>',
      '<div class="product-price"><span class="price">$ 12.99</span></div>',
      '<span class="price old-price">$15</span>',
      '<span id="shipping-price">$4.99</span>',
      '<div class="related"><span class="price">$3</span></div>',
      '<span data-price="1">€ 7,50</span>',
      '<span class="price">from $5 to $9</span>',
      "<h1>安可血糖试纸</h1>",
      "<nav><span class=price>$1</span></nav>",
      '<p class="price-box">Save $3 <b class="price">$20</b></p>',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 25 }), (parts) => {
        const result = both(parts.join(""));
        if (result) expect(result.tree).toEqual(result.dom);
      }),
      { numRuns: 2000 },
    );
  });
});
