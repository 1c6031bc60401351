import { describe, expect, it } from "vitest";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { toExtractionReport } from "../../functions/extract/extraction-report.js";
import { findFurniture, isFurnitureClass } from "../../functions/extract/page-furniture.js";
import { MarkupTree } from "../../functions/html/markup-tree.js";

const URL = "https://pharmacy.example.cn/goods/1001.html";
const TITLE = "安可 血糖试纸 50片";
const page = (body: string, title = TITLE) =>
  `<!doctype html><html><head><title>${title} - 某某大药房</title></head><body>${body}</body></html>`;
const buyBox = (inner: string, title = TITLE) =>
  `<div class="wrap"><div class="left"><h1>${title}</h1>${inner}<button>加入购物车</button><button>立即购买</button></div></div>`;
const cards = (n: number, extra = "") =>
  Array.from(
    { length: n },
    (_, i) =>
      `<li><a href="/goods/${2000 + i}.html">别家试纸 ${i + 1}</a><em>¥${10 + i}.50</em>${extra}</li>`,
  ).join("");

describe("page furniture", () => {
  it("recognizes off-product class tokens, not the product's own block", () => {
    for (const value of [
      "recommend-list",
      "J_Reviews",
      "guessYouLike",
      "shop-header",
      "mod-qa",
      "side bar sidebar",
    ])
      expect(isFurnitureClass(value), value).toBe(true);
    for (const value of [
      "product-info review",
      "price",
      "summary",
      "recording",
      "header-title-product",
      "navy",
    ])
      expect(isFurnitureClass(value), value).toBe(false);
  });

  it("finds a block by its heading alone, whatever its class names", () => {
    const html = page(
      `${buyBox('<span class="price">¥59.00</span>')}<div class="zz9"><div class="q1"><b>看了又看</b></div><ul class="q2">${cards(2)}</ul></div><div class="desc">说明书 国药准字H00000001</div>`,
    );
    const tree = new MarkupTree(html);
    const heading = tree.named("h1")[0]!;
    const furniture = findFurniture(tree, heading);
    const block = html.indexOf('<div class="zz9"');
    expect(furniture.covers(block)).toBe(true);
    expect(furniture.covers(html.indexOf('<span class="price"'))).toBe(false);
    expect(furniture.covers(html.indexOf('<div class="desc"'))).toBe(false);
  });

  it("finds a grid of cards by its prices and links alone", () => {
    const html = page(
      `${buyBox('<span class="price">¥59.00</span>')}<div class="x"><ul class="y">${cards(4)}</ul></div>`,
    );
    const tree = new MarkupTree(html);
    const furniture = findFurniture(tree, tree.named("h1")[0]!);
    expect(furniture.covers(html.indexOf('<ul class="y"'))).toBe(true);
    expect(furniture.covers(html.indexOf("<h1>"))).toBe(false);
  });
});

describe("promotions come from the product block only", () => {
  it("records a multi-buy in the title as a claim, never as a promotion", () => {
    const title = "【买2送1】安可 血糖试纸 50片";
    const html = page(buyBox('<span class="price">¥59.00</span>', title), title);
    const listing = extractListing(html, URL);
    expect(listing.price).toBe("59");
    expect(listing.promotions).toEqual([]);
    expect(listing.promotionClaims?.[0]).toMatch(/^买2送1/);
  });

  it("ignores promotions in other products' titles in sidebars, by heading or by class", () => {
    for (const sidebar of [
      `<div class="m1"><h3>店铺热销</h3><ul>${cards(2, "<p>【买2送1】满199减20</p>")}</ul></div>`,
      `<div class="tuijian"><p>满199减20 第二件半价</p></div>`,
      `<aside><p>限时秒杀 满99减10</p></aside>`,
    ]) {
      const listing = extractListing(page(`${buyBox('<span class="price">¥59.00</span>')}${sidebar}`), URL);
      expect(listing.promotions, sidebar).toEqual([]);
      expect(listing.price).toBe("59");
    }
  });

  it("keeps the product block's own promotion", () => {
    const listing = extractListing(
      page(buyBox('<span class="price">¥59.00</span><p>店铺优惠：满100减10</p>')),
      URL,
    );
    expect(listing.promotions.join(" ")).toContain("满100减10");
  });
});

describe("no price wins", () => {
  const noise = `<div class="c1"><h3>商品评价</h3><p>才¥29.90，价格实惠</p></div><div class="c2"><h3>问大家</h3><p>答：价格 ¥35</p></div><div class="c3"><h3>相似商品</h3><ul>${cards(3)}</ul></div>`;

  it("takes no amount from elsewhere when the price slot shows a placeholder", () => {
    for (const slot of ["暂无报价", "价格待定", "到店咨询", "登录查看价格", "价格：暂无报价"]) {
      const listing = extractListing(
        page(`${buyBox(`<div class="price-box"><span class="price">${slot}</span></div>`)}${noise}`),
        URL,
      );
      expect(listing.price, slot).toBeNull();
      expect(toExtractionReport(listing).reasons?.price, slot).toContain(slot);
    }
  });

  it("takes no amount when the slot is empty and the page's script fills it", () => {
    const listing = extractListing(
      page(`${buyBox('<strong class="price" id="J-price"></strong>')}${noise}`),
      URL,
    );
    expect(listing.price).toBeNull();
    expect(toExtractionReport(listing).reasons?.price).toContain("empty");
  });

  it("takes no amount when the product block's text says so where the price would be", () => {
    const listing = extractListing(page(`${buyBox("<p>价格：到店咨询</p>")}${noise}<p>邮费 ¥8</p>`), URL);
    expect(listing.price).toBeNull();
  });

  it("still reads a price the slot holds", () => {
    const listing = extractListing(page(`${buyBox('<span class="price">¥59.00</span>')}${noise}`), URL);
    expect(listing.price).toBe("59");
  });
});

describe("the offer that describes this listing", () => {
  const ld = (product: Record<string, unknown>) =>
    `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "Product", name: TITLE, ...product })}</script>`;

  it("is in stock at the buyable offer's price when the first offer is sold out", () => {
    const html = page(
      `${ld({
        offers: [
          {
            "@type": "Offer",
            price: "49.00",
            priceCurrency: "CNY",
            availability: "https://schema.org/OutOfStock",
          },
          {
            "@type": "Offer",
            price: "59.00",
            priceCurrency: "CNY",
            availability: "https://schema.org/InStock",
          },
        ],
      })}<h1>${TITLE}</h1>`,
    );
    expect(extractListing(html, URL)).toMatchObject({ price: "59.00", availability: "InStock" });
  });

  it("is the variant the URL names", () => {
    const offers = [
      {
        "@type": "Offer",
        sku: "SKU-30",
        price: "39.00",
        priceCurrency: "CNY",
        availability: "https://schema.org/InStock",
      },
      {
        "@type": "Offer",
        sku: "SKU-50",
        price: "59.00",
        priceCurrency: "CNY",
        availability: "https://schema.org/OutOfStock",
      },
    ];
    const html = page(`${ld({ offers })}<h1>${TITLE}</h1>`);
    expect(extractListing(html, "https://shop.example.com/p/strips?variant=SKU-50")).toMatchObject({
      price: "59.00",
      availability: "OutOfStock",
    });
    expect(extractListing(html, "https://shop.example.com/p/strips?variant=SKU-30")).toMatchObject({
      price: "39.00",
      availability: "InStock",
    });
  });

  it("is the current sale price over the regular one", () => {
    const offers = {
      "@type": "Offer",
      price: "59.00",
      priceCurrency: "CNY",
      availability: "https://schema.org/InStock",
      priceSpecification: [
        {
          "@type": "UnitPriceSpecification",
          priceType: "https://schema.org/SalePrice",
          price: "49.00",
          validThrough: "2099-01-01",
        },
        {
          "@type": "UnitPriceSpecification",
          priceType: "https://schema.org/SalePrice",
          price: "9.00",
          validThrough: "2001-01-01",
        },
      ],
    };
    const listing = extractListing(page(`${ld({ offers })}<h1>${TITLE}</h1>`), URL);
    expect(listing).toMatchObject({ price: "49.00", listPrice: "59.00" });
  });

  it("is the sale price in microdata that marks a regular price too", () => {
    const html = page(
      `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">${TITLE}</h1><div itemprop="offers" itemscope itemtype="https://schema.org/Offer">Regular price <span itemprop="price" content="59.00">¥59.00</span> Sale <span class="sale" itemprop="price" content="49.00">¥49.00</span><link itemprop="availability" href="https://schema.org/InStock"></div></div>`,
    );
    expect(extractListing(html, URL).price).toBe("49.00");
  });

  it("is in stock when only one size in the size list is sold out", () => {
    const html = page(
      buyBox(
        '<span class="price">¥59.00</span><ul class="sku-list"><li>25片</li><li>50片</li><li>100片 缺货</li></ul>',
      ),
    );
    expect(extractListing(html, URL).availability).toBe("InStock");
  });
});

describe("failure classes the independent scenario generator found", () => {
  it("a recommendation column before a JD product block leaves its price alone", () => {
    const html = `<html><head><title>瑞宁 阿司匹林肠溶片 0.1g×100片×2盒-京东</title></head><body><div class="w"><div id="aside" class="aside"><div class="jd-reco"><h3>店铺热销</h3><ul><li><a href="#r">可孚医用采血针 100支</a><div class="jd-reco-price"><strong>¥19.90</strong></div></li></ul></div></div><div class="product-intro clearfix"><div class="itemInfo-wrap"><div class="sku-name">瑞宁 阿司匹林肠溶片 0.1g×100片×2盒</div><div class="summary-price J-summary-price"><div class="dd"><span class="p-price"><span>￥</span><span class="price J-p-301004">87.00</span></span></div></div></div></div></div></body></html>`;
    expect(extractListing(html, "https://item.jd.com/301004.html").price).toBe("87");
  });

  it("a 'similar items' coupon banner is not this listing's promotion", () => {
    const html = page(
      `<h1 class="goods-name">${TITLE}</h1><div class="goods-price"><span class="price">86.00</span></div><div class="ah-banner">相似商品热卖 券后低至¥47.30</div>`,
    );
    const listing = extractListing(html, URL);
    expect(listing).toMatchObject({ price: "86", promotions: [] });
  });

  it("a Tmall price labelled 券后 is the stated final price, not the listed one", () => {
    const html = `<html><head><title>${TITLE}</title></head><body><h1>${TITLE}</h1><div class="Price--root--a1"><div class="Price--extraPrice--b2"><span class="Price--extraPriceTitle--c3">券后</span><span class="Price--priceText--d4">146.00</span></div><div class="Price--highlightPrice--e5"><span class="Price--priceText--f6">180.00</span></div></div></body></html>`;
    const listing = extractListing(html, "https://detail.tmall.com/item.htm?id=1");
    expect(listing.price).toBe("180");
    expect(listing.promotions).toContain("券后¥146");
  });
});
