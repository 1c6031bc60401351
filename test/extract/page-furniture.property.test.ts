import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractListing } from "../../functions/extract/extract-listing.js";

/**
 * Furniture recognized by one signal at a time (a heading, a class token, a landmark, a grid of
 * cards), in other class names, languages and nestings than the code was written against.
 */
const URL = "https://shop.example.cn/item/7788.html";
const neutral = fc.constantFrom("box", "wrap2", "col", "panel", "m-a", "blk", "c9", "zone", "area-1", "w");
const headingText = fc.constantFrom(
  "看了又看",
  "猜你喜欢",
  "店铺热销",
  "为你推荐",
  "相关推荐",
  "同类推荐",
  "热销榜",
  "排行榜",
  "大家都在买",
  "看过此商品的人还看了",
  "商品评价(2000+)",
  "累计评价 99+",
  "用户评论",
  "买家秀",
  "问大家",
  "商品问答",
  "常见问题",
  "Customers also bought",
  "You may also like",
  "Related products",
  "Reviews (12)",
  "Q&A",
);
const headingTag = fc.constantFrom("h2", "h3", "h4", "div", "span", "b", "p", "strong");
const furnitureClass = fc.constantFrom(
  "recommend",
  "related-goods",
  "similar",
  "reviews",
  "comment-list",
  "rate-grid",
  "qa",
  "questions",
  "footer",
  "sidebar",
  "shop-header",
  "guessYouLike",
);
const landmark = fc.constantFrom("aside", "footer", "nav");
const amount = fc
  .integer({ min: 1, max: 99_999 })
  .map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`);
const strangerText = fc.constantFrom(
  "【买2送1】",
  "满199减20",
  "第二件半价",
  "限时秒杀",
  "已售罄",
  "缺货",
  "out of stock",
  "国药准字H20190001",
  "价格实惠 2025-02-22 11:03",
  "领券满99减10",
  "",
);

/** Another product's card: its own link, price and text. */
const card = fc
  .record({ id: fc.integer({ min: 1, max: 20 }), price: amount, extra: strangerText, labelled: fc.boolean() })
  .map(
    ({ id, price, extra, labelled }) =>
      `<li><a href="/item/${id}.html">别家商品 ${id} ${extra}</a><span>${labelled ? "价格：" : ""}¥${price}</span></li>`,
  );
const cards = fc.array(card, { minLength: 3, maxLength: 6 }).map((c) => `<ul>${c.join("")}</ul>`);
/** A review or an answer: a price, a promotion, a stock word and a date in running text. */
const prose = fc
  .record({ price: amount, extra: strangerText })
  .map(({ price, extra }) => `<p>买了三次，才¥${price}，${extra} 价格：${price}元 发布于 2025-02-22</p>`);
const content = fc.oneof(cards, prose);

const furniture = fc.oneof(
  fc
    .record({
      outer: neutral,
      inner: neutral,
      tag: headingTag,
      text: headingText,
      body: content,
      nested: fc.boolean(),
    })
    .map(({ outer, inner, tag, text, body, nested }) =>
      nested
        ? `<div class="${outer}"><div class="${inner}"><${tag}>${text}</${tag}></div><div>${body}</div></div>`
        : `<div class="${outer}"><${tag}>${text}</${tag}>${body}</div>`,
    ),
  fc
    .record({ extra: neutral, token: furnitureClass, body: content })
    .map(({ extra, token, body }) => `<div class="${extra} ${token}">${body}</div>`),
  fc.record({ tag: landmark, body: content }).map(({ tag, body }) => `<${tag}>${body}</${tag}>`),
  fc.record({ outer: neutral, body: cards }).map(({ outer, body }) => `<div class="${outer}">${body}</div>`),
);

const priceSlot = fc.constantFrom("price", "p-price", "sale-price", "J-price", "goods-price");
const listing = fc.record({
  title: fc.constantFrom(
    "安可 血糖试纸 50片",
    "Accu meter strips 50 count",
    "维生素C片 100片/瓶",
    "医用口罩 10只",
  ),
  price: amount,
  slot: priceSlot,
  promotion: fc.constantFrom("", "<p>本店活动：满100减10</p>", "<p>Coupon: 10% off</p>"),
  stock: fc.constantFrom("", "<p>库存：有货</p>", "<p>库存：缺货</p>", "<p>In stock</p>"),
});
type Listing = typeof listing extends fc.Arbitrary<infer T> ? T : never;

function productBlock(l: Listing, priceMarkup: string): string {
  return `<div class="main"><h1>${l.title}</h1><div class="pbox">${priceMarkup}</div>${l.promotion}${l.stock}<button>加入购物车</button></div>`;
}

/** The page with furniture blocks placed before, after or beside the product block. */
function pageWith(l: Listing, priceMarkup: string, blocks: readonly [string, 0 | 1 | 2][]): string {
  const at = (where: 0 | 1 | 2) =>
    blocks
      .filter(([, w]) => w === where)
      .map(([b]) => b)
      .join("");
  return `<!doctype html><html><head><title>${l.title} - 店</title></head><body>${at(0)}<div class="wrap">${productBlock(l, priceMarkup)}${at(1)}</div>${at(2)}</body></html>`;
}

const placed = fc.array(fc.tuple(furniture, fc.constantFrom<0 | 1 | 2>(0, 1, 2)), {
  minLength: 1,
  maxLength: 4,
});
const facts = (html: string) => {
  const { price, promotions, availability, packSize } = extractListing(html, URL);
  return { price, promotions, availability, packSize };
};

describe("page furniture (property)", () => {
  it("adding recommendations, reviews or Q&A never changes price, promotions, stock or pack count", () => {
    fc.assert(
      fc.property(listing, placed, (l, blocks) => {
        const slot = `<span class="${l.slot}">¥${l.price}</span>`;
        const alone = facts(pageWith(l, slot, []));
        expect(Number(alone.price)).toBe(Number(l.price));
        expect(facts(pageWith(l, slot, blocks))).toEqual(alone);
      }),
      { numRuns: 80 },
    );
  });

  it("a page whose only price-like strings are outside the main block has no price", () => {
    const silentSlot = fc.constantFrom(
      "",
      '<span class="price"></span>',
      '<span class="price">暂无报价</span>',
      "<p>价格：到店咨询</p>",
    );
    fc.assert(
      fc.property(listing, silentSlot, placed, (l, slot, blocks) => {
        expect(extractListing(pageWith(l, slot, blocks), URL).price).toBeNull();
      }),
      { numRuns: 80 },
    );
  });
});
