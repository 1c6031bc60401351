import { describe, expect, it } from "vitest";
import { ExtractedListingSchema } from "../../functions/core/listing.js";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { toExtractionReport } from "../../functions/extract/extraction-report.js";

const page = (head: string, body = "") =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const jsonLd = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const URL_GENERIC = "https://shop.example.com/p/1";

describe("JSON-LD", () => {
  it("reads Product/Offer with availability URL and records the source", () => {
    const html = page(
      jsonLd({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "安可血糖试纸 50片",
        gtin13: "6901234567892",
        offers: {
          "@type": "Offer",
          price: "159.00",
          priceCurrency: "CNY",
          availability: "https://schema.org/InStock",
          seller: { "@type": "Organization", name: "康恒医疗器械专营店" },
        },
      }),
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing).toMatchObject({
      title: "安可血糖试纸 50片",
      price: "159.00",
      currency: "CNY",
      availability: "InStock",
      seller: "康恒医疗器械专营店",
      packSize: 50,
    });
    expect(listing.identifiers).toContain("6901234567892");
    expect(listing.sources).toMatchObject({ price: "json-ld", availability: "json-ld", title: "json-ld" });
  });

  it("reads @graph, arrays, AggregateOffer ranges and bare availability strings", () => {
    const html = page(
      jsonLd([
        { "@type": "BreadcrumbList" },
        {
          "@graph": [
            {
              "@type": ["Product"],
              name: "Test strips",
              offers: {
                "@type": "AggregateOffer",
                lowPrice: 99,
                highPrice: "199.00",
                availability: "OutOfStock",
              },
            },
          ],
        },
      ]),
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.price).toBe("99");
    expect(listing.priceRange).toEqual({ low: "99", high: "199.00" });
    expect(listing.availability).toBe("OutOfStock");
  });

  it("reads ProductGroup variants and priceSpecification, keeping list prices apart", () => {
    const html = page(
      jsonLd({
        "@type": "ProductGroup",
        name: "血压计",
        hasVariant: [
          {
            "@type": "Product",
            name: "血压计 A",
            offers: {
              "@type": "Offer",
              priceSpecification: [
                { "@type": "UnitPriceSpecification", price: 399, priceType: "https://schema.org/ListPrice" },
                { "@type": "UnitPriceSpecification", price: 2.5, referenceQuantity: { value: 100 } },
                { "@type": "UnitPriceSpecification", price: 299, priceCurrency: "CNY" },
              ],
              availability: "http://schema.org/InStock",
            },
          },
        ],
      }),
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.price).toBe("299");
    expect(listing.listPrice).toBe("399");
    expect(listing.currency).toBe("CNY");
    expect(listing.title).toBe("血压计");
  });

  it("takes in stock when any variant offer is, and tolerates broken blocks", () => {
    const html = page(
      `<script type="application/ld+json">{ broken json,,, </script>` +
        jsonLd({ "@type": "Product", name: "A", offers: { price: "10", availability: "OutOfStock" } }) +
        jsonLd({ "@type": "Product", name: "A red", offers: { price: "10", availability: "InStock" } }),
    );
    expect(extractListing(html, URL_GENERIC)).toMatchObject({ price: "10", availability: "InStock" });
  });
});

describe("microdata and meta", () => {
  it("reads itemprop price, currency and availability", () => {
    const html = page(
      "",
      `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Glucometer</h1>
        <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
          <del itemprop="price" content="59.00">59.00</del>
          <span itemprop="price" content="49.90">€49,90</span><meta itemprop="priceCurrency" content="EUR">
          <link itemprop="availability" href="https://schema.org/InStock"></div></div>`,
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing).toMatchObject({
      title: "Glucometer",
      price: "49.90",
      currency: "EUR",
      availability: "InStock",
    });
    expect(listing.sources.price).toBe("microdata");
  });

  it("reads product meta and prefers the sale price", () => {
    const html = page(
      `<meta property="og:title" content="Lancets 100">
       <meta property="product:original_price:amount" content="30.00">
       <meta property="product:price:amount" content="25.00">
       <meta property="product:sale_price:amount" content="19.90">
       <meta property="product:price:currency" content="USD">
       <meta property="product:availability" content="oos">`,
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing).toMatchObject({
      price: "19.90",
      listPrice: "30.00",
      currency: "USD",
      availability: "OutOfStock",
    });
    expect(listing.sources).toMatchObject({ price: "meta", title: "opengraph" });
  });
});

describe("CSS profiles and traps", () => {
  const jd = "https://item.jd.com/100012345.html";

  it("applies the built-in JD profile and never takes the strike-through price", () => {
    const html = page(
      "<title>安可血糖试纸50片 - 京东</title>",
      `<div class="sku-name">安可血糖试纸 50片*2盒 国械注准20193070123</div>
       <div class="summary-price"><span class="p-price"><span>￥</span><span class="price">159.00</span></span>
       <span class="pricing">[<del id="page_origin_price">￥199.00</del>]</span></div>
       <div id="summary-quan"><span class="quan-item">满199减20</span></div>
       <div class="J-hove-wrap"><div class="name"><a href="//mall.jd.com/index-10001.html">康恒医疗器械专营店</a></div></div>
       <div id="store-prompt"><strong>有货</strong></div>
       <div>发货地：上海</div>`,
    );
    const listing = extractListing(html, jd);
    expect(listing).toMatchObject({
      title: "安可血糖试纸 50片*2盒 国械注准20193070123",
      price: "159",
      listPrice: "199",
      seller: "康恒医疗器械专营店",
      sellerId: "10001",
      availability: "InStock",
      packSize: 50,
      shipFrom: "上海",
    });
    expect(listing.promotions).toContain("满199减20");
    expect(listing.identifiers).toContain("国械注准20193070123");
    expect(listing.sources).toMatchObject({ price: "css-profile", seller: "css-profile", shipFrom: "text" });
  });

  it("uses an explicit channel profile, with attr and pattern", () => {
    const html = page(
      "",
      `<h2 class="t">Strips</h2><b class="now">¥ 88</b><a class="shop" href="/s?id=777">Shop A</a>`,
    );
    const listing = extractListing(html, "https://other.example.cn/x", {
      title: ".t",
      price: ".now",
      seller: ".shop",
      sellerId: { selector: ".shop", attr: "href", pattern: "id=(\\d+)" },
    });
    expect(listing).toMatchObject({ title: "Strips", price: "88", seller: "Shop A", sellerId: "777" });
  });

  it("skips original, recommended and per-unit prices in markup", () => {
    const html = page(
      "<title>Blood glucose strips 50</title>",
      `<h1>Blood glucose strips 50</h1>
       <div class="price-box"><span class="old-price">$40.00</span> <del class="price">$42.00</del>
         <span class="rrp-price">RRP $45.00</span> <span class="unit-price">$0.60 / unit</span>
         <span class="price">$29.99</span></div>
       <button class="add-to-cart">Add to cart</button>`,
    );
    expect(extractListing(html, URL_GENERIC)).toMatchObject({ price: "29.99", availability: "InStock" });
  });

  it("takes the low end of a shown range", () => {
    const html = page("<title>试纸</title>", `<h1>试纸</h1><span class="price">¥99-¥199</span>`);
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.price).toBe("99");
    expect(listing.priceRange).toEqual({ low: "99", high: "199" });
  });
});

describe("availability from text", () => {
  it("believes a sold-out statement over a template's add-to-cart button", () => {
    const html = page(
      "<title>血糖仪</title>",
      `<h1>血糖仪</h1><span class="price">¥199</span><p>该商品已售罄</p><button class="add-to-cart">加入购物车</button>`,
    );
    expect(extractListing(html, URL_GENERIC).availability).toBe("OutOfStock");
  });

  it("ignores hidden sold-out templates and reads English statements", () => {
    const html = page(
      "<title>Meter</title>",
      `<h1>Meter</h1><span class="price">$19</span><p style="display:none">Sold out</p><p>In stock</p>`,
    );
    expect(extractListing(html, URL_GENERIC).availability).toBe("InStock");
    const out = page("<title>Meter</title>", `<h1>Meter</h1><div>Currently unavailable.</div>`);
    expect(extractListing(out, URL_GENERIC).availability).toBe("OutOfStock");
  });

  it("is null when nothing states it", () => {
    expect(
      extractListing(page("<title>Meter</title>", "<h1>Meter</h1><p>Nice</p>"), URL_GENERIC).availability,
    ).toBe(null);
  });
});

describe("hostile input", () => {
  it("never throws and stays within the schema", () => {
    const deep = `${"<div>".repeat(50_000)}x${"</div>".repeat(10)}`;
    const hugeAttr = `<meta property="og:title" content="${"A".repeat(2_000_000)}">`;
    const inputs = [
      "",
      "<<<<<<<<<<",
      "<script>".repeat(10_000),
      deep,
      hugeAttr,
      page("<title><script>alert(1)</script>Buy</title>", "<h1><script>alert(1)</script>Title</h1>"),
      page(jsonLd({ "@type": "Product", name: "x".repeat(5000), offers: { price: "1e400" } })),
      page(`<script type="application/ld+json">${"[".repeat(100_000)}</script>`),
      null as unknown as string,
    ];
    for (const html of inputs) {
      const listing = extractListing(html, URL_GENERIC);
      expect(ExtractedListingSchema.safeParse(listing).success).toBe(true);
      expect(listing.pageText).not.toContain("alert(1)");
    }
  });

  it("bounds page text to 20,000 characters without tags or scripts", () => {
    const html = page("", `<p>${"药 ".repeat(30_000)}</p><script>var secret=1</script>`);
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.pageText.length).toBeLessThanOrEqual(20_000);
    expect(listing.pageText).not.toContain("secret");
  });
});

describe("extraction report", () => {
  it("leads with the contract fields and says where each came from", () => {
    const html = page(jsonLd({ "@type": "Product", name: "A", offers: { price: 5, priceCurrency: "CNY" } }));
    const report = toExtractionReport(extractListing(html, URL_GENERIC));
    expect(Object.keys(report).slice(0, 6)).toEqual([
      "price",
      "currency",
      "availability",
      "title",
      "seller",
      "sources",
    ]);
    expect(report).toMatchObject({ price: "5", currency: "CNY", title: "A", sources: { price: "json-ld" } });
  });
});
