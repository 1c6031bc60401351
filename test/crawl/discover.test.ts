import { load } from "cheerio/slim";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PricewardenError } from "../../functions/core/errors.js";
import { discoverProductUrls, readListingLinks } from "../../functions/crawl/discover.js";
import { createFetcher, type Fetcher } from "../../functions/crawl/fetcher.js";
import { MarkupTree } from "../../functions/html/markup-tree.js";
import { cheerioView, treeView } from "../../functions/html/markup-view.js";
import { type MisbehavingSite, startMisbehavingSite } from "./misbehaving-site.js";
import { fastRetry, testPolicy } from "./test-policy.js";

let site: MisbehavingSite;
let fetcher: Fetcher;
beforeAll(async () => {
  site = await startMisbehavingSite();
});
afterAll(async () => {
  await site.close();
});
afterEach(async () => {
  await fetcher.close();
});
const fresh = () => {
  fetcher = createFetcher(testPolicy(), { retry: fastRetry });
  return fetcher;
};
const products = (...ns: number[]) => ns.map((n) => site.url(`/products/${n}`));

describe("discoverProductUrls", () => {
  it("follows next pages, resolves relative links and de-duplicates canonical URLs", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list?page=1"),
      links: ".p-name a",
      next: "a.pn-next",
      maxPages: 10,
    });
    expect(result.pages).toBe(3);
    expect(result.outcomes.map((o) => o.kind)).toEqual(["ok", "ok", "ok"]);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  });

  it("stops at maxPages", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list?page=1"),
      links: ".p-name a",
      next: "a.pn-next",
      maxPages: 2,
    });
    expect(result.pages).toBe(2);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7));
  });

  it("stops when pagination loops back", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/list-loop?page=1"),
      links: ".p-name",
      next: "a.pn-next",
      maxPages: 50,
    });
    expect(result.pages).toBe(2);
    expect(result.urls).toEqual(products(1, 2, 3, 4, 5, 6, 7));
  });

  it("takes what it can from malformed HTML", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/malformed"),
      links: "a",
      maxPages: 1,
    });
    expect(result.urls).toEqual(products(7, 8));
  });

  it("ends on a page that is not ok and reports its outcome", async () => {
    const result = await discoverProductUrls(fresh(), {
      start: site.url("/nothing-here"),
      links: "a",
      next: "a.pn-next",
      maxPages: 5,
    });
    expect(result).toMatchObject({ pages: 1, urls: [] });
    expect(result.outcomes[0]?.kind).toBe("not_found");
  });

  it("throws BAD_INPUT for an invalid selector before fetching", async () => {
    const before = site.requests.length;
    await expect(
      discoverProductUrls(fresh(), { start: site.url("/list"), links: "a[", maxPages: 1 }),
    ).rejects.toThrow(PricewardenError);
    expect(site.requests.length).toBe(before);
  });
});

describe("readListingLinks", () => {
  // Listing pages are read on the DOM-free tree; cheerio is the reference.
  const read = (html: string, links: string, next: string) => {
    const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
    return {
      tree: readListingLinks(treeView(new MarkupTree(html)), links, next),
      dom: readListingLinks(cheerioView($), links, next),
    };
  };

  it("reads the same links as cheerio on generated listing pages", () => {
    const piece = fc.constantFrom(
      '<li class="gl-item"><div class="p-name"><a href="/item/1.html?spm=a">安可</a></div></li>',
      '<li class="gl-item"><div class="p-name"><span><a href="/item/2.html">x</a></span></div></li>',
      '<li class="gl-item"><div class="p-name">no link</div></li>',
      '<li class="gl-item"><a class="p-name" href="https://shop.example.cn/item/3.html">y</a></li>',
      '<a class="pn-next" href="?page=2">下一页</a>',
      '<a class="pn-next">disabled</a>',
      '<base href="https://mall.example.cn/list/">',
      '<div class="p-name"><a href="/item/4.html?a=1&amp;b=2">z</a></div>',
      "<!-- <a class=pn-next href=/evil> -->",
      '<script>var a = "<div class=p-name><a href=/no.html>";</script>',
      "<table><tr><td>",
      "</div>",
      "<p>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const { tree, dom } = read(parts.join(""), ".p-name a, li.gl-item > a", "a.pn-next");
        expect(tree).toEqual(dom);
      }),
      { numRuns: 1000 },
    );
  });
});
