import { join } from "node:path";
import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MarkupTree, NeedsDom } from "../../functions/extract/markup-tree.js";
import { cheerioView, treeView } from "../../functions/extract/markup-view.js";
import { readMicrodata } from "../../functions/extract/microdata.js";
import { realFixturesDir } from "../support/real-fixtures.js";
import { readManifest, readPageHtml } from "./score.js";

// Microdata is read on the DOM-free tree unless something else needs a DOM; both readings must
// agree exactly.

function both(html: string): { dom: unknown; tree: unknown } | null {
  const dom = readMicrodata(cheerioView(load(html, { xml: { xmlMode: false, decodeEntities: true } })));
  try {
    return { dom, tree: readMicrodata(treeView(new MarkupTree(html))) };
  } catch (error) {
    // The extractor falls back to the DOM for these, so there is nothing to compare.
    if (error instanceof NeedsDom) return null;
    throw error;
  }
}

const dir = realFixturesDir ? join(realFixturesDir, "product-pages") : null;

describe("microdata on the tree and on the DOM", () => {
  it.runIf(dir !== null)("agree on every real page with itemprop", () => {
    let compared = 0;
    for (const page of readManifest(dir as string)) {
      const html = readPageHtml(dir as string, page);
      if (!/itemprop/i.test(html)) continue;
      const result = both(html);
      if (result === null) continue;
      compared++;
      expect(result.tree, page.file).toEqual(result.dom);
    }
    expect(compared).toBeGreaterThan(15);
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
