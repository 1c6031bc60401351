import { load } from "cheerio/slim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCssProfile } from "../../functions/extract/css-profile.js";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { fromChannelProfile } from "../../functions/extract/site-profile.js";
import { siteProfiles } from "../../functions/extract/site-profiles/registry.js";
import { compileSelector } from "../../functions/html/css-matcher.js";
import { decodeLikeParser } from "../../functions/html/html-entities.js";
import { DeepDocument, MarkupTree, NeedsDom } from "../../functions/html/markup-tree.js";
import { cheerioView, type MarkupView, treeView } from "../../functions/html/markup-view.js";

// The DOM-free reading must give exactly what cheerio (htmlparser2) gives. These documents are
// built to break a naive tag matcher: implied end tags, stray and void end tags, raw-text and
// foreign elements, self-closing syntax, quoted `>`, comments and declarations of every shape,
// upper-case names and character references in text and attributes.

function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

const TAGS = [
  "div",
  "span",
  "p",
  "li",
  "ul",
  "td",
  "tr",
  "table",
  "tbody",
  "h1",
  "h2",
  "a",
  "em",
  "del",
  "s",
  "dd",
  "dt",
  "option",
  "select",
  "section",
  "svg",
  "math",
  "title",
  "textarea",
  "script",
  "style",
  "br",
  "img",
  "input",
  "DIV",
  "Span",
  "P",
  "template",
  "xmp",
  "foreignObject",
  "path",
  "header",
  "footer",
  "hr",
  "button",
];
const CLASSES = [
  "price",
  "sale-price",
  "price-box",
  "list-price",
  "shop-name",
  "seller-block",
  "stock-status",
  "product-title",
  "p-price",
  "old-price",
  "coupon",
  "sku-name",
  "Price--priceText--x",
];
const TEXTS = [
  "¥199.00",
  "原价 ¥299",
  "有货",
  "无货",
  "暂无报价",
  "a < b",
  "x > y",
  "&amp;",
  "&nbsp;",
  "&lt;b&gt;",
  "&#165;12",
  "&#x4e2d;",
  "&yen",
  "&copy2",
  "&amp",
  "&#0;",
  "&#x80;",
  "  \n ",
  "12.5/片",
  "到手价",
  "",
];
const MARKUP = [
  "<!-- c -->",
  "<!-->",
  "<!--->",
  "<!-x>",
  "<!->x>",
  "<!DOCTYPE html>",
  "<?php x ?>",
  "<![CDATA[ y ]]>",
  "<![x>",
  "</>",
  "</ div>",
  "</3>",
  "<!>",
  "</br>",
  "</p>",
  "</span>",
  "</DIV>",
  "< p>",
  "<>",
];

function attribute(g: ReturnType<typeof generator>): string {
  const r = g.next();
  if (r < 0.3) return ` class="${g.pick(CLASSES)}${g.next() < 0.3 ? ` ${g.pick(CLASSES)}` : ""}"`;
  if (r < 0.4) return ` class=${g.pick(CLASSES)}`;
  if (r < 0.45) return ` CLASS='${g.pick(CLASSES)}'`;
  if (r < 0.5) return ` id="${g.pick(["availability", "J_PromoPrice", "jd-price"])}"`;
  if (r < 0.55) return ` style="${g.pick(["display:none", "text-decoration: line-through", "color:red"])}"`;
  if (r < 0.6) return " hidden";
  if (r < 0.65)
    return ` data-shop-id="${Math.floor(g.next() * 1000)}" href="/shop/index-7.html?shopId=7&amp;x=1"`;
  if (r < 0.7) return ` title="a>b"`;
  if (r < 0.73) return ` class="sale&#45;price"`;
  if (r < 0.76) return ` class="p&#x2d;price"`;
  if (r < 0.78) return ` data-x="&amp;&ampx=&copy"`;
  if (r < 0.8) return " /";
  if (r < 0.82) return ` a=b c = "d" e`;
  return "";
}

function node(g: ReturnType<typeof generator>, depth: number): string {
  const r = g.next();
  if (depth > 7 || r < 0.3) return g.pick(TEXTS);
  if (r < 0.35) return g.pick(MARKUP);
  const tag = g.pick(TAGS);
  let inner = "";
  for (let i = Math.floor(g.next() * 4); i > 0; i--) inner += node(g, depth + 1);
  const close =
    g.next() < 0.8 ? `</${g.next() < 0.1 ? tag.toUpperCase() : tag}${g.next() < 0.1 ? " x" : ""}>` : "";
  return `<${tag}${attribute(g)}${attribute(g)}${g.next() < 0.1 ? "/" : ""}>${inner}${close}`;
}

function documentFor(seed: number): string {
  const g = generator(seed);
  let html = "";
  for (let i = 1 + Math.floor(g.next() * 8); i > 0; i--) html += node(g, 0);
  return html;
}

const SELECTORS = [
  "div",
  "p",
  "li",
  "span",
  "td",
  "a",
  "h1",
  "h2",
  "*",
  "br",
  "title",
  "textarea",
  "path",
  ".price",
  '[class*="price" i]',
  ".price-box .sale-price",
  "div > span",
  "ul li",
  "select option",
  "[data-shop-id]",
  "#availability",
  "[class~=price]",
  "[class^=sale]",
  "[class$=price]",
  "[id|=J]",
  "[CLASS=price]",
  "table td, h1, .coupon",
];

function describeAll<E>(view: MarkupView<E>, css: string): string[] {
  return [...view.select(css)].map((el) => {
    const parent = view.parentTag(el);
    return JSON.stringify([
      view.tagName(el),
      view.text(el, 300),
      view.labelBefore(el),
      view.fullText(el),
      view.attr(el, "class") ?? null,
      view.attr(el, "href") ?? null,
      parent === null ? null : view.tagName(parent),
    ]);
  });
}

describe("MarkupTree", () => {
  it("selects, reads text and attributes exactly as cheerio does", () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const html = documentFor(seed);
      const dom = cheerioView(load(html, { xml: { xmlMode: false, decodeEntities: true } }));
      const tree = treeView(new MarkupTree(html));
      for (const css of SELECTORS) {
        let got: string[];
        try {
          got = describeAll(tree, css);
        } catch (error) {
          // A reference outside the table: the extractor reads that page through the DOM.
          if (error instanceof NeedsDom) continue;
          throw error;
        }
        expect(got, `${css} in ${html}`).toEqual(describeAll(dom, css));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(8000);
  });

  it("reads CSS profiles exactly as the DOM path does", () => {
    const profiles = [
      ...siteProfiles,
      fromChannelProfile({
        title: "h1.product-title",
        price: ".price-box .sale-price",
        listPrice: ".price-box .list-price",
        seller: ".seller-block .shop-name",
        sellerId: { selector: ".seller-block .shop-name", attr: "data-shop-id" },
        stock: ".stock-status",
      }),
    ];
    for (let seed = 1000; seed < 1300; seed++) {
      const html = documentFor(seed);
      const dom = cheerioView(load(html, { xml: { xmlMode: false, decodeEntities: true } }));
      for (const profile of profiles) {
        let got: unknown;
        try {
          got = applyCssProfile(treeView(new MarkupTree(html)), profile);
        } catch (error) {
          if (error instanceof NeedsDom) continue;
          throw error;
        }
        expect(got, `${profile.name} on ${html}`).toEqual(applyCssProfile(dom, profile));
      }
    }
  });

  it("refuses documents nested deeper than the DOM path accepts", () => {
    const tree = treeView(new MarkupTree(`${"<div>".repeat(500)}<span class="price">¥1</span>`));
    expect(() => [...tree.select(".price")]).toThrow(DeepDocument);
    // As on the DOM path, such a page gets no markup reading at all (and no error).
    const page = `<html><body>${"<div>".repeat(5000)}<h1>x</h1></body></html>`;
    expect(extractListing(page, "https://shop.example/item/1", "jd").title).toBeNull();
  });

  it("reads only as far into the page as the first match needs", () => {
    const html = `<div class="price">¥1</div>${"<p>filler</p>".repeat(10_000)}`;
    const tree = new MarkupTree(html);
    const first = treeView(tree).select(".price")[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(tree.complete).toBe(false);
  });
});

describe("compileSelector", () => {
  it("leaves pseudo-classes, sibling combinators and namespaces to the DOM", () => {
    for (const css of ["li:first-child", "h1 + p", "h1 ~ p", "a:contains(x)", "svg|path", ".a:not(.b)"])
      expect(compileSelector(css).kind, css).toBe("unsupported");
    expect(compileSelector("<div>").kind).toBe("unsupported");
    expect(compileSelector("[unclosed").kind).toBe("invalid");
    expect(compileSelector(".a .b > c, [x*='y' i]").kind).toBe("selector");
  });
});

describe("decodeLikeParser", () => {
  const samples = [
    "&amp;",
    "&amp",
    "&ampx",
    "&amp=",
    "&copy2",
    "&notit",
    "&nbsp;x",
    "&#65",
    "&#x41x",
    "&#;",
    "&#0;",
    "&#x80;",
    "&#x9D;",
    "&#xD800;",
    "&#x110000;",
    "&#99999999999;",
    "&yen",
    "&frac12x",
    "&hellip;",
    "&AMP;",
    "&QUOT",
    "a&b",
    "&",
    "&;",
    "&euro",
    "&lt;b&gt;",
  ];

  function parserText(sample: string): string {
    return load(`<p>${sample}</p>`, { xml: { xmlMode: false, decodeEntities: true } })("p").text();
  }

  function parserAttribute(sample: string): string | undefined {
    const $ = load(`<p title="${sample.replace(/"/g, "&quot;")}"></p>`, {
      xml: { xmlMode: false, decodeEntities: true },
    });
    return $("p").attr("title");
  }

  it("decodes text and attribute values as htmlparser2 does", () => {
    for (const sample of [
      ...samples,
      "&notin;",
      "&notin",
      "a&notin",
      "&amp;&Omega;",
      "&NotNestedGreaterGreater;",
    ]) {
      expect(decodeLikeParser(sample, false), sample).toBe(parserText(sample));
      expect(decodeLikeParser(sample, true), sample).toBe(parserAttribute(sample));
    }
  });

  it("agrees with htmlparser2 on generated references", () => {
    const name = fc.constantFrom(
      "amp",
      "AMP",
      "notin",
      "not",
      "copy",
      "yen",
      "frac12",
      "Omega",
      "nbsp",
      "lt",
      "xyz",
    );
    const reference = fc.oneof(
      fc.tuple(name, fc.constantFrom("", ";", "x", "=", "1")).map(([n, end]) => `&${n}${end}`),
      fc
        .tuple(fc.integer({ min: 0, max: 0x11ffff }), fc.boolean(), fc.constantFrom("", ";"))
        .map(([cp, hex, end]) => `&#${hex ? `x${cp.toString(16)}` : cp}${end}`),
    );
    const sample = fc
      .array(fc.oneof(reference, fc.constantFrom("a", " ", "价", "&", "<i>")), { maxLength: 6 })
      .map((parts) => parts.join("").replace(/</g, "&lt;"));
    fc.assert(
      fc.property(sample, (s) => {
        expect(decodeLikeParser(s, false)).toBe(parserText(s));
        expect(decodeLikeParser(s, true)).toBe(parserAttribute(s));
      }),
    );
  });
});
